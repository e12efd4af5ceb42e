/**
 * Benchmark 2: capped dispatch through the real pipeline. For N subtasks and concurrency c, the wall
 * time of planRun + executeRun is compared with the ideal `plan + ceil(N/c)·latency + merge`, where plan
 * and merge are measured in the same run and latency is the mock's mean per-call latency. The mock's
 * maxInFlight proves the concurrency cap is never exceeded. A plan with dependencies (W waves of w
 * subtasks, each depending on every subtask of the wave before) has the ideal `plan + W·latency + merge`
 * (with w ≤ c): the waves cannot overlap, and nothing else should add to them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { scriptRun, timedRun, type MockPipeline, type RunScript } from './mockPipeline';
import { WORK_DIR } from './paths';
import { PromptCacheModel } from './promptCache';
import type { BenchResult } from './results';

const MAX_N = 32;

export interface DispatchOptions {
  sizes: number[];
  concurrencies: number[];
}

/** A tiny project with one module per subtask; each worker bumps its module's constant. */
function ensureDispatchWorkspace(): string {
  const root = path.join(WORK_DIR, `dispatch-${MAX_N}`);
  if (existsSync(path.join(root, 'tsconfig.json'))) return root;
  mkdirSync(path.join(root, 'src'), { recursive: true });
  for (let i = 1; i <= MAX_N; i++) {
    const id = String(i).padStart(2, '0');
    const text = `/** Module ${id}. */\nexport const LIMIT_${id} = 1;\n\nexport function limit${id}(): number {\n  return LIMIT_${id} * 2;\n}\n`;
    writeFileSync(path.join(root, 'src', `mod${id}.ts`), text);
  }
  const options = {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'preserve',
    moduleResolution: 'bundler',
    strict: true,
    types: [],
  };
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: options, include: ['src'] }, null, 2)}\n`,
  );
  return root;
}

export async function dispatchBench(
  p: MockPipeline,
  o: DispatchOptions,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const workspace = await openWorkspace(ensureDispatchWorkspace());
  const all = Array.from({ length: MAX_N }, (_, i) => `src/mod${String(i + 1).padStart(2, '0')}.ts`);
  const meanLatency = (p.latencyMs + p.jitterMs / 2) / 1000;
  const ratios: number[] = [];
  let worstInFlight = 0;
  let failed = 0;
  const grid: string[] = [];
  for (const n of o.sizes) {
    for (const c of o.concurrencies) {
      const script: RunScript = {
        workspace,
        files: all.slice(0, n),
        instruction: 'Raise every LIMIT constant from 1 to 2',
        edit: (file, before) => {
          const line = before.split('\n').find((l) => l.startsWith('export const LIMIT_')) ?? '';
          return { file, edits: [{ search: line, replace: line.replace('= 1;', '= 2;') }] };
        },
      };
      scriptRun(p, script, new PromptCacheModel());
      const run = await timedRun(p, script, { maxWorkers: MAX_N, maxConcurrency: c, budgetUsd: 100 });
      const done = run.result.outcomes.filter((x) => x.status === 'done').length;
      failed += n - done;
      const merge = run.executeSeconds - (run.stageAt.merge ?? run.executeSeconds);
      const ideal = run.planSeconds + Math.ceil(n / c) * meanLatency + merge;
      const wall = run.planSeconds + run.executeSeconds;
      ratios.push(wall / ideal);
      worstInFlight = Math.max(worstInFlight, p.mock.maxInFlight / c);
      const window = (run.stageAt.merge ?? NaN) - (run.stageAt.dispatch ?? NaN);
      grid.push(
        `N=${n} c=${c}: ${wall.toFixed(2)}s vs ideal ${ideal.toFixed(2)}s (×${(wall / ideal).toFixed(3)}); ` +
          `plan ${run.planSeconds.toFixed(2)}s, pre-dispatch ${(run.stageAt.dispatch ?? NaN).toFixed(3)}s, ` +
          `dispatch ${window.toFixed(2)}s vs ${(Math.ceil(n / c) * meanLatency).toFixed(2)}s, merge ${merge.toFixed(2)}s; ` +
          `in-flight ${p.mock.maxInFlight}, done ${done}/${n}`,
      );
    }
  }
  const waves = await wavesRun(p, workspace, all, meanLatency);
  grid.push(waves.line);
  failed += waves.failed;
  worstInFlight = Math.max(worstInFlight, waves.inFlight);
  for (const line of grid) log(`  dispatch ${line}`);
  const sorted = [...ratios].sort((a, b) => a - b);
  const cells = `${o.sizes.length}×${o.concurrencies.length} runs, latency ${p.latencyMs}±${p.jitterMs} ms`;
  return [
    {
      name: 'dispatch.wall_vs_ideal_worst',
      value: sorted[sorted.length - 1] ?? NaN,
      target: 1.1,
      better: 'lower',
      unit: '×',
      note: cells,
    },
    {
      name: 'dispatch.wall_vs_ideal_median',
      value: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      target: 1.1,
      better: 'lower',
      unit: '×',
    },
    {
      name: 'dispatch.waves_wall_vs_ideal',
      value: waves.ratio,
      target: 1.1,
      better: 'lower',
      unit: '×',
      note: `${WAVES}×${PER_WAVE} subtasks in dependency waves, c=${PER_WAVE}: ideal = plan + waves × latency + merge`,
    },
    {
      name: 'dispatch.max_in_flight_vs_cap',
      value: worstInFlight,
      target: 1,
      better: 'lower',
      unit: '×',
      note: 'mock maxInFlight / concurrency',
    },
    {
      name: 'dispatch.subtasks_not_done',
      value: failed,
      target: 0,
      better: 'lower',
      unit: '',
      note: 'scripted edits that did not land',
    },
  ];
}

const WAVES = 4;
const PER_WAVE = 4;

/** One run of WAVES dependency waves of PER_WAVE subtasks each (every subtask waits for the whole wave before). */
async function wavesRun(
  p: MockPipeline,
  workspace: Awaited<ReturnType<typeof openWorkspace>>,
  all: string[],
  meanLatency: number,
): Promise<{ ratio: number; failed: number; inFlight: number; line: string }> {
  const n = WAVES * PER_WAVE;
  const script: RunScript = {
    workspace,
    files: all.slice(0, n),
    instruction: 'Raise every LIMIT constant from 1 to 2',
    edit: (file, before) => {
      const line = before.split('\n').find((l) => l.startsWith('export const LIMIT_')) ?? '';
      return { file, edits: [{ search: line, replace: line.replace('= 1;', '= 2;') }] };
    },
    dependsOn: (i) => {
      const wave = Math.floor(i / PER_WAVE);
      return wave === 0 ? [] : Array.from({ length: PER_WAVE }, (_, k) => (wave - 1) * PER_WAVE + k);
    },
  };
  scriptRun(p, script, new PromptCacheModel());
  const run = await timedRun(p, script, { maxWorkers: MAX_N, maxConcurrency: PER_WAVE, budgetUsd: 100 });
  const done = run.result.outcomes.filter((x) => x.status === 'done').length;
  const merge = run.executeSeconds - (run.stageAt.merge ?? run.executeSeconds);
  const ideal = run.planSeconds + WAVES * meanLatency + merge;
  const wall = run.planSeconds + run.executeSeconds;
  const window = (run.stageAt.merge ?? NaN) - (run.stageAt.dispatch ?? NaN);
  return {
    ratio: wall / ideal,
    failed: n - done,
    inFlight: p.mock.maxInFlight / PER_WAVE,
    line:
      `waves ${WAVES}×${PER_WAVE} c=${PER_WAVE}: ${wall.toFixed(2)}s vs ideal ${ideal.toFixed(2)}s (×${(wall / ideal).toFixed(3)}); ` +
      `dispatch ${window.toFixed(2)}s vs ${(WAVES * meanLatency).toFixed(2)}s, merge ${merge.toFixed(2)}s; ` +
      `in-flight ${p.mock.maxInFlight}, done ${done}/${n}`,
  };
}
