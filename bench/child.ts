/**
 * Child-process entry: runs ONE measurement so its time and peak memory are not polluted by others.
 * Usage: node --import tsx bench/child.ts '<json ChildJob>'; prints one `BENCH_RESULT <json>` line.
 * `node-script` jobs are the exception: a plain JS probe run without tsx (see activateProbe.ts).
 */
import type { LocatedSeed } from './corpora';
import type { Metrics } from './probes';
import type { CentralChange } from './typecheckProbe';

export type ChildJob =
  | { kind: 'idle' }
  | { kind: 'parse'; tsconfig: string }
  | { kind: 'naive'; root: string; tsconfig: string; seed: LocatedSeed; second: LocatedSeed }
  | { kind: 'instant'; root: string; seed: LocatedSeed; nursery: Nursery }
  | { kind: 'garbage'; megabytes: number }
  | { kind: 'facts'; root: string; seed: LocatedSeed; second: LocatedSeed; instruction: string }
  | { kind: 'typecheck'; root: string; change: CentralChange }
  | { kind: 'node-script'; script: string; args: string[] };

/**
 * V8's young generation ("nursery", up to 2 × 16 MB semi-spaces) becomes resident the first time a
 * process allocates a few tens of MB, even of pure garbage (the `garbage` control job shows ~20 MB of
 * "extra" RSS for retaining nothing). In the long-running extension host it is resident already, so
 * `warm` touches it before RSS is sampled; `cold` measures a fresh process as is.
 */
export type Nursery = 'warm' | 'cold';

export interface ChildOutput {
  metrics: Metrics;
  /** RSS right before the measured operation (after its modules were imported), in MB. */
  rssBeforeMb: number;
  /** Peak RSS of the whole child process, in MB. */
  maxRssMb: number;
}

export const RESULT_MARKER = 'BENCH_RESULT ';

const mb = (bytes: number): number => bytes / (1024 * 1024);

async function run(job: ChildJob): Promise<ChildOutput> {
  let rssBefore = process.memoryUsage().rss;
  const measure = async (
    fn: () => Metrics | Promise<Metrics>,
    nursery: Nursery = 'cold',
  ): Promise<Metrics> => {
    if (nursery === 'warm') allocateGarbage(64);
    rssBefore = process.memoryUsage().rss;
    return fn();
  };
  let metrics: Metrics;
  switch (job.kind) {
    case 'idle':
      metrics = {};
      break;
    case 'parse': {
      const probes = await import('./probes');
      metrics = await measure(() => probes.parseOnly(job.tsconfig));
      break;
    }
    case 'naive': {
      const probes = await import('./probes');
      metrics = await measure(() => probes.naive(job.root, job.tsconfig, job.seed, job.second));
      break;
    }
    case 'instant': {
      const probe = await import('./factsProbe');
      metrics = await measure(() => probe.instantStage(job.root, job.seed), job.nursery);
      break;
    }
    case 'garbage': {
      await import('./factsProbe'); // the same modules loaded as for the instant job
      metrics = await measure(() => ({ kept: allocateGarbage(job.megabytes) }));
      break;
    }
    case 'facts': {
      const probe = await import('./factsProbe');
      metrics = await measure(() => probe.factsQueries(job.root, job.seed, job.second, job.instruction));
      break;
    }
    case 'typecheck': {
      const probe = await import('./typecheckProbe');
      metrics = await measure(() => probe.typecheckCentral(job.root, job.change));
      break;
    }
    case 'node-script':
      throw new Error('node-script jobs run under plain node (see childProcess.ts), not in this child');
  }
  // maxRSS is in kilobytes.
  return { metrics, rssBeforeMb: mb(rssBefore), maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** About `megabytes` MB of short-lived objects, none kept (returns a checksum so nothing is optimised away). */
function allocateGarbage(megabytes: number): number {
  let sum = 0;
  for (let i = 0; i < megabytes * 16 * 1024; i++) {
    const o = { s: `x${i}`, a: [i, i + 1] };
    sum += o.s.length + (o.a[1] ?? 0);
  }
  return sum;
}

const arg = process.argv[2];
if (arg !== undefined) {
  run(JSON.parse(arg) as ChildJob).then(
    (out) => {
      process.stdout.write(`${RESULT_MARKER}${JSON.stringify(out)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
