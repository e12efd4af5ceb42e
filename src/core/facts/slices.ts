/**
 * `buildSlice()`: what the orchestrator (and the shared worker prefix) sees of a file. Small files whole;
 * large ones as the import block plus the declarations around the interesting lines, as line-numbered hunks
 * with `…` gaps. `buildFocusedSlice()`: a worker's excerpt of a file too large to send whole — every line
 * the change may touch (text matches of the focus terms, not only confirmed references), as much context
 * as fits.
 */
import { ts } from 'ts-morph';
import { OrchestraError } from '../errors';
import type { ContextSlice } from './types';
import type { Workspace } from '../workspace/workspace';

export interface SliceOptions {
  /** Files with at most this many lines are sent whole (default 400). */
  maxWholeLines?: number;
  /** Lines either side of a line outside any (small enough) declaration (default 8). */
  context?: number;
}

type Range = [number, number]; // 1-based, inclusive

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function spanOf(sf: ts.SourceFile, node: ts.Node): Range {
  return [lineOf(sf, node.getStart(sf, true)), lineOf(sf, node.getEnd())];
}

/** Leading imports (and the comments above them) as one range. */
function importBlock(sf: ts.SourceFile): Range | undefined {
  let last: ts.Statement | undefined;
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) && !ts.isImportEqualsDeclaration(s)) break;
    last = s;
  }
  return last === undefined ? undefined : [1, lineOf(sf, last.getEnd())];
}

