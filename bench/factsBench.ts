/**
 * Benchmark 1: workspace facts vs the baselines, per workspace, every measurement in its own child
 * process (repeated; the fastest run counts, for numerator and denominator alike).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ChildJob, ChildOutput } from './child';
import { runChild } from './childProcess';
import type { LocatedSeed } from './corpora';
import { REPO_ROOT } from './paths';
import type { BenchResult } from './results';

export interface BenchWorkspace {
  id: string;
  root: string;
  tsconfig: string;
  fileCount: number;
  seed: LocatedSeed;
  second: LocatedSeed;
}

interface Runs {
  parse: ChildOutput[];
  naive: ChildOutput[];
  instant: ChildOutput[];
  instantCold: ChildOutput[];
  facts: ChildOutput[];
}

const num = (out: ChildOutput, key: string): number => {
  const v = out.metrics[key];
  return typeof v === 'number' ? v : NaN;
};
const list = (out: ChildOutput, key: string): string[] => {
  const v = out.metrics[key];
  return Array.isArray(v) ? v : [];
};
const best = (outs: ChildOutput[], key: string): number => Math.min(...outs.map((o) => num(o, key)));
const bestRss = (outs: ChildOutput[]): number => Math.min(...outs.map((o) => o.maxRssMb));

/**
 * @param repeat rounds of the four measurements; rounds after the first are skipped once `deadline`
 *   (a performance.now() value) has passed, so the whole run stays within its time budget.
 */
