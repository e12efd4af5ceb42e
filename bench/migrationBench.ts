/**
 * A 1,000-file migration planned as ONE file group (bench/README.md, "Migration"): each run in its own process
 * (`migrationChild.ts`), at N = 100 and N = 1,000 callers, against the mock's fixed latency and token-bucket rate
 * limit. Rows: the workers' window against the rate limit's ideal, the orchestrator's output tokens (and their
 * growth from N = 100 to 1,000), subtasks lost or run twice at the mock, and the run's peak RSS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Stage } from '../src/core/runTypes';
import { BENCH_DIR, REPO_ROOT } from './paths';
import type { BenchResult } from './results';

export interface MigrationJob {
  callers: number;
  latencyMs: number;
  capacity: number;
  refillPerSecond: number;
  concurrency: number;
}

export interface MigrationOutput {
  callers: number;
  /** Seconds from the dispatch stage to the merge stage: the workers' window. */
  dispatchSeconds: number;
  planSeconds: number;
  totalSeconds: number;
  stages: Partial<Record<Stage, number>>;
  planCalls: number;
  /** Output tokens of every plan answer, as the mock reports them (the scripted answer's estimate). */
  orchestratorOutputTokens: number;
  subtasks: number;
  groupMembers: number;
  /** Caller files whose worker was answered not exactly once (0 = none lost, none run twice). */
  lost: number;
  repeated: number;
  notDone: number;
  changedFiles: number;
  rateLimited: number;
  maxInFlight: number;
  /** Mean size (characters) of the worker requests the estimate counted: the prompt each worker is sent. */
  workerPromptChars: number;
  newTypeErrors: number;
  verdict: string;
  maxRssMb: number;
}

export const MIGRATION_MARKER = 'MIGRATION_RESULT ';

/** Peak RSS target for the 1,000-file run, in MB (see bench/README.md for why). */
export const MIGRATION_RSS_TARGET_MB = 1024;

export async function runMigrationChild(job: MigrationJob, timeoutMs = 240_000): Promise<MigrationOutput> {
  const script = path.join(BENCH_DIR, 'migrationChild.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(job)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const line = stdout.split('\n').find((l) => l.startsWith(MIGRATION_MARKER));
  if (code !== 0 || line === undefined) {
    const why = code === null ? `killed after ${timeoutMs / 1000}s` : `exit code ${code}`;
    throw new Error(`migration child failed (${why}): ${stderr.trim().split('\n').slice(-6).join('\n')}`);
  }
  return JSON.parse(line.slice(MIGRATION_MARKER.length)) as MigrationOutput;
}

export interface MigrationOptions {
  latencyMs: number;
  capacity: number;
  refillPerSecond: number;
  concurrency: number;
  /** The sizes run; the last is judged (wall time, RSS), the first is the growth baseline. */
  sizes: readonly [number, number];
}

/** The rate limit's bound on the workers' window: the bucket at once, then one call per refill, plus a latency. */
export function idealSeconds(
  calls: number,
  o: Pick<MigrationOptions, 'capacity' | 'refillPerSecond' | 'latencyMs'>,
): number {
  return Math.max(0, calls - o.capacity) / o.refillPerSecond + o.latencyMs / 1000;
}

export async function migrationBench(
  o: MigrationOptions,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const runs: MigrationOutput[] = [];
  for (const callers of o.sizes) {
    const out = await runMigrationChild({ callers, ...o });
    const ideal = idealSeconds(out.subtasks, o);
    log(
      `  migration N=${callers}: ${out.planCalls} plan call(s), ${out.orchestratorOutputTokens} output tokens, ` +
        `${out.groupMembers} group members → ${out.subtasks} subtasks; workers ${out.dispatchSeconds.toFixed(2)} s vs ` +
        `ideal ${ideal.toFixed(2)} s (×${(out.dispatchSeconds / ideal).toFixed(3)}), total ${out.totalSeconds.toFixed(1)} s ` +
        `(plan ${out.planSeconds.toFixed(1)} s; stages ${JSON.stringify(out.stages)}); ${out.rateLimited} 429s, ` +
        `in flight ≤ ${out.maxInFlight}; worker request ${Math.round(out.workerPromptChars)} chars; lost ${out.lost}, repeated ${out.repeated}, not done ${out.notDone}, ` +
        `${out.changedFiles} files changed, ${out.newTypeErrors} new type errors, verdict ${out.verdict}; ` +
        `peak RSS ${out.maxRssMb.toFixed(0)} MB`,
    );
    runs.push(out);
  }
  const [small, large] = runs as [MigrationOutput, MigrationOutput];
  const n = large.callers;
  const limit = `bucket ${o.capacity} + ${o.refillPerSecond}/s, latency ${o.latencyMs} ms, concurrency ${o.concurrency}`;
  return [
    {
      name: 'migration.wall_vs_ideal',
      value: large.dispatchSeconds / idealSeconds(large.subtasks, o),
      target: 1.15,
      better: 'lower',
      unit: '×',
      note: `${n} workers from one group, ${limit}`,
    },
    {
      name: 'migration.orchestrator_output_tokens',
      value: large.orchestratorOutputTokens,
      target: 2000,
      better: 'lower',
      unit: 'tokens',
      note: `${large.planCalls} plan call(s) for ${n} files`,
    },
    {
      name: 'migration.orchestrator_tokens_growth',
      value: large.orchestratorOutputTokens / small.orchestratorOutputTokens,
      target: 1,
      better: 'lower',
      unit: '×',
      note: `output tokens at N=${n} over N=${small.callers}`,
    },
    {
      name: 'migration.subtasks_lost_or_repeated',
      value: runs.reduce((sum, r) => sum + r.lost + r.repeated + Math.abs(r.subtasks - r.callers), 0),
      target: 0,
      better: 'lower',
      unit: '',
      note: 'caller files not answered exactly once at the mock, both sizes',
    },
    {
      name: 'migration.subtasks_not_done',
      value: runs.reduce((sum, r) => sum + r.notDone + Math.abs(r.changedFiles - r.callers), 0),
      target: 0,
      better: 'lower',
      unit: '',
      note: 'outcomes not done or files not changed, both sizes',
    },
    {
      name: 'migration.peak_rss',
      value: large.maxRssMb,
      target: MIGRATION_RSS_TARGET_MB,
      better: 'lower',
      unit: 'MB',
      note: `the ${n}-file run's process`,
    },
    {
      name: 'migration.worker_prompt_growth',
      value: large.workerPromptChars / small.workerPromptChars,
      target: 1.05,
      better: 'lower',
      unit: '×',
      note: `a worker's request at N=${n} over N=${small.callers} (${Math.round(large.workerPromptChars)} chars)`,
    },
    { name: 'migration.total_s', value: large.totalSeconds, target: null, better: 'lower', unit: 's' },
    { name: 'migration.429s', value: large.rateLimited, target: null, better: 'lower', unit: '' },
  ];
}
