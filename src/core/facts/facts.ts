/**
 * `gatherFacts()`: what the orchestrator is told before it plans. Stage 1 (instant, no checker):
 * text prefilter + syntactic import graph. Stage 2 (type-aware): only the files stage 1 points at
 * go into the ts-morph project, where the seed's references are confirmed and classified.
 */
import { classifyCandidates, edgesAmong } from './classify';
import { confirmSeeds, type Confirmation } from './confirm';
import { symbolFact } from './declarations';
import { importGraphOf } from '../workspace/importGraph';
import {
  filesDeclaring,
  filesDeclaringByKeyword,
  filesMentioning,
  memberNamesInInstruction,
  namesInInstruction,
} from './prefilter';
import type { SymbolFact, SymbolSeed, WorkspaceFacts } from './types';
import type { Workspace } from '../workspace/workspace';

export interface FactsQuery {
  instruction: string;
  seed?: SymbolSeed;
  importDepth: number;
}

/** Seeds taken from an instruction when none is given. */
const MAX_INSTRUCTION_SEEDS = 3;

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Seeds from an instruction: backticked names declared in the workspace, else camelCase/PascalCase words
 * declared there. A name only declared as a member (`from` in some class) is taken only when the
 * instruction writes it as one (`Owner.member`) or nothing module-level matched: a word that happens to
 * be some member's name is not the subject, and seeding it would flood the plan with its uses.
 */
function seedsFromInstruction(
  ws: Workspace,
  files: string[],
  instruction: string,
): Array<{ seed: SymbolSeed; mentions: string[] }> {
  const { backticked, words } = namesInInstruction(instruction);
  const members = new Set(memberNamesInInstruction(instruction));
  for (const names of [backticked, words]) {
    const found: Array<{ seed: SymbolSeed; mentions: string[]; member: boolean }> = [];
    for (const name of names) {
      const mentions = filesMentioning(ws, files, name);
      if (mentions.length === 0) continue;
      const declaring = filesDeclaring(ws, mentions, name);
      if (declaring.length === 0) continue;
      const member = filesDeclaringByKeyword(ws, declaring, name).length === 0;
      found.push({ seed: { name }, mentions, member });
    }
    const subjects = found.some((f) => !f.member)
      ? found.filter((f) => !f.member || members.has(f.seed.name))
      : found;
    if (subjects.length > 0)
      return subjects.slice(0, MAX_INSTRUCTION_SEEDS).map(({ seed, mentions }) => ({ seed, mentions }));
  }
  return [];
}

/** A seed's file spelled like every other path here; a file outside the root is dropped with its position. */
function normaliseSeed(ws: Workspace, seed: SymbolSeed): SymbolSeed | undefined {
  // `UserService.getUser` names the member; the text search needs the last part.
  const name = seed.name.trim().split('.').pop() ?? '';
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  if (seed.file === undefined) return { name };
  const file = ws.resolveInside(seed.file);
  if (file === undefined) return { name };
  const position =
    seed.line !== undefined
      ? { line: seed.line, ...(seed.column !== undefined ? { column: seed.column } : {}) }
      : {};
  return { name, file, ...position };
}

export async function gatherFacts(ws: Workspace, query: FactsQuery): Promise<WorkspaceFacts> {
  const timings: Record<string, number> = {};
  const start = performance.now();
  let t = start;
  const files = ws.listFiles();
  timings['files'] = round(performance.now() - t);

  t = performance.now();
  const graph = importGraphOf(ws);
  timings['importGraph'] = round(performance.now() - t);

  t = performance.now();
  const given = query.seed !== undefined ? normaliseSeed(ws, query.seed) : undefined;
  let seeds =
    given !== undefined
      ? [{ seed: given, mentions: filesMentioning(ws, files, given.name) }]
      : query.seed === undefined
        ? seedsFromInstruction(ws, files, query.instruction)
        : [];
  timings['prefilter'] = round(performance.now() - t);
  timings['instant'] = round(performance.now() - start);

  let confirmation: Confirmation | undefined;
  const symbols: SymbolFact[] = [];
  t = performance.now();
  if (seeds.length > 0) {
    confirmation = confirmSeeds(ws, graph, seeds);
    if (query.seed === undefined) {
      // An instruction word the declaration scan mistook for a declaration is not a seed.
      const declared = new Set(confirmation.declarations.map(({ decl }) => decl.name.text));
      seeds = seeds.filter((s) => declared.has(s.seed.name));
    }
    timings['project'] = round(confirmation.timings.project);
    timings['addFiles'] = round(confirmation.timings.addFiles);
    timings['checker'] = round(confirmation.timings.checker);
    timings['references'] = round(confirmation.timings.references);
    for (const { file, decl } of confirmation.declarations) {
      const fact = symbolFact(decl, file);
      const previous = symbols[symbols.length - 1];
      // Overloads repeat the same symbol on consecutive lines; one fact is enough.
      const overload =
        previous?.file === fact.file && previous.kind === fact.kind && previous.name === fact.name;
      if (overload && (fact.kind === 'function' || fact.kind === 'method')) continue;
      symbols.push(fact);
    }
  }
  timings['confirm'] = round(performance.now() - t);

  const mentions = new Set(seeds.flatMap((s) => s.mentions));
  const candidates =
    confirmation === undefined || seeds.length === 0
      ? []
      : classifyCandidates(graph, mentions, confirmation, query.importDepth);
  timings['total'] = round(performance.now() - start);
  return {
    root: ws.root,
    source: ws.source ?? 'workspace',
    fileCount: files.length,
    seeds: seeds.map((s) => s.seed),
    symbols,
    candidates,
    importEdges: edgesAmong(
      graph,
      candidates.map((c) => c.file),
    ),
    skipped: [...(ws.skipped ?? [])],
    timings,
  };
}
