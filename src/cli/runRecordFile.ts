/**
 * Where the CLI keeps the record of its last `--apply` per workspace: outside the workspace, in the user's
 * state directory (`$ORCHESTRA_STATE_DIR`, else `$XDG_STATE_HOME/orchestra-refactor`, else
 * `~/.local/state/orchestra-refactor`), one file per workspace named by the sha256 of its real path.
 */
import * as fs from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseRunRecord, serializeRunRecord } from '../core/apply/runRecordJson';
import type { RunRecord } from '../core/apply/runRecord';
import { OrchestraError } from '../core/errors';
import { sha256Hex } from '../core/workspace/contentHash';

export function stateDir(env: Record<string, string | undefined>): string {
  if (env.ORCHESTRA_STATE_DIR) return path.resolve(env.ORCHESTRA_STATE_DIR);
  if (env.XDG_STATE_HOME) return path.join(path.resolve(env.XDG_STATE_HOME), 'orchestra-refactor');
  return path.join(env.HOME || homedir(), '.local', 'state', 'orchestra-refactor');
}

/** The record file for the workspace at `root` (resolved through symlinks, so every spelling of it agrees). */
export async function recordFileFor(env: Record<string, string | undefined>, root: string): Promise<string> {
  const real = await fs.realpath(root).catch(() => path.resolve(root));
  return path.join(stateDir(env), 'last-run', `${sha256Hex(real).slice(0, 32)}.json`);
}

/** The stored record; undefined when there is none; an error naming the file when it cannot be used. */
export async function readRecordFile(file: string): Promise<RunRecord | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OrchestraError('bad-input', `Cannot read the undo record ${file}: ${(e as Error).message}.`);
  }
  const parsed = parseRunRecord(text);
  if (!parsed.ok) {
    throw new OrchestraError(
      'bad-input',
      `The undo record ${file} cannot be used: ${parsed.error}. Delete it; the files were not touched.`,
    );
  }
  return parsed.value;
}

/** Replaces the record atomically (temp file + rename), readable by the user only: it holds file texts. */
export async function writeRecordFile(file: string, record: RunRecord): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, serializeRunRecord(record), { mode: 0o600 });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function removeRecordFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
