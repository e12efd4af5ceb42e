/**
 * Scope check: which of a worker's hunks touch what its subtask is about. A hunk is in scope when it touches
 * a line related to the plan's symbols or the instructions' identifiers — a line naming one, the declaration
 * enclosing such a line (a function, a class member, an import), the line an insertion goes before — or when
 * it writes one of those names, or declares a name another in-scope hunk uses (a new interface, an import
 * the change needs). Anything else (`// TODO: tidy this up`, a local renamed elsewhere) is out of scope:
 * reported always, dropped before the merge with `strictScope`.
 */
import { ts } from 'ts-morph';
import { splitKeepingEol } from '../diff/textLines';
import { namesInInstruction, NOT_A_SEED } from '../facts/prefilter';
import type { WorkspaceFacts } from '../facts/types';
import type { Plan, Subtask } from '../plan/planSchema';
import type { Diagnostic, OutOfScopeHunk } from '../runTypes';
import type { Proposal } from './combineChanges';
import { applyHunks, hunksOf, type Hunk } from './hunks';

export interface ScopeInput {
  plan: Plan;
  facts: Pick<WorkspaceFacts, 'seeds' | 'symbols'>;
  instruction: string;
  proposals: Proposal[];
  /** The file as the run read it; undefined for a file that does not exist yet. */
  baseText(file: string): string | undefined;
  strict: boolean;
}

export interface ScopeResult {
  /** The proposals to merge: with `strict`, without their out-of-scope hunks. */
  proposals: Proposal[];
  outOfScope: OutOfScopeHunk[];
}

export function checkScope(input: ScopeInput): ScopeResult {
  const proposals: Proposal[] = [];
  const outOfScope: OutOfScopeHunk[] = [];
  for (const proposal of input.proposals) {
    // A proposal names its subtask by id (by file for a subtask without one).
    const subtask = input.plan.subtasks.find((s) => (s.id ?? s.file) === proposal.subtask);
    // A model step after deterministic ones on this file is judged on its own hunks, not theirs.
    const base = proposal.stepBase ?? input.baseText(proposal.file);
    // Deterministic handlers do exactly what they are told; a new file has nothing to be out of scope of.
    if (subtask?.handler !== 'llm' || proposal.file !== subtask.file || base === undefined) {
      proposals.push(proposal);
      continue;
    }
    const names = scopeNames(input, subtask, base);
    const baseLines = splitKeepingEol(base);
    const hunks = hunksOf(baseLines, proposal.after, proposal.subtask);
    const outside = outOfScopeHunks(proposal.file, base, baseLines, hunks, names);
    for (const h of outside) {
      outOfScope.push({
        subtask: subtask.file,
        file: proposal.file,
        line: h.start + 1,
        removed: baseLines.slice(h.start, h.end).map(withoutEol),
        added: h.lines.map(withoutEol),
        dropped: input.strict,
      });
    }
    const kept = input.strict ? hunks.filter((h) => !outside.includes(h)) : hunks;
    if (kept.length === hunks.length) proposals.push(proposal);
    else if (kept.length > 0) proposals.push({ ...proposal, after: applyHunks(baseLines, kept) });
  }
  return { proposals, outOfScope };
}

export interface FixScopeInput extends Pick<ScopeInput, 'plan' | 'facts' | 'instruction' | 'strict'> {
  file: string;
  /** The file as the fix started on it, and as the fix left it. */
  before: string;
  after: string;
  /** The errors the fix was given: the declarations holding their lines are what it is about. */
  diagnostics: ReadonlyArray<Pick<Diagnostic, 'line' | 'message'>>;
}

/**
 * The scope check of a fix the type-check added (a follow-up): the same judgement as a planned worker's, about
 * the plan's names, the names its errors mention and the declarations holding the error lines.
 */