export async function factsBench(
  ws: BenchWorkspace,
  repeat: number,
  deadline: number,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const runs: Runs = { parse: [], naive: [], instant: [], instantCold: [], facts: [] };
  const jobs: Array<[keyof Runs, ChildJob]> = [
    ['parse', { kind: 'parse', tsconfig: ws.tsconfig }],
    ['naive', { kind: 'naive', root: ws.root, tsconfig: ws.tsconfig, seed: ws.seed, second: ws.second }],
    ['instant', { kind: 'instant', root: ws.root, seed: ws.seed, nursery: 'warm' }],
    ['instantCold', { kind: 'instant', root: ws.root, seed: ws.seed, nursery: 'cold' }],
    [
      'facts',
      {
        kind: 'facts',
        root: ws.root,
        seed: ws.seed,
        second: ws.second,
        instruction: `rename \`${ws.seed.name}\``,
      },
    ],
  ];
  const failures: string[] = [];
  for (let round = 0; round < repeat && (round === 0 || performance.now() < deadline); round++) {
    for (const [key, job] of jobs) {
      try {
        runs[key].push(await runChild(job));
      } catch (e) {
        failures.push(`${key}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  for (const f of [...new Set(failures)]) log(`  ${ws.id}: ${f}`);
  const p = `facts.${ws.id}`;
  const b = `baseline.${ws.id}`;
  const scale3500 = Math.max(1, ws.fileCount / 3500);
  const scale1000 = Math.max(1, ws.fileCount / 1000);
  const parse = runs.parse.length ? best(runs.parse, 'seconds') : NaN;
  const naive = runs.naive.length ? best(runs.naive, 'seconds') : NaN;
  const cold = runs.facts.length ? best(runs.facts, 'seconds') : NaN;
  const warm = runs.facts.length ? best(runs.facts, 'warmSeconds') : NaN;
  const instant = runs.instant.length ? best(runs.instant, 'seconds') : NaN;
  const extraRss = (outs: ChildOutput[]): number =>
    outs.length ? Math.min(...outs.map((o) => o.maxRssMb - o.rssBeforeMb)) : NaN;
  const tsc = nativeTsc(ws.tsconfig);
  const note = `${ws.fileCount} files, seed ${ws.seed.name}, best of ${runs.facts.length}`;
  const rows: BenchResult[] = [
    {
      name: `${b}.parse_only`,
      value: parse,
      target: null,
      better: 'lower',
      unit: 's',
      note: `lower bound (project + lib files); ${note}`,
    },
    {
      name: `${b}.naive_project_refs`,
      value: naive,
      target: null,
      better: 'lower',
      unit: 's',
      note: 'new Project(tsconfig) + findReferences',
    },
    {
      name: `${b}.naive_vs_parse`,
      value: naive / parse,
      target: null,
      better: 'lower',
      unit: '×',
      note: 'issue #6: 3.5–6.6× today',
    },
    {
      name: `${b}.naive_warm_query`,
      value: runs.naive.length ? best(runs.naive, 'warmSeconds') : NaN,
      target: null,
      better: 'lower',
      unit: 's',
    },
    {
      name: `${b}.tsc_native_parse_bind`,
      value: tsc,
      target: null,
      better: 'lower',
      unit: 's',
      note: Number.isNaN(tsc)
        ? 'n/a: no --extendedDiagnostics times'
        : 'typescript 7 tsc --extendedDiagnostics',
    },
    {
      name: `${p}.instant`,
      value: instant,
      target: 0.5 * scale3500,
      better: 'lower',
      unit: 's',
      note: 'open + read + import graph + text prefilter',
    },
    {
      name: `${p}.instant_extra_mem`,
      value: extraRss(runs.instant),
      target: 30 * scale3500,
      better: 'lower',
      unit: 'MB',
      note: 'peak RSS − RSS before, V8 nursery already resident',
    },
    {
      name: `${p}.instant_extra_mem_fresh`,
      value: extraRss(runs.instantCold),
      target: null,
      better: 'lower',
      unit: 'MB',
      note: 'same in a fresh process (includes the nursery)',
    },
    {
      name: `${p}.cold`,
      value: cold,
      target: null,
      better: 'lower',
      unit: 's',
      note: 'open + gatherFacts (type-aware)',
    },
    { name: `${p}.cold_vs_parse`, value: cold / parse, target: 2, better: 'lower', unit: '×' },
    {
      name: `${p}.cold_vs_naive`,
      value: cold / naive,
      target: 1,
      better: 'lower',
      unit: '×',
      note: 'ours / new Project + findReferences',
    },
    {
      name: `${p}.warm_second_query`,
      value: warm,
      target: 0.3 * scale1000,
      better: 'lower',
      unit: 's',
      note: `gatherFacts(${ws.second.name}) on the loaded workspace`,
    },
    {
      name: `${p}.parse_ahead`,
      value: runs.facts.length ? best(runs.facts, 'parseAheadSeconds') : NaN,
      target: null,
      better: 'lower',
      unit: 's',
      note: runs.facts[0]
        ? `idle time before the warm query: ${num(runs.facts[0], 'parseAheadFiles')} files parsed, ${num(runs.facts[0], 'parseAheadLeftOut')} left (budget)`
        : '',
    },
    {
      name: `${p}.recall_vs_naive`,
      value: recall(runs),
      target: 1,
      better: 'higher',
      unit: '',
      note: 'confirmed files ∩ findReferences files',
    },
    {
      name: `${p}.peak_rss`,
      value: runs.facts.length ? bestRss(runs.facts) : NaN,
      target: runs.naive.length ? bestRss(runs.naive) : null,
      better: 'lower',
      unit: 'MB',
      note: 'target: naive peak RSS',
    },
  ];
  return rows;
}

/**
 * Control for the memory rows: peak RSS − RSS before for allocating `megabytes` MB of garbage and keeping
 * none, in a fresh process. What it shows is V8's young generation becoming resident, not a workload.
 */
export async function nurseryControl(megabytes = 64): Promise<BenchResult[]> {
  const out = await runChild({ kind: 'garbage', megabytes });
  return [
    {
      name: 'baseline.nursery_garbage_extra_rss',
      value: out.maxRssMb - out.rssBeforeMb,
      target: null,
      better: 'lower',
      unit: 'MB',
      note: `${megabytes} MB of short-lived objects, none kept, fresh process`,
    },
  ];
}

/** Share of files findReferences reports (both queries) that our confirmed candidates also hold. */
function recall(runs: Runs): number {
  const facts = runs.facts[0];
  const naive = runs.naive[0];
  if (facts === undefined || naive === undefined) return NaN;
  let hit = 0;
  let total = 0;
  for (const [ours, theirs] of [
    [list(facts, 'referenceFiles'), list(naive, 'referenceFiles')],
    [list(facts, 'secondReferenceFiles'), list(naive, 'secondReferenceFiles')],
  ] as const) {
    const set = new Set(ours);
    total += theirs.length;
    hit += theirs.filter((f) => set.has(f)).length;
  }
  return total === 0 ? NaN : hit / total;
}

/** Parse + bind seconds reported by the native compiler, or NaN when it does not report them. */
function nativeTsc(tsconfig: string): number {
  let out: string;
  try {
    out = execFileSync(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'),
      ['--noEmit', '--extendedDiagnostics', '-p', tsconfig],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      },
    );
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // type errors exit non-zero; the times still print
  }
  const time = (label: string): number =>
    Number(new RegExp(`^${label} time:\\s+([\\d.]+)s`, 'm').exec(out)?.[1] ?? NaN);
  return time('Parse') + time('Bind');
}