/** Innermost statement or class member holding `line`, descending into classes and namespaces. */
function enclosing(sf: ts.SourceFile, line: number): { node: ts.Node; header?: number } | undefined {
  let found: { node: ts.Node; header?: number } | undefined;
  let nodes: readonly ts.Node[] = sf.statements;
  let header: number | undefined;
  for (;;) {
    const hit = nodes.find((n) => {
      const [s, e] = spanOf(sf, n);
      return s <= line && line <= e;
    });
    if (hit === undefined) return found;
    found = header === undefined ? { node: hit } : { node: hit, header };
    if (ts.isClassLike(hit) || ts.isInterfaceDeclaration(hit)) {
      nodes = hit.members;
    } else if (ts.isModuleDeclaration(hit) && hit.body !== undefined && ts.isModuleBlock(hit.body)) {
      nodes = hit.body.statements;
    } else {
      return found;
    }
    header = spanOf(sf, hit)[0];
  }
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export function renderHunks(lines: string[], ranges: Range[]): string {
  const width = String(lines.length).length;
  const out: string[] = [];
  let previousEnd = 0;
  for (const [s, e] of merge(ranges)) {
    if (s > previousEnd + 1) out.push('…');
    for (let i = s; i <= e; i++) out.push(`${String(i).padStart(width)} | ${lines[i - 1] ?? ''}`);
    previousEnd = e;
  }
  if (previousEnd < lines.length) out.push('…');
  return out.join('\n');
}

function readOrThrow(ws: Workspace, file: string): { text: string; all: string[] } {
  const text = ws.readText(file);
  if (text === undefined) {
    throw new OrchestraError(
      'stale-file',
      `Cannot read ${file}: it no longer exists or is not UTF-8 text. Run again.`,
    );
  }
  const all = text.split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  return { text, all };
}

/** Ranges around `lines`: the enclosing declaration when small enough, always a window, a member's class header. */
function aroundLines(
  sf: ts.SourceFile,
  lines: readonly number[],
  totalLines: number,
  context: number,
  maxDeclarationLines: number,
): Range[] {
  const ranges: Range[] = [];
  for (const line of lines) {
    if (!Number.isInteger(line) || line < 1 || line > totalLines) continue;
    const hit = enclosing(sf, line);
    const span = hit === undefined ? undefined : spanOf(sf, hit.node);
    if (span !== undefined && span[1] - span[0] + 1 <= maxDeclarationLines) {
      ranges.push([span[0], Math.min(span[1], totalLines)]);
    }
    ranges.push([Math.max(1, line - context), Math.min(totalLines, line + context)]);
    if (hit?.header !== undefined) ranges.push([hit.header, hit.header]);
  }
  return ranges;
}

export function buildSlice(
  ws: Workspace,
  file: string,
  lines: number[],
  opts: SliceOptions = {},
): ContextSlice {
  const maxWholeLines = opts.maxWholeLines ?? 400;
  const context = opts.context ?? 8;
  const { text, all } = readOrThrow(ws, file);
  const totalLines = all.length;
  if (totalLines <= maxWholeLines) return { file, whole: true, text, totalLines };

  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  // A declaration larger than this is shown as a window around the line instead.
  const maxDeclarationLines = Math.max(4 * context, Math.floor(maxWholeLines / 4));
  const ranges: Range[] = [];
  const imports = importBlock(sf);
  if (imports !== undefined) ranges.push(imports);
  ranges.push(...aroundLines(sf, lines, totalLines, context, maxDeclarationLines));
  return { file, whole: false, text: renderHunks(all, ranges), totalLines };
}

/** What a worker's excerpt must hold. */
export interface SliceFocus {
  /** Confirmed references (from the facts). */
  lines: readonly number[];
  /** Identifiers whose every occurrence in the text is shown (matched as whole words). */
  terms: readonly string[];
  /** Lines of declarations the plan names: their whole declaration is shown (up to a cap). */
  declarations: readonly number[];
  /** Line ranges the instructions point at (1-based, inclusive). */
  ranges: ReadonlyArray<readonly [number, number]>;
}

/** A named declaration longer than this is shown as its first lines (read_lines has the rest). */
const MAX_NAMED_DECLARATION_LINES = 150;
const NAMED_DECLARATION_HEAD = 40;

/** From the widest context to none: the first rendering that `fits` is used, else the last. */
const FOCUS_STEPS = [
  { context: 8, maxDeclarationLines: 100 },
  { context: 3, maxDeclarationLines: 40 },
  { context: 1, maxDeclarationLines: 0 },
  { context: 0, maxDeclarationLines: 0 },
] as const;

/** 1-based lines of `lines` where any of `terms` occurs as a whole identifier. */
export function linesMentioning(lines: readonly string[], terms: readonly string[]): number[] {
  const words = [...new Set(terms)].filter((t) => /^[A-Za-z_$][\w$]*$/.test(t));
  if (words.length === 0) return [];
  const escaped = words.map((w) => w.replace(/\$/g, '\\$'));
  const re = new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`);
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (re.test(line)) out.push(i + 1);
  });
  return out;
}

/**
 * A worker's excerpt of a file: the import block, the named declarations, every line that mentions a focus
 * term or is a confirmed reference, and the ranges pointed at — with the widest context that `fits`. Even
 * when nothing fits, every such line is shown (without context): the excerpt never drops what may change.
 */
export function buildFocusedSlice(
  ws: Workspace,
  file: string,
  focus: SliceFocus,
  fits: (text: string) => boolean,
): ContextSlice {
  const { text, all } = readOrThrow(ws, file);
  const totalLines = all.length;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const fixed: Range[] = [];
  const imports = importBlock(sf);
  if (imports !== undefined) fixed.push(imports);
  for (const line of focus.declarations) {
    const hit = line >= 1 && line <= totalLines ? enclosing(sf, line) : undefined;
    if (hit === undefined) continue;
    const [start, end] = spanOf(sf, hit.node);
    const shown = end - start + 1 <= MAX_NAMED_DECLARATION_LINES ? end : start + NAMED_DECLARATION_HEAD - 1;
    fixed.push([start, Math.min(shown, totalLines)]);
    if (hit.header !== undefined) fixed.push([hit.header, hit.header]);
  }
  for (const [start, end] of focus.ranges) {
    const s = Math.max(1, Math.min(start, end));
    const e = Math.min(totalLines, Math.max(start, end));
    if (s <= e) fixed.push([s, e]);
  }
  const lines = [...new Set([...focus.lines, ...linesMentioning(all, focus.terms)])].sort((a, b) => a - b);
  let rendered = '';
  for (const step of FOCUS_STEPS) {
    const around = aroundLines(sf, lines, totalLines, step.context, step.maxDeclarationLines);
    rendered = renderHunks(all, [...fixed, ...around]);
    if (fits(rendered)) break;
  }
  return { file, whole: false, text: rendered, totalLines };
}
