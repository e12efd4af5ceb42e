/**
 * The one way tests get a folder on disk: a fresh dir under the OS temp dir, removed when the test process
 * exits (node --test runs each file in its own process), optionally filled with an inline file tree.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const created: string[] = [];

process.once('exit', () => {
  for (const dir of created.splice(0)) removeTree(dir);
});

/** An empty temp dir (its real path, so it compares equal to what the engine resolves). */
export function tempDir(prefix = 'orchestra-test-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → text or bytes) into a fresh temp dir and returns its path. */
export function writeTree(files: Record<string, string | Uint8Array>, prefix?: string): string {
  const root = tempDir(prefix);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** The texts of `files` under `root`, keyed as given (to compare with a literal expected tree). */
export function readTree(root: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
}

/** Every file under `root` with its text, keyed by its `/`-separated path, sorted (to compare with a literal tree). */
export function filesUnder(root: string): Record<string, string> {
  const out: Array<[string, string]> = [];
  for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const rel = path.relative(root, path.join(f.parentPath, f.name)).split(path.sep).join('/');
    out.push([rel, readFileSync(path.join(root, rel), 'utf8')]);
  }
  return Object.fromEntries(out.sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * Removes a temp tree even when a test left a folder read-only; a failure is reported, not thrown, since
 * an exit handler that throws would hide the tests' own result.
 */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    try {
      makeWritable(dir);
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      process.stderr.write(`could not remove the test's temp dir ${dir}: ${String(error)}\n`);
    }
  }
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(path.join(dir, entry.name));
  }
}
