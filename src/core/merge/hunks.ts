/** Line hunks of a proposal against its base text: what combineChanges merges and the scope check judges. */
import { diffArrays } from 'diff';
import { splitKeepingEol } from '../diff/textLines';

/** One changed region of the base: base lines [start, end) (0-based) are replaced by `lines` (with line ends). */
export interface Hunk {
  start: number;
  end: number;
  lines: string[];
  subtask: string;
}

/** The hunks turning `baseLines` (split with their line ends) into `after`, labelled with `subtask`. */
export function hunksOf(baseLines: string[], after: string, subtask: string): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 0;
  let open: Hunk | undefined;
  for (const part of diffArrays(baseLines, splitKeepingEol(after))) {
    if (!part.added && !part.removed) {
      open = undefined;
      line += part.value.length;
      continue;
    }
    if (!open) {
      open = { start: line, end: line, lines: [], subtask };
      hunks.push(open);
    }
    if (part.removed) {
      line += part.value.length;
      open.end = line;
    } else {
      open.lines.push(...part.value);
    }
  }
  return hunks;
}

/** The base with `hunks` (non-overlapping) applied. */
export function applyHunks(baseLines: string[], hunks: Hunk[]): string {
  // Insertions sort before a replacement starting at the same line, matching how each diff placed them.
  const sorted = [...hunks].sort((x, y) => x.start - y.start || x.end - x.start - (y.end - y.start));
  const out: string[] = [];
  let line = 0;
  for (const h of sorted) {
    out.push(...baseLines.slice(line, h.start), ...h.lines);
    line = h.end;
  }
  out.push(...baseLines.slice(line));
  return out.join('');
}
