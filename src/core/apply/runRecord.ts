/**
 * The record of an applied run, kept by each adapter outside the workspace so the run can be reverted later
 * (after a reload, from another process): per file the text before and after, each with its sha256, or absent
 * (a created file has no before; a deleted one, no after; a move is both: its old path without an after,
 * its new one without a before). Pure: the
 * adapters read the current files, this says which still hold what the run wrote and how to restore them.
 */
import type { FileChange } from '../runTypes';
import { sha256Hex } from '../workspace/contentHash';
import type { DiskOp } from './diskWrite';

export const RUN_RECORD_VERSION = 1;

/** A file's content at one side of the run. */
export interface RecordedText {
  text: string;
  /** sha256 hex of the text's UTF-8 bytes (= of the file's bytes, see contentHash.ts). */
  sha256: string;
}

export interface RecordedFile {
  /** Root-relative path, forward slashes. */
  path: string;
  /** Undefined: the run created the file. */
  before?: RecordedText;
  /** Undefined: the run deleted the file. */
  after?: RecordedText;
}

export interface RunRecord {
  version: typeof RUN_RECORD_VERSION;
  /** The workspace root the paths are relative to (the CLI's real path; the extension's folder URI). */
  root: string;
  instruction: string;
  /** ISO 8601. */
  appliedAt: string;
  files: RecordedFile[];
  /** Root-relative directories the apply made for new files, removed again by a revert if empty. */
  createdDirs: string[];
}

/**
 * The changes that write anything (an unchanged file is skipped; a move or a delete never is), in order:
 * what apply writes and records.
 */
export function effectiveChanges(changes: readonly FileChange[]): FileChange[] {
  return changes.filter(
    (c) => c.isNew || c.movedFrom !== undefined || c.deleted === true || c.before !== c.after,
  );
}

function recordedText(text: string): RecordedText {
  return { text, sha256: sha256Hex(text) };
}

export function buildRunRecord(
  meta: { root: string; instruction: string; appliedAt: Date; createdDirs?: readonly string[] },
  changes: readonly FileChange[],
): RunRecord {
  return {
    version: RUN_RECORD_VERSION,
    root: meta.root,
    instruction: meta.instruction,
    appliedAt: meta.appliedAt.toISOString(),
    files: effectiveChanges(changes).flatMap((c): RecordedFile[] => {
      // A delete leaves no after; a move is its old path (before only) and its new one (after only).
      if (c.deleted === true) return [{ path: c.file, before: recordedText(c.before) }];
      if (c.movedFrom !== undefined)
        return [
          { path: c.movedFrom, before: recordedText(c.before) },
          { path: c.file, after: recordedText(c.after) },
        ];
      return [
        {
          path: c.file,
          ...(c.isNew ? {} : { before: recordedText(c.before) }),
          after: recordedText(c.after),
        },
      ];
    }),
    createdDirs: [...(meta.createdDirs ?? [])],
  };
}

export interface EditedFile {
  path: string;
  why: 'changed' | 'deleted' | 'created';
}

export interface RecordCheck {
  /** Files that still hold exactly what the run left: these can be restored. */
  restorable: RecordedFile[];
  /** Files that already hold their text from before the run (undone by hand): nothing to do. */
  alreadyRestored: string[];
  /** Files edited since the run: a revert must leave them alone. */
  edited: EditedFile[];
}

/**
 * Compares the record with the files as they are now. `current(path)` is the file's text or bytes now,
 * undefined when it does not exist.
 */
export function checkRunRecord(
  record: RunRecord,
  current: (path: string) => string | Uint8Array | undefined,
): RecordCheck {
  const check: RecordCheck = { restorable: [], alreadyRestored: [], edited: [] };
  for (const file of record.files) {
    const now = current(file.path);
    const hash = now === undefined ? undefined : sha256Hex(now);
    if (hash === file.after?.sha256) check.restorable.push(file);
    else if (hash === file.before?.sha256) check.alreadyRestored.push(file.path);
    else {
      const why = now === undefined ? 'deleted' : file.after === undefined ? 'created' : 'changed';
      check.edited.push({ path: file.path, why });
    }
  }
  return check;
}

/** The disk steps that put `files` back: each must still hold its after-text; its before-text is restored. */
export function restoreOps(files: readonly RecordedFile[]): DiskOp[] {
  return files.map((f) => ({ file: f.path, expectedHash: f.after?.sha256, content: f.before?.text }));
}

/** The record reduced to `paths` (the files a partial revert left alone), or undefined when none is left. */
export function remainingRecord(record: RunRecord, paths: readonly string[]): RunRecord | undefined {
  const keep = new Set(paths);
  const files = record.files.filter((f) => keep.has(f.path));
  return files.length > 0 ? { ...record, files } : undefined;
}

/** "src/a.ts (changed since the refactor was applied), …" for messages. */
export function describeEdited(edited: readonly EditedFile[]): string {
  const why: Record<EditedFile['why'], string> = {
    changed: 'changed since the refactor was applied',
    deleted: 'deleted since the refactor was applied',
    created: 'created again since the refactor deleted it',
  };
  return edited.map((e) => `${e.path} (${why[e.why]})`).join(', ');
}
