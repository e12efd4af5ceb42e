/**
 * The line hunks of a change (`before` → `after`), numbered in order: what the change view lists, what
 * provenance is attached to, and what hunk selection applies. Every hunk is computed against `before`, and
 * two hunks always have at least one unchanged line between them, so any subset applies on `before`.
 */
import { diffArrays } from 'diff';
import { splitKeepingEol } from './textLines';

export interface TextHunk {
  /** Position in the change's list of hunks (0-based). */
  index: number;
  /** Lines [start, end) of `before` (0-based) that the hunk replaces; start === end for an insertion. */
  start: number;
  end: number;
  /** 0-based line of `after` where its lines start. */
  afterStart: number;
  /** The lines it removes and the lines it writes, with their line ends. */
  removed: string[];
  added: string[];
}

export function textHunks(before: string, after: string): TextHunk[] {
  const hunks: TextHunk[] = [];
  let line = 0;
  let afterLine = 0;
  let open: TextHunk | undefined;
  for (const part of diffArrays(splitKeepingEol(before), splitKeepingEol(after))) {
    if (!part.added && !part.removed) {
      open = undefined;
      line += part.value.length;
      afterLine += part.value.length;
      continue;
    }
    if (!open) {
      open = { index: hunks.length, start: line, end: line, afterStart: afterLine, removed: [], added: [] };
      hunks.push(open);
    }
    if (part.removed) {
      line += part.value.length;
      open.end = line;
      open.removed.push(...part.value);
    } else {
      afterLine += part.value.length;
      open.added.push(...part.value);
    }
  }
  return hunks;
}

/** The hunk's first changed line, trimmed (the added one, else the removed one): how a list names it. */
export function hunkTitle(h: TextHunk): string {
  const first = (lines: string[]): string | undefined => lines.map((l) => l.trim()).find((l) => l !== '');
  return first(h.added) ?? first(h.removed) ?? '(blank lines)';
}
