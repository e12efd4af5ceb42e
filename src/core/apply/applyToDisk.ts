/**
 * Writes a run's changes to disk, all or nothing. Every file is checked first (unchanged since planning,
 * new files and move targets still absent, path inside the root); then each is written atomically (temp
 * file in the same directory + rename) or removed: a move is its new path written and its old one removed,
 * a delete the file removed, in the same transaction. If a step fails, the files already done are restored
 * (moved and deleted ones put back) and created ones removed. The writer itself is `diskWrite.ts`, which the
 * undo of a run (`runRecord.ts`) shares.
 */
import { OrchestraError } from '../errors';
import type { FileChange } from '../runTypes';
import { sha256Hex } from '../workspace/contentHash';
import { writeAllOrNothing, type ApplyFs, type DiskOp, type StaleFile } from './diskWrite';
import { effectiveChanges } from './runRecord';

export type { ApplyFs, StaleFile } from './diskWrite';

export interface ApplyReport {
  /** False when files were stale: then nothing was written. */
  ok: boolean;
  /** Files whose text was written (a moved file at its new path). */
  written: string[];
  /** The written files that did not exist before (not counting move targets). */
  created: string[];
  /** Files moved (old path removed, new path written). */
  moved: Array<{ from: string; to: string }>;
  /** Files deleted. */
  deleted: string[];
  stale: StaleFile[];
  message: string;
}

/** The disk steps of a run's changes: a move is its new path (which must be absent) and its old one removed. */
export function diskOpsOf(changes: readonly FileChange[]): DiskOp[] {
  return effectiveChanges(changes).flatMap((c): DiskOp[] => {
    const expectedHash = c.beforeHash ?? sha256Hex(c.before);
    if (c.deleted === true) return [{ file: c.file, expectedHash, content: undefined }];
    if (c.movedFrom !== undefined)
      return [
        { file: c.file, expectedHash: undefined, content: c.after },
        { file: c.movedFrom, expectedHash, content: undefined },
      ];
    return [{ file: c.file, expectedHash: c.isNew ? undefined : expectedHash, content: c.after }];
  });
}

export async function applyToDisk(
  root: string,
  changes: readonly FileChange[],
  opts: { fs?: ApplyFs } = {},
): Promise<ApplyReport> {
  const outcome = await writeAllOrNothing(root, diskOpsOf(changes), opts);
  if (!outcome.ok)
    return {
      ok: false,
      written: [],
      created: [],
      moved: [],
      deleted: [],
      stale: outcome.error,
      message: staleMessage(outcome.error, changes),
    };
  const effective = effectiveChanges(changes);
  const moved = effective.flatMap((c) =>
    c.movedFrom === undefined ? [] : [{ from: c.movedFrom, to: c.file }],
  );
  const deleted = effective.filter((c) => c.deleted === true).map((c) => c.file);
  const targets = new Set(moved.map((m) => m.to));
  const { written } = outcome.value;
  const created = outcome.value.created.filter((f) => !targets.has(f));
  const parts = [
    written.length ? `Wrote ${written.length} file(s): ${written.join(', ')}` : '',
    moved.length ? `moved ${moved.map((m) => `${m.from} → ${m.to}`).join(', ')}` : '',
    deleted.length ? `deleted ${deleted.join(', ')}` : '',
  ].filter(Boolean);
  const message = parts.length ? `${parts.join('; ')}.` : 'Nothing to write.';
  return { ok: true, written, created, moved, deleted, stale: [], message };
}

/** Like applyToDisk, but stale files are an OrchestraError('stale-file') naming them. */
export async function applyToDiskOrThrow(
  root: string,
  changes: readonly FileChange[],
  opts: { fs?: ApplyFs } = {},
): Promise<ApplyReport> {
  const report = await applyToDisk(root, changes, opts);
  if (!report.ok)
    throw new OrchestraError('stale-file', report.message, { files: report.stale.map((s) => s.file) });
  return report;
}

function staleMessage(stale: StaleFile[], changes: readonly FileChange[]): string {
  const what: Record<StaleFile['reason'], string> = {
    changed: 'changed since planning',
    deleted: 'was deleted since planning',
    created: 'already exists (created since planning)',
    'not-a-file': 'is no longer a regular file',
  };
  const moveTargets = new Map(
    changes.flatMap((c) => (c.movedFrom === undefined ? [] : [[c.file, c.movedFrom]])),
  );
  const why = (s: StaleFile): string => {
    const from = moveTargets.get(s.file);
    if (from !== undefined && s.reason === 'created')
      return `already exists, so ${from} cannot move there (a move never overwrites a file)`;
    return what[s.reason];
  };
  return `${stale.map((s) => `${s.file} ${why(s)}`).join('; ')}; re-run the refactoring (nothing was written).`;
}
