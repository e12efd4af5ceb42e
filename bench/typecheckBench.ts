/**
 * The type check's peak memory on a small change to a file most of the largest corpus imports (issue #13):
 * effect's `Function.ts` (imported, directly or not, by 525 of its 570 files), one export's signature
 * changed compatibly. The check covers the importers that name what changed, in programs of their own;
 * loading everything it imports peaked at 2.5 GB before. Target: ≤ 600 MB for the whole child process.
 */
import { runChild } from './childProcess';
import type { Corpus } from './corpora';
import type { BenchResult } from './results';
import type { CentralChange } from './typecheckProbe';

export const EFFECT_CENTRAL_CHANGE: CentralChange = {
  file: 'src/Function.ts',
  search: 'export const absurd = <A>(_: never): A => {',
  replace: 'export const absurd = <A>(_: never, message?: string): A => {',
};

export const TYPECHECK_PEAK_TARGET_MB = 600;

export async function typecheckBench(corpus: Corpus, log: (line: string) => void): Promise<BenchResult[]> {
  const out = await runChild(
    { kind: 'typecheck', root: corpus.root, change: EFFECT_CENTRAL_CHANGE },
    900_000,
  );
  const m = out.metrics;
  log(
    `bench: typecheck ${corpus.id} ${EFFECT_CENTRAL_CHANGE.file}: ${String(m['checked'])} files checked, ` +
      `${String(m['loaded'])} of ${String(m['files'])} loaded, ${Number(m['seconds']).toFixed(1)} s`,
  );
  return [
    {
      name: `typecheck.${corpus.id}.central_change_peak_rss`,
      value: out.maxRssMb,
      target: TYPECHECK_PEAK_TARGET_MB,
      better: 'lower',
      unit: 'MB',
    },
    {
      name: `typecheck.${corpus.id}.central_change_files_loaded`,
      value: Number(m['loaded']),
      target: null,
      better: 'lower',
      unit: '',
    },
  ];
}
