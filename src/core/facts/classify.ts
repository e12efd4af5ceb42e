/** Turns prefilter hits, confirmed references and the import graph into ordered candidates. */
import { importersWithin, type ImportGraph } from '../workspace/importGraph';
import { isTestFile } from '../workspace/paths';
import type { Candidate, CandidateReason } from './types';
import type { Confirmation } from './confirm';

const REASON_ORDER: CandidateReason[] = [
  'definition',
  'reference',
  're-export',
  'type-import',
  'importer',
  'text-match',
  'test',
];

export function classifyCandidates(
  graph: ImportGraph,
  mentions: ReadonlySet<string>,
  confirmation: Confirmation,
  importDepth: number,
): Candidate[] {
  const reasons = new Map<string, Set<CandidateReason>>();
  const add = (file: string, reason: CandidateReason): void => {
    let set = reasons.get(file);
    if (set === undefined) reasons.set(file, (set = new Set()));
    set.add(reason);
  };
  for (const file of confirmation.definitionFiles) add(file, 'definition');
  for (const [file, refs] of confirmation.references) for (const role of refs.roles) add(file, role);
  for (const file of confirmation.starReexporters) add(file, 're-export');

  const exporters = [...reasons].filter(([, r]) => r.has('definition') || r.has('re-export')).map(([f]) => f);
  for (const file of importersWithin(graph, exporters, importDepth).keys()) {
    const known = reasons.get(file);
    if (
      known === undefined ||
      !['reference', 'type-import', 're-export'].some((r) => known.has(r as CandidateReason))
    ) {
      add(file, 'importer');
    }
  }
  for (const file of mentions) {
    const known = reasons.get(file);
    const confirmed =
      known !== undefined &&
      ['definition', 'reference', 're-export', 'type-import'].some((r) => known.has(r as CandidateReason));
    if (!confirmed) add(file, 'text-match');
  }
  for (const file of reasons.keys()) if (isTestFile(file)) add(file, 'test');

  const candidates: Candidate[] = [...reasons].map(([file, set]) => {
    const refs = confirmation.references.get(file);
    return {
      file,
      reasons: REASON_ORDER.filter((r) => set.has(r)),
      references: refs?.count ?? 0,
      lines: refs === undefined ? [] : [...refs.lines].sort((a, b) => a - b),
    };
  });
  return candidates.sort(
    (a, b) =>
      Number(b.reasons.includes('definition')) - Number(a.reasons.includes('definition')) ||
      b.references - a.references ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
}

/** Import edges whose both ends are candidates. */
export function edgesAmong(graph: ImportGraph, files: Iterable<string>): Array<{ from: string; to: string }> {
  const set = new Set(files);
  const edges: Array<{ from: string; to: string }> = [];
  for (const from of [...set].sort()) {
    const seen = new Set<string>();
    for (const edge of graph.out.get(from) ?? []) {
      if (!set.has(edge.to) || seen.has(edge.to)) continue;
      seen.add(edge.to);
      edges.push({ from, to: edge.to });
    }
  }
  return edges;
}
