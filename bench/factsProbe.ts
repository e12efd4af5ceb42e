/**
 * Our facts engine, measured in a child process: the instant stage alone (for its memory), and a cold
 * query (open + gatherFacts) followed by a warm second query on the same, already loaded workspace.
 */
import { gatherFacts } from '../src/core/facts/facts';
import { importGraphOf } from '../src/core/workspace/importGraph';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { parseAhead } from '../src/core/facts/parseAhead';
import { filesMentioning } from '../src/core/facts/prefilter';
import type { WorkspaceFacts } from '../src/core/facts/types';
import type { LocatedSeed } from './corpora';
import { elapsedSince, type Metrics } from './probes';

/** Reasons that mean "the checker tied this file to the symbol" (comparable to findReferences). */
const CONFIRMED = new Set(['definition', 'reference', 're-export', 'type-import']);

function confirmedFiles(facts: WorkspaceFacts): string[] {
  return facts.candidates
    .filter((c) => c.reasons.some((r) => CONFIRMED.has(r)))
    .map((c) => c.file)
    .sort();
}

/** Stage 1 only (no checker): open, list/read files, syntactic import graph, text prefilter. */
export async function instantStage(root: string, seed: LocatedSeed): Promise<Metrics> {
  const start = performance.now();
  const ws = await openWorkspace(root);
  const files = ws.listFiles();
  const graph = importGraphOf(ws);
  const mentions = filesMentioning(ws, files, seed.name);
  let edges = 0;
  for (const list of graph.out.values()) edges += list.length;
  return { seconds: elapsedSince(start), files: files.length, mentions: mentions.length, edges };
}

export async function factsQueries(
  root: string,
  seed: LocatedSeed,
  second: LocatedSeed,
  instruction: string,
): Promise<Metrics> {
  const start = performance.now();
  const ws = await openWorkspace(root);
  const openSeconds = elapsedSince(start);
  const facts = await gatherFacts(ws, {
    instruction,
    seed: { name: seed.name, file: seed.file, line: seed.line },
    importDepth: 1,
  });
  const seconds = elapsedSince(start);
  // What the extension does in idle time after a command (not part of either query's time).
  const aheadStart = performance.now();
  const ahead = await parseAhead(ws);
  const parseAheadSeconds = elapsedSince(aheadStart);
  const warmStart = performance.now();
  const secondFacts = await gatherFacts(ws, {
    instruction: `rename \`${second.name}\``,
    seed: { name: second.name, file: second.file, line: second.line },
    importDepth: 1,
  });
  const warmSeconds = elapsedSince(warmStart);
  return {
    seconds,
    openSeconds,
    parseAheadSeconds,
    parseAheadFiles: ahead.parsed,
    parseAheadLeftOut: ahead.leftOut,
    instantSeconds: openSeconds + (facts.timings['instant'] ?? NaN) / 1000,
    confirmSeconds: (facts.timings['confirm'] ?? NaN) / 1000,
    warmSeconds,
    files: facts.fileCount,
    candidates: facts.candidates.length,
    projectFiles: ws.getProject().getSourceFiles().length,
    referenceFiles: confirmedFiles(facts),
    secondReferenceFiles: confirmedFiles(secondFacts),
  };
}
