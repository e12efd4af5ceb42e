/**
 * Writes a run's changes to disk, all or nothing. Every file is checked first (unchanged since planning,
 * new files still absent, path inside the root); then each is written atomically (temp file in the same
 * directory + rename). If a write fails, the files already written are restored and created ones removed.
 * The writer itself is `diskWrite.ts`, which the undo of a run (`runRecord.ts`) shares.
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
  written: string[];
  /** The written files that did not exist before. */
  created: string[];
  stale: StaleFile[];
  message: string;
}

export async function applyToDisk(
  root: string,
  changes: readonly FileChange[],
  opts: { fs?: ApplyFs } = {},
): Promise<ApplyReport> {
  const ops: DiskOp[] = effectiveChanges(changes).map((c) => ({
    file: c.file,
    expectedHash: c.isNew ? undefined : (c.beforeHash ?? sha256Hex(c.before)),
    content: c.after,
  }));
  const outcome = await writeAllOrNothing(root, ops, opts);
  if (!outcome.ok)
    return {
      ok: false,
      written: [],
      created: [],
      stale: outcome.stale,
      message: staleMessage(outcome.stale),
    };
  const { written, created } = outcome;
  const message = written.length
    ? `Wrote ${written.length} file(s): ${written.join(', ')}.`
    : 'Nothing to write.';
  return { ok: true, written, created, stale: [], message };
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

function staleMessage(stale: StaleFile[]): string {
  const what: Record<StaleFile['reason'], string> = {
    changed: 'changed since planning',
    deleted: 'was deleted since planning',
    created: 'already exists (created since planning)',
    'not-a-file': 'is no longer a regular file',
  };
  return `${stale.map((s) => `${s.file} ${what[s.reason]}`).join('; ')}; re-run the refactoring (nothing was written).`;
}
