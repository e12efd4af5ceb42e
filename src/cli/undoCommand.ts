/**
 * `orchestra undo`: reverts the last `orchestra refactor --apply` in this workspace from its record, all or
 * nothing like `--apply`: every file must still hold exactly what the run wrote, else nothing is touched and
 * the files changed since are named (exit 7). Once undone, the record is gone (a second undo: exit 3).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { removeEmptyDirs, writeAllOrNothing } from '../core/apply/diskWrite';
import {
  checkRunRecord,
  describeEdited,
  restoreOps,
  type EditedFile,
  type RunRecord,
} from '../core/apply/runRecord';
import { OrchestraError } from '../core/errors';
import type { CliArgs } from './args';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';
import { readRecordFile, recordFileFor, removeRecordFile } from './runRecordFile';

export async function undoCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  const recordFile = await recordFileFor(io.env, args.cwd);
  const record = await readRecordFile(recordFile);
  if (!record) {
    return nothingToUndo(
      args,
      io,
      `Nothing to undo: no \`orchestra refactor --apply\` is recorded for ${args.cwd} (or it was undone already).`,
    );
  }
  const current = await readCurrent(args.cwd, record);
  const check = checkRunRecord(record, (p) => current.get(p));
  if (check.edited.length > 0) return refuse(args, io, check.edited);
  if (check.restorable.length === 0) {
    await removeRecordFile(recordFile);
    return nothingToUndo(
      args,
      io,
      'Nothing to undo: every file of the last refactor already holds its text from before it.',
    );
  }

  const outcome = await writeAllOrNothing(args.cwd, restoreOps(check.restorable));
  if (!outcome.ok) {
    // Changed between the check and the write: still nothing was written.
    const why = {
      changed: 'changed',
      deleted: 'deleted',
      created: 'created',
      'not-a-file': 'changed',
    } as const;
    return refuse(
      args,
      io,
      outcome.error.map((s) => ({ path: s.file, why: why[s.reason] })),
    );
  }
  const removedDirs = await removeEmptyDirs(args.cwd, record.createdDirs);
  await removeRecordFile(recordFile);
  const restored = outcome.value.written;
  const removed = outcome.value.deleted;
  if (args.json) {
    io.stdout(
      JSON.stringify(
        {
          undone: true,
          instruction: record.instruction,
          appliedAt: record.appliedAt,
          restored,
          removed,
          removedDirs,
          alreadyRestored: check.alreadyRestored,
        },
        null,
        2,
      ) + '\n',
    );
  }
  const parts = [
    restored.length ? `restored ${restored.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')} (created by the refactor)` : '',
  ].filter(Boolean);
  io.stderr(`Undid "${record.instruction}" (applied ${record.appliedAt}): ${parts.join('; ')}.\n`);
  return ExitCode.done;
}

/** The record's files as they are now: bytes, or undefined when absent. */
async function readCurrent(root: string, record: RunRecord): Promise<Map<string, Uint8Array | undefined>> {
  const current = new Map<string, Uint8Array | undefined>();
  for (const file of record.files) {
    const bytes = await readFile(path.join(root, file.path)).catch((e: unknown) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new OrchestraError(
        'write-failed',
        `Cannot read ${file.path} (${(e as Error).message}); nothing was undone.`,
        { files: [file.path], cause: e },
      );
    });
    current.set(file.path, bytes);
  }
  return current;
}

function refuse(args: CliArgs, io: CliIo, edited: EditedFile[]): never {
  if (args.json) io.stdout(JSON.stringify({ undone: false, edited }, null, 2) + '\n');
  throw new OrchestraError(
    'stale-file',
    `Nothing was undone: ${describeEdited(edited)}. Undo is all or nothing; put back what the refactor wrote ` +
      'in those files (or revert the run by hand), then run orchestra undo again.',
    { files: edited.map((e) => e.path) },
  );
}

function nothingToUndo(args: CliArgs, io: CliIo, message: string): ExitCodeValue {
  if (args.json) io.stdout(JSON.stringify({ undone: false, edited: [] }, null, 2) + '\n');
  io.stderr(`${message}\n`);
  return ExitCode.nothingToChange;
}