export function checkFixScope(input: FixScopeInput): { after: string; outOfScope: OutOfScopeHunk[] } {
  const { file, before } = input;
  const instructions = input.diagnostics.map((d) => d.message).join('\n');
  const names = scopeNames(input, { file, instructions }, before);
  const baseLines = splitKeepingEol(before);
  const hunks = hunksOf(baseLines, input.after, file);
  const lines = input.diagnostics.map((d) => d.line - 1);
  const outside = outOfScopeHunks(file, before, baseLines, hunks, names, lines);
  const outOfScope = outside.map((h) => ({
    subtask: file,
    file,
    line: h.start + 1,
    removed: baseLines.slice(h.start, h.end).map(withoutEol),
    added: h.lines.map(withoutEol),
    dropped: input.strict,
  }));
  if (!input.strict || outside.length === 0) return { after: input.after, outOfScope };
  return {
    after: applyHunks(
      baseLines,
      hunks.filter((h) => !outside.includes(h)),
    ),
    outOfScope,
  };
}

/** Names a subtask is about: the plan's symbols and renames, and the identifiers its instructions name. */
export function scopeNames(
  input: Pick<ScopeInput, 'plan' | 'facts' | 'instruction'>,
  subtask: Pick<Subtask, 'file' | 'instructions'>,
  base: string,
): Set<string> {
  const names = new Set<string>();
  for (const s of input.facts.seeds) names.add(s.name);
  for (const s of input.facts.symbols) names.add(s.name);
  for (const s of input.plan.subtasks) {
    if (!s.rename) continue;
    for (const part of s.rename.from.split('.')) names.add(part);
    names.add(s.rename.to);
  }
  const identifiers = identifiersOf(subtask.file, base);
  for (const text of [input.instruction, subtask.instructions]) {
    const { backticked, words } = namesInInstruction(text);
    for (const n of [...backticked, ...words]) names.add(n);
    // Plain words count when the file uses them as identifiers ("pass the url and method"), and so do two
    // words the file writes as one ("the cart total" → cartTotal).
    const tokens = [...text.matchAll(/(?<![\w$])[A-Za-z_$][\w$]*(?![\w$])/g)].map((m) => m[0]);
    tokens.forEach((w, i) => {
      const next = tokens[i + 1];
      const joined = next ? `${w.toLowerCase()}${next.charAt(0).toUpperCase()}${next.slice(1)}` : undefined;
      for (const n of [w, joined]) {
        if (n === undefined || n.length < 3 || !identifiers.has(n)) continue;
        if (!NOT_A_SEED.has(n) && !PROSE.has(n)) names.add(n);
      }
    });
  }
  return names;
}

/** English words instructions are written in, never taken for the identifiers they may coincide with. */
const PROSE = new Set(
  (
    'the and for with that into each every file files line lines use uses used call calls code make take ' +
    'takes pass add adds change changes update rename instead should must keep all any new old one its their ' +
    'them then than when where which what only also not but are was has have can will does done here there ' +
    'this these those above below before after first last same other comment comments value values name names'
  ).split(' '),
);

function outOfScopeHunks(
  file: string,
  base: string,
  baseLines: string[],
  hunks: Hunk[],
  names: Set<string>,
  lines: readonly number[] = [],
): Hunk[] {
  const related = relatedLines(file, base, names, lines);
  // Nothing in the file names what the subtask is about: no line to judge a hunk against, so none is judged.
  if (related.size === 0) return [];
  const known = new Set(names);
  const inScope = new Set<Hunk>();
  const text = (h: Hunk): string => h.lines.join('');
  const blank = (h: Hunk): boolean =>
    [...h.lines, ...baseLines.slice(h.start, h.end)].every((l) => l.trim() === '');
  const touches = (h: Hunk): boolean => {
    if (h.start === h.end) return related.has(h.start);
    for (let line = h.start; line < h.end; line++) if (related.has(line)) return true;
    return false;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const h of hunks) {
      if (inScope.has(h) || blank(h)) continue;
      const declared = declaredNames(text(h));
      const usedByScope = declared.some((n) => [...inScope].some((s) => mentions(text(s), n)));
      if (touches(h) || [...known].some((n) => mentions(text(h), n)) || usedByScope) {
        inScope.add(h);
        for (const n of declared) known.add(n);
        changed = true;
      }
    }
  }
  // Blank lines added or removed beside an in-scope hunk are its formatting.
  for (const h of hunks) {
    if (blank(h) && [...inScope].some((s) => h.start <= s.end + 1 && s.start <= h.end + 1)) inScope.add(h);
  }
  return hunks.filter((h) => !inScope.has(h));
}

