/**
 * Child-process entry: runs ONE measurement so its time and peak memory are not polluted by others.
 * Usage: node --import tsx bench/child.ts '<json ChildJob>'; prints one `BENCH_RESULT <json>` line.
 * `node-script` jobs are the exception: a plain JS probe run without tsx (see activateProbe.ts).
 */
import type { LocatedSeed } from './corpora';
import type { Metrics } from './probes';

export type ChildJob =
  | { kind: 'idle' }
  | { kind: 'parse'; tsconfig: string }
  | { kind: 'naive'; root: string; tsconfig: string; seed: LocatedSeed; second: LocatedSeed }
  | { kind: 'instant'; root: string; seed: LocatedSeed }
  | { kind: 'facts'; root: string; seed: LocatedSeed; second: LocatedSeed; instruction: string }
  | { kind: 'node-script'; script: string; args: string[] };

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
  const measure = async (fn: () => Metrics | Promise<Metrics>): Promise<Metrics> => {
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
      metrics = await measure(() => probe.instantStage(job.root, job.seed));
      break;
    }
    case 'facts': {
      const probe = await import('./factsProbe');
      metrics = await measure(() => probe.factsQueries(job.root, job.seed, job.second, job.instruction));
      break;
    }
    case 'node-script':
      throw new Error('node-script jobs run under plain node (see childProcess.ts), not in this child');
  }
  // maxRSS is in kilobytes.
  return { metrics, rssBeforeMb: mb(rssBefore), maxRssMb: process.resourceUsage().maxRSS / 1024 };
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
