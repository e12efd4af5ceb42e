/**
 * Merges the proposals for each file. Several proposals on one file (a deterministic rename touching a
 * file a worker also edited) are combined when their changed line ranges vs the base do not overlap;
 * otherwise the earlier (higher-priority) proposal wins and a Conflict names both.
 */
import type { Conflict } from '../stageTypes';
import { splitKeepingEol } from '../diff/textLines';
import { applyHunks, hunksOf, type Hunk } from './hunks';

export interface Proposal {
  subtask: string;
  file: string;
  after: string;
  /** The file moves here from this workspace path (see fileOps.ts). */
  movedFrom?: string;
  /** The subtask deletes `file`. */
  deleted?: true;
  /** The text the model steps started from when deterministic steps changed the file first (scope.ts). */
  stepBase?: string;
}

export interface CombineResult {
  /** File → merged text, for every file with at least one proposal. */
  merged: Map<string, string>;
  conflicts: Conflict[];
}

/** `name`: how a conflict's message names a subtask (by default, as the proposal does). */
export function combineChanges(
  base: Map<string, string>,
  proposals: Proposal[],
  name: (subtask: string) => string = (s) => s,
): CombineResult {
  const byFile = new Map<string, Proposal[]>();
  for (const p of proposals) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const merged = new Map<string, string>();
  const conflicts: Conflict[] = [];
  for (const [file, list] of byFile) {
    if (list.length === 1) {
      merged.set(file, list[0]!.after);
      continue;
    }
    const baseLines = splitKeepingEol(base.get(file) ?? '');
    const accepted: Hunk[] = [];
    for (const proposal of list) {
      const hunks = hunksOf(baseLines, proposal.after, proposal.subtask);
      const clashes = hunks.flatMap((h) =>
        accepted.filter((a) => overlaps(a, h) && !sameChange(a, h)).map((a) => ({ a, h })),
      );
      if (clashes.length > 0) {
        conflicts.push(conflictOf(file, proposal.subtask, clashes, name));
        continue;
      }
      accepted.push(...hunks.filter((h) => !accepted.some((a) => sameChange(a, h))));
    }
    merged.set(file, applyHunks(baseLines, accepted));
  }
  return { merged, conflicts };
}

/**
 * Ranges that share a base line overlap; so do two insertions at the same point (their order is
 * ambiguous) and an insertion strictly inside a replaced range. Edits on adjacent lines merge.
 */
function overlaps(a: Hunk, b: Hunk): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  const [point, range] = a.start === a.end ? [a, b] : [b, a];
  return point.start === point.end && range.start < point.start && point.start < range.end;
}

/** Two proposals making the identical change (e.g. both renamed the same import) agree. */
function sameChange(a: Hunk, b: Hunk): boolean {
  return a.start === b.start && a.end === b.end && a.lines.join('') === b.lines.join('');
}

function conflictOf(
  file: string,
  dropped: string,
  clashes: Array<{ a: Hunk; h: Hunk }>,
  name: (subtask: string) => string,
): Conflict {
  const kept = [...new Set(clashes.map((c) => c.a.subtask))];
  const detail = clashes
    .map(({ a, h }) => `${describe(h)} (${name(dropped)}) clash with ${describe(a)} (${name(a.subtask)})`)
    .join('; ');
  return {
    file,
    // Kept first, dropped last: adapters mark every subtask after the first as the loser.
    subtasks: [kept[0]!, dropped],
    message: `${file}: ${detail}; kept ${kept.map(name).join(', ')}'s version and dropped ${name(dropped)}'s edits to this file`,
  };
}

function describe(h: Hunk): string {
  if (h.start === h.end) return `insertion at line ${h.start + 1}`;
  return h.end - h.start === 1 ? `line ${h.start + 1}` : `lines ${h.start + 1}-${h.end}`;
}
