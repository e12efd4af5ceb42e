/**
 * `buildSlice()`: what a worker sees of a file. Small files whole; large ones as the import block
 * plus the declarations around the interesting lines, as line-numbered hunks with `…` gaps.
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

export function buildSlice(
  ws: Workspace,
  file: string,
  lines: number[],
  opts: SliceOptions = {},
): ContextSlice {
  const maxWholeLines = opts.maxWholeLines ?? 400;
  const context = opts.context ?? 8;
  const text = ws.readText(file);
  if (text === undefined) {
    throw new OrchestraError(
      'stale-file',
      `Cannot read ${file}: it no longer exists or is not UTF-8 text. Run again.`,
    );
  }
  const all = text.split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  const totalLines = all.length;
  if (totalLines <= maxWholeLines) return { file, whole: true, text, totalLines };

  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  // A declaration larger than this is shown as a window around the line instead.
  const maxDeclarationLines = Math.max(4 * context, Math.floor(maxWholeLines / 4));
  const ranges: Range[] = [];
  const imports = importBlock(sf);
  if (imports !== undefined) ranges.push(imports);
  for (const line of lines) {
    if (!Number.isInteger(line) || line < 1 || line > totalLines) continue;
    const hit = enclosing(sf, line);
    const span = hit === undefined ? undefined : spanOf(sf, hit.node);
    // The whole enclosing declaration when it is small enough, and always a window around the line.
    if (span !== undefined && span[1] - span[0] + 1 <= maxDeclarationLines) {
      ranges.push([span[0], Math.min(span[1], totalLines)]);
    }
    ranges.push([Math.max(1, line - context), Math.min(totalLines, line + context)]);
    if (hit?.header !== undefined) ranges.push([hit.header, hit.header]);
  }
  return { file, whole: false, text: renderHunks(all, ranges), totalLines };
}