/**
 * 0-based lines of `base` related to `names` (each occurrence's enclosing declaration, else its own line) and
 * to the 0-based `lines` given (the declaration holding each, else the line).
 */
function relatedLines(
  file: string,
  base: string,
  names: Set<string>,
  lines: readonly number[] = [],
): Set<number> {
  const related = new Set<number>();
  if (names.size === 0 && lines.length === 0) return related;
  const sf = ts.createSourceFile(file, base, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const starts = sf.getLineStarts();
  const positions = lines.flatMap((l) => {
    const start = starts[l];
    return start === undefined
      ? []
      : [start + (/^[ \t]*/.exec(base.slice(start, start + 200))?.[0].length ?? 0)];
  });
  const alternatives = [...names].map((n) => n.replace(/[$]/g, '\\$')).join('|');
  const found =
    names.size === 0
      ? []
      : [...base.matchAll(new RegExp(`(?<![\\w$])(?:${alternatives})(?![\\w$])`, 'g'))].map((m) => m.index);
  for (const index of [...found, ...positions]) {
    const unit = unitAt(sf, index);
    const [from, to] = unit ? [lineOf(unit.getStart(sf, true)), lineOf(unit.getEnd())] : [lineOf(index), -1];
    related.add(from);
    for (let line = from + 1; line <= to; line++) related.add(line);
  }
  return related;
}

/**
 * The declaration holding `pos`: a top-level statement, or inside a class, interface, enum or namespace the
 * member holding it (a use in a class's header relates the whole class).
 */
function unitAt(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  const holds = (n: ts.Node): boolean => n.getStart(sf, true) <= pos && pos < n.getEnd();
  let list: readonly ts.Node[] = sf.statements;
  for (;;) {
    const node = list.find(holds);
    if (node === undefined) return undefined;
    if (ts.isModuleDeclaration(node) && node.body !== undefined && ts.isModuleBlock(node.body)) {
      if (node.body.statements.some(holds)) {
        list = node.body.statements;
        continue;
      }
      return node;
    }
    if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) {
      const members: readonly ts.Node[] = node.members;
      return members.find(holds) ?? node;
    }
    return node;
  }
}

/** Names a hunk's text declares or imports. */
function declaredNames(text: string): string[] {
  const out = new Set<string>();
  const declaration =
    /(?<![\w$.])(?:interface|type|class|enum|function\s*\*?|const|let|var|namespace)\s+([A-Za-z_$][\w$]*)/g;
  for (const m of text.matchAll(declaration)) out.add(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\s+(?:type\s+)?([^'"]*?)\s+from\s/g)) {
    for (const part of (m[1] ?? '').replace(/\bas\s+/g, ' as ').split(/[\s,{}*]+/)) {
      if (/^[A-Za-z_$][\w$]*$/.test(part) && part !== 'as' && part !== 'type') out.add(part);
    }
  }
  out.delete('');
  return [...out];
}

function mentions(text: string, name: string): boolean {
  return text.includes(name) && new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(text);
}

function identifiersOf(file: string, base: string): Set<string> {
  const sf = ts.createSourceFile(file, base, ts.ScriptTarget.Latest, false, scriptKindOf(file));
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function withoutEol(line: string): string {
  return line.replace(/\r?\n$/, '');
}
