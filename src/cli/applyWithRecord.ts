/** `--apply` that keeps an undo record: the run's files before and after, outside the workspace (runRecordFile.ts). */
import { realpath } from 'node:fs/promises';
import { applyToDiskOrThrow, type ApplyReport } from '../core/apply/applyToDisk';
import { missingParentDirs } from '../core/apply/diskWrite';
import { buildRunRecord, effectiveChanges } from '../core/apply/runRecord';
import type { FileChange } from '../core/runTypes';
import type { CliIo } from './io';
import { recordFileFor, removeRecordFile, writeRecordFile } from './runRecordFile';

export async function applyAndRecord(
  root: string,
  changes: readonly FileChange[],
  instruction: string,
  io: CliIo,
): Promise<ApplyReport> {
  // New files and move targets may need directories, which undo removes again when it leaves them empty.
  const created = effectiveChanges(changes).filter((c) => c.isNew || c.movedFrom !== undefined);
  const createdDirs = await missingParentDirs(
    root,
    created.map((c) => c.file),
  );
  const report = await applyToDiskOrThrow(root, changes);
  const recordFile = await recordFileFor(io.env, root);
  try {
    const record = buildRunRecord(
      { root: await realpath(root), instruction, appliedAt: new Date(), createdDirs },
      changes,
    );
    await writeRecordFile(recordFile, record);
  } catch (e) {
    // The files are written; only the way back is missing. An older record must not stand in for this run.
    await removeRecordFile(recordFile).catch(() => undefined);
    io.stderr(
      `warning: the changes were written, but the undo record could not be kept (${e instanceof Error ? e.message : String(e)}); ` +
        '`orchestra undo` cannot revert this run.\n',
    );
  }
  return report;
}
