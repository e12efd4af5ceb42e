/**
 * Per-hunk choice: the text a file gets when only some of its hunks are kept. The kept hunks are applied
 * on `before` (they were computed against it), so a hunk whose neighbours were dropped applies cleanly; what
 * cannot be kept faithfully is refused with why, never mangled. Pure.
 */
import { err, ok, type Result } from '../result';
import type { FileChange } from '../runTypes';
import { splitKeepingEol } from './textLines';
import { textHunks, type TextHunk } from './textHunks';

/** Hunk indices (textHunks' numbering) to keep, per file; a file not listed keeps every hunk. */
export type HunkSelection = ReadonlyMap<string, ReadonlySet<number>>;

export interface FileRefusal {
  file: string;
  why: string;
}

/** `before` with the hunks whose index is in `keep` applied. */
export function applyKeptHunks(
  before: string,
  hunks: readonly TextHunk[],
  keep: ReadonlySet<number>,
): string {
  const lines = splitKeepingEol(before);
  const out: string[] = [];
  let line = 0;
  for (const h of hunks) {
    if (!keep.has(h.index)) continue;
    out.push(...lines.slice(line, h.start), ...h.added);
    line = h.end;
  }
  out.push(...lines.slice(line));
  return out.join('');
}

/**
 * The change with only the hunks in `keep`: undefined when none is kept (the file is left as it is), the
 * change itself when all are, else a change whose `after` holds the kept hunks only.
 */
export function selectFileHunks(
  change: FileChange,
  keep: ReadonlySet<number>,
): Result<FileChange | undefined, FileRefusal> {
  const hunks = textHunks(change.before, change.after);
  const kept = hunks.filter((h) => keep.has(h.index));
  if (kept.length === 0) return ok(undefined);
  if (kept.length === hunks.length) return ok(change);
  // The check that the numbering still describes this change: all hunks on `before` must give `after` back.
  if (applyKeptHunks(change.before, hunks, new Set(hunks.map((h) => h.index))) !== change.after) {
    return err({
      file: change.file,
      why: 'its hunks do not reproduce the result; apply the whole file or none',
    });
  }
  const after = applyKeptHunks(change.before, hunks, keep);
  if (after === change.before) return ok(undefined);
  // The hunks' provenance describes the whole change, not this part of it.
  return ok({ ...change, after, hunks: undefined });
}

/**
 * The changes to write: files not in `files` are left out, every other file gets the hunks `hunks` keeps
 * for it. Refused as a whole when any file cannot be kept as chosen (apply is all or nothing).
 */
export function selectChanges(
  changes: readonly FileChange[],
  files: ReadonlySet<string>,
  hunks: HunkSelection,
): Result<FileChange[], FileRefusal[]> {
  const out: FileChange[] = [];
  const refused: FileRefusal[] = [];
  for (const change of changes) {
    if (!files.has(change.file)) continue;
    const keep = hunks.get(change.file);
    if (!keep) {
      out.push(change);
      continue;
    }
    const selected = selectFileHunks(change, keep);
    if (!selected.ok) refused.push(selected.error);
    else if (selected.value) out.push(selected.value);
  }
  return refused.length ? err(refused) : ok(out);
}
