/**
 * Writes a run's changes to disk, all or nothing. Every file is checked first (unchanged since planning,
 * new files still absent, path inside the root); then each is written atomically (temp file in the same
 * directory + rename). If a write fails, the files already written are restored and created ones removed.
 */
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { OrchestraError } from '../errors';
import type { FileChange } from '../runTypes';
import { sha256Hex } from '../workspace/contentHash';

/** The file operations used, injectable so tests can make a write fail. */
export type ApplyFs = Pick<
  typeof nodeFs,
  'readFile' | 'writeFile' | 'rename' | 'unlink' | 'mkdir' | 'rmdir' | 'stat' | 'chmod' | 'realpath'
>;

export interface StaleFile {
  file: string;
  reason: 'changed' | 'deleted' | 'created' | 'not-a-file';
}

export interface ApplyReport {
  /** False when files were stale: then nothing was written. */
  ok: boolean;
  written: string[];
  /** The written files that did not exist before. */
  created: string[];
  stale: StaleFile[];
  message: string;
}

interface Target {
  change: FileChange;
  abs: string;
  /** Disk bytes at check time; undefined for a new file. */
  original: Buffer | undefined;
  mode: number | undefined;
}

export async function applyToDisk(
  root: string,
  changes: readonly FileChange[],
  opts: { fs?: ApplyFs } = {},
): Promise<ApplyReport> {
  const fs = opts.fs ?? nodeFs;
  const realRoot = await fs.realpath(root);
  const targets: Target[] = [];
  const stale: StaleFile[] = [];
  for (const change of changes.filter((c) => c.isNew || c.before !== c.after)) {
    const abs = await resolveInside(fs, realRoot, change.file);
    const current = await readIfFile(fs, abs);
    const problem = staleReason(change, current);
    if (problem) stale.push({ file: change.file, reason: problem });
    else if (typeof current === 'object')
      targets.push({ change, abs, original: current.bytes, mode: current.mode });
    else targets.push({ change, abs, original: undefined, mode: undefined });
  }
  if (stale.length > 0) return { ok: false, written: [], created: [], stale, message: staleMessage(stale) };

  const done: Target[] = [];
  const createdDirs: string[] = [];
  for (const t of targets) {
    try {
      if (!t.original) await makeParents(fs, path.dirname(t.abs), createdDirs);
      await writeAtomic(fs, t.abs, t.change.after, t.mode);
      done.push(t);
    } catch (e) {
      const unrestored = await rollback(fs, done, createdDirs);
      const cause = e instanceof Error ? e.message : String(e);
      const restored =
        done.length === 0
          ? 'nothing was written'
          : `the ${done.length} file(s) already written were restored`;
      const tail = unrestored.length
        ? `; could NOT restore ${unrestored.join(', ')}: check them by hand`
        : '';
      throw new OrchestraError(
        'write-failed',
        `Could not write ${t.change.file} (${cause}); ${restored}${tail}. Check permissions and re-run.`,
        { files: [t.change.file, ...unrestored], cause: e },
      );
    }
  }
  const written = done.map((t) => t.change.file);
  const created = done.filter((t) => !t.original).map((t) => t.change.file);
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

function staleReason(
  change: FileChange,
  current: { bytes: Buffer } | 'not-a-file' | undefined,
): StaleFile['reason'] | undefined {
  if (current === 'not-a-file') return 'not-a-file';
  if (change.isNew) return current ? 'created' : undefined;
  if (!current) return 'deleted';
  const expected = change.beforeHash ?? sha256Hex(change.before);
  return sha256Hex(current.bytes) === expected ? undefined : 'changed';
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

/** Re-validates a change's path: relative, inside the root, and not escaping it through a symlink. */
async function resolveInside(fs: ApplyFs, realRoot: string, file: string): Promise<string> {
  const outside = new OrchestraError(
    'outside-workspace',
    `${file} is outside the workspace; refusing to write it.`,
    {
      files: [file],
    },
  );
  if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) throw outside;
  const abs = path.resolve(realRoot, file);
  let probe = abs;
  for (;;) {
    const real = await fs
      .realpath(probe)
      .catch((e: unknown) => (isMissing(e) ? undefined : Promise.reject(e)));
    if (real !== undefined) {
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw outside;
      return abs;
    }
    probe = path.dirname(probe);
  }
}

async function readIfFile(
  fs: ApplyFs,
  abs: string,
): Promise<{ bytes: Buffer; mode: number } | 'not-a-file' | undefined> {
  const st = await fs.stat(abs).catch((e: unknown) => (isMissing(e) ? undefined : Promise.reject(e)));
  if (!st) return undefined;
  if (!st.isFile()) return 'not-a-file';
  return { bytes: await fs.readFile(abs), mode: st.mode & 0o7777 };
}

async function makeParents(fs: ApplyFs, dir: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const exists = await fs.stat(d).then(
      () => true,
      (e: unknown) => (isMissing(e) ? false : Promise.reject(e)),
    );
    if (exists || path.dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    await fs.mkdir(d);
    created.push(d);
  }
}

let tmpCounter = 0;

async function writeAtomic(
  fs: ApplyFs,
  abs: string,
  content: string | Buffer,
  mode: number | undefined,
): Promise<void> {
  const tmp = path.join(
    path.dirname(abs),
    `.${path.basename(abs)}.orchestra-${process.pid}-${++tmpCounter}.tmp`,
  );
  try {
    await fs.writeFile(tmp, content);
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await fs.rename(tmp, abs);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Undoes the writes in reverse order; returns the files it could not restore. */
async function rollback(fs: ApplyFs, done: Target[], createdDirs: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const t of [...done].reverse()) {
    try {
      if (t.original) await writeAtomic(fs, t.abs, t.original, t.mode);
      else await fs.unlink(t.abs);
    } catch {
      failed.push(t.change.file);
    }
  }
  for (const d of [...createdDirs].reverse()) await fs.rmdir(d).catch(() => undefined);
  return failed;
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
