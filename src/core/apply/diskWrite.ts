/**
 * The atomic, all-or-nothing writer under `applyToDisk` (a run's changes) and the undo of a run (its record):
 * every file is checked first against what must be there now (a content hash, or absent), then each is
 * written (temp file in the same directory + rename) or deleted. If one fails, the files already done are
 * put back (bytes and mode) and the directories made for new files removed.
 */
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { OrchestraError } from '../errors';
import { err, ok, type Result } from '../result';
import { sha256Hex } from '../workspace/contentHash';

/** The file operations used, injectable so tests can make a write fail. */
export type ApplyFs = Pick<
  typeof nodeFs,
  'readFile' | 'writeFile' | 'rename' | 'unlink' | 'mkdir' | 'rmdir' | 'stat' | 'chmod' | 'realpath'
>;

/** One file's step: what must be on disk now and what to leave there. */
export interface DiskOp {
  /** Root-relative path, forward slashes. */
  file: string;
  /** sha256 of the bytes that must be there now; undefined = the file must not exist. */
  expectedHash: string | undefined;
  /** What to leave there; undefined = delete the file. */
  content: string | Buffer | undefined;
}

export interface StaleFile {
  file: string;
  reason: 'changed' | 'deleted' | 'created' | 'not-a-file';
}

/** What an all-or-nothing write did, in the order of its ops. */
export interface DiskWritten {
  written: string[];
  /** The written files that did not exist before. */
  created: string[];
  deleted: string[];
}

/** The files done, or (nothing was written) the files that are not what the ops expect. */
export type DiskWriteOutcome = Result<DiskWritten, StaleFile[]>;

interface Target {
  op: DiskOp;
  abs: string;
  /** Disk bytes at check time; undefined for a file that did not exist. */
  original: Buffer | undefined;
  mode: number | undefined;
}

export async function writeAllOrNothing(
  root: string,
  ops: readonly DiskOp[],
  opts: { fs?: ApplyFs } = {},
): Promise<DiskWriteOutcome> {
  const fs = opts.fs ?? nodeFs;
  const realRoot = await fs.realpath(root);
  const targets: Target[] = [];
  const stale: StaleFile[] = [];
  for (const op of ops) {
    const abs = await resolveInside(fs, realRoot, op.file);
    const current = await readIfFile(fs, abs);
    const problem = staleReason(op, current);
    if (problem) stale.push({ file: op.file, reason: problem });
    else if (typeof current === 'object')
      targets.push({ op, abs, original: current.bytes, mode: current.mode });
    else targets.push({ op, abs, original: undefined, mode: undefined });
  }
  if (stale.length > 0) return err(stale);

  const done: Target[] = [];
  const createdDirs: string[] = [];
  for (const t of targets) {
    try {
      if (t.op.content === undefined) await fs.unlink(t.abs);
      else {
        if (!t.original) await makeParents(fs, path.dirname(t.abs), createdDirs);
        await writeAtomic(fs, t.abs, t.op.content, t.mode);
      }
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
      const verb = t.op.content === undefined ? 'remove' : 'write';
      throw new OrchestraError(
        'write-failed',
        `Could not ${verb} ${t.op.file} (${cause}); ${restored}${tail}. Check permissions and re-run.`,
        { files: [t.op.file, ...unrestored], cause: e },
      );
    }
  }
  const kept = done.filter((t) => t.op.content !== undefined);
  return ok({
    written: kept.map((t) => t.op.file),
    created: kept.filter((t) => !t.original).map((t) => t.op.file),
    deleted: done.filter((t) => t.op.content === undefined).map((t) => t.op.file),
  });
}

/**
 * Removes the given root-relative directories that are empty, deepest first (the ones a run made for its new
 * files, once undo removed those files). A directory that still holds anything is left; returns the removed.
 */
export async function removeEmptyDirs(
  root: string,
  dirs: readonly string[],
  opts: { fs?: ApplyFs } = {},
): Promise<string[]> {
  const fs = opts.fs ?? nodeFs;
  const realRoot = await fs.realpath(root);
  const removed: string[] = [];
  const deepestFirst = [...new Set(dirs)].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of deepestFirst) {
    const abs = await resolveInside(fs, realRoot, dir);
    if (abs === realRoot) continue;
    // rmdir refuses a directory that is not empty, which is what keeps anything the user put there.
    const gone = await fs.rmdir(abs).then(
      () => true,
      () => false,
    );
    if (gone) removed.push(dir);
  }
  return removed;
}

/** The root-relative parent directories of `files` that do not exist yet (the ones writing them would make). */
export async function missingParentDirs(
  root: string,
  files: readonly string[],
  opts: { fs?: ApplyFs } = {},
): Promise<string[]> {
  const fs = opts.fs ?? nodeFs;
  const missing = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) {
      if (missing.has(dir)) continue;
      const exists = await fs.stat(path.join(root, dir)).then(
        () => true,
        (e: unknown) => (isMissing(e) ? false : Promise.reject(e)),
      );
      if (exists) break;
      missing.add(dir);
    }
  }
  return [...missing].sort();
}

function staleReason(
  op: DiskOp,
  current: { bytes: Buffer } | 'not-a-file' | undefined,
): StaleFile['reason'] | undefined {
  if (current === 'not-a-file') return 'not-a-file';
  if (op.expectedHash === undefined) return current ? 'created' : undefined;
  if (!current) return 'deleted';
  return sha256Hex(current.bytes) === op.expectedHash ? undefined : 'changed';
}

/** Re-validates a path: relative, inside the root, and not escaping it through a symlink. */
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

/** Undoes the steps done, in reverse order; returns the files it could not restore. */
async function rollback(fs: ApplyFs, done: Target[], createdDirs: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const t of [...done].reverse()) {
    try {
      if (t.original) await writeAtomic(fs, t.abs, t.original, t.mode);
      else await fs.unlink(t.abs);
    } catch {
      failed.push(t.op.file);
    }
  }
  for (const d of [...createdDirs].reverse()) await fs.rmdir(d).catch(() => undefined);
  return failed;
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
