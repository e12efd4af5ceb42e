/**
 * `npm run bench`: every benchmark of issue #6, offline after the first run (corpora are cached in
 * bench/.work/), printed as one table and written to bench/results.json. See bench/README.md.
 *
 * Knobs (environment): BENCH_REPEAT (3), BENCH_SYNTHETIC_FILES (3500, up to 10000), BENCH_LATENCY_MS
 * (100), BENCH_JITTER_MS (10), BENCH_FACTS_BUDGET_S (300: later facts rounds are skipped past it),
 * BENCH_ONLY (comma list of: facts, typecheck, dispatch, tokens, extension, incremental, ratelimit, migration). A partial run
 * replaces only its own rows in bench/results.json.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CORPORA, ensureCorpus } from './corpora';
import { dispatchBench } from './dispatchBench';
import { incrementalBench } from './incrementalBench';
import { rateLimitBench } from './rateLimitBench';
import { migrationBench } from './migrationBench';
import { extensionBench } from './extensionBench';
import { factsBench, nurseryControl, type BenchWorkspace } from './factsBench';
import { startMockPipeline } from './mockPipeline';
import { BENCH_DIR, REPO_ROOT, WORK_DIR } from './paths';
import { formatTable, meetsTarget, mergeResults, missRatio, writeResults, type BenchResult } from './results';
import { ensureSynthetic } from './synthetic';
import { openaiEstimateBench } from './openaiEstimateBench';
import { cacheShare, editVsWholeTokens, shopCopy } from './tokensBench';
import { typecheckBench } from './typecheckBench';

const env = (key: string, fallback: number): number => {
  const v = Number(process.env[key]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const REPEAT = env('BENCH_REPEAT', 3);
const SYNTHETIC_FILES = Math.min(10_000, env('BENCH_SYNTHETIC_FILES', 3500));
const LATENCY_MS = env('BENCH_LATENCY_MS', 100);
const JITTER_MS = env('BENCH_JITTER_MS', 10);
/** Facts rounds after the first stop once this much time has passed, keeping a run under 10 minutes. */
const FACTS_BUDGET_S = env('BENCH_FACTS_BUDGET_S', 300);
const ALL = 'facts,typecheck,dispatch,tokens,extension,incremental,ratelimit,migration';
const ONLY = new Set((process.env['BENCH_ONLY'] ?? ALL).split(',').map((s) => s.trim()));

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function missing(name: string, why: string): BenchResult {
  return { name, value: NaN, target: null, better: 'lower', unit: '', note: why };
}

async function workspaces(results: BenchResult[]): Promise<BenchWorkspace[]> {
  const list: BenchWorkspace[] = [];
  for (const spec of CORPORA) {
    try {
      const c = ensureCorpus(spec);
      list.push({
        id: c.id,
        root: c.root,
        tsconfig: c.tsconfig,
        fileCount: c.fileCount,
        seed: c.seed,
        second: c.second,
      });
    } catch (e) {
      results.push(missing(`facts.${spec.id}`, `skipped: ${(e as Error).message}`));
    }
  }
  for (const files of [...new Set([1000, SYNTHETIC_FILES])]) {
    const s = ensureSynthetic({ files });
    list.push({
      id: `synthetic-${files}`,
      root: s.root,
      tsconfig: s.tsconfig,
      fileCount: s.fileCount,
      seed: s.target,
      second: s.second,
    });
  }
  return list;
}

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(WORK_DIR, { recursive: true });
  const results: BenchResult[] = [];
  const timed = async (label: string, fn: () => Promise<BenchResult[]>): Promise<void> => {
    const t = performance.now();
    log(`bench: ${label} …`);
    try {
      results.push(...(await fn()));
    } catch (e) {
      results.push(missing(label, `failed: ${(e as Error).message.split('\n')[0]}`));
      log(`bench: ${label} failed: ${(e as Error).stack ?? String(e)}`);
    }
    log(`bench: ${label} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };

  if (ONLY.has('facts')) {
    const deadline = performance.now() + FACTS_BUDGET_S * 1000;
    await timed('nursery control', () => nurseryControl());
    for (const ws of await workspaces(results)) {
      await timed(`facts ${ws.id} (${ws.fileCount} files)`, () => factsBench(ws, REPEAT, deadline, log));
    }
  }
  if (ONLY.has('typecheck')) {
    const spec = CORPORA.find((c) => c.id === 'effect');
    await timed('typecheck: a small change to a central file', async () => {
      if (spec === undefined) throw new Error('effect corpus is not configured');
      return typecheckBench(ensureCorpus(spec), log);
    });
  }
  if (ONLY.has('dispatch')) {
    const pipeline = await startMockPipeline(LATENCY_MS, JITTER_MS);
    try {
      const grid = { sizes: [1, 2, 4, 8, 16, 32], concurrencies: [1, 2, 4, 8] };
      await timed('dispatch', () => dispatchBench(pipeline, grid, log));
    } finally {
      await pipeline.mock.close();
    }
  }
  if (ONLY.has('tokens')) {
    const spec = CORPORA.find((c) => c.id === 'rxjs');
    await timed('tokens: edits vs whole files', async () => {
      if (spec === undefined) throw new Error('rxjs corpus is not configured');
      return editVsWholeTokens(ensureCorpus(spec), 'Subscriber', 'Sink');
    });
    // Replies carry their own latency so the cache model knows when each response was sent.
    const pipeline = await startMockPipeline(LATENCY_MS, JITTER_MS, { delaysInReplies: true });
    try {
      await timed('tokens: prompt-cache share', async () => {
        if (spec === undefined) throw new Error('rxjs corpus is not configured');
        return cacheShare(pipeline, ensureCorpus(spec), 'Subscriber', 'Sink', 20, 4);
      });
    } finally {
      await pipeline.mock.close();
    }
    await timed('tokens: openai-compatible estimate vs reported', () => openaiEstimateBench());
  }
  if (ONLY.has('extension')) {
    await timed('extension start', () => extensionBench(REPEAT, shopCopy()));
  }

  if (ONLY.has('incremental')) {
    const s = ensureSynthetic({ files: 1000 });
    await timed(`incremental workspace (${s.fileCount} files)`, () => incrementalBench(s, log));
  }
  if (ONLY.has('ratelimit')) {
    const o = { calls: 120, concurrency: 16, latencyMs: 50, capacity: 4, refillPerSecond: 20 };
    await timed('rate-limited dispatch', () => rateLimitBench(o, log));
  }
  if (ONLY.has('migration')) {
    const o = {
      latencyMs: 50,
      capacity: 10,
      refillPerSecond: 40,
      concurrency: 16,
      sizes: [100, 1000] as const,
    };
    await timed('1,000-file migration as one group', () => migrationBench(o, log));
  }

  const out = path.join(BENCH_DIR, 'results.json');
  writeResults(out, ALL.split(',').every((b) => ONLY.has(b)) ? results : mergeResults(out, results));
  process.stdout.write(`\n${formatTable(results)}\n\n`);
  const misses = results.filter((r) => meetsTarget(r) === false);
  for (const r of misses) {
    const ratio = missRatio(r);
    process.stdout.write(
      `MISS ${r.name}: ${ratio === undefined ? 'no value' : `${ratio.toFixed(2)}× the target`}\n`,
    );
  }
  const judged = results.filter((r) => meetsTarget(r) !== undefined).length;
  process.stdout.write(
    `\n${judged - misses.length}/${judged} targets met; ${results.length} numbers in ${path.relative(REPO_ROOT, out)} ` +
      `(${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
