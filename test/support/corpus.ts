/**
 * Real TypeScript from the bench corpora (npm packages that ship their sources), fetched with `npm pack`
 * and unpacked to bench/.work/ on first use exactly as the benchmarks do, then reused offline.
 */
import { CORPORA, ensureCorpus, type Corpus } from '../../bench/corpora';

export type { Corpus };

export function corpus(id: 'query-core' | 'trpc-server'): Corpus {
  const spec = CORPORA.find((c) => c.id === id);
  if (spec === undefined) throw new Error(`no bench corpus "${id}"`);
  return ensureCorpus(spec);
}
