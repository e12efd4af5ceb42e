/**
 * Package-name deep imports through an `exports` pattern (`"./*": "./src/*.ts"`, imported as `@acme/lib/util`):
 * TypeScript's file rename rewrites them to a `paths` alias or a relative path, since it does not map a file
 * back through `exports`. When the moved file's new path is still covered by the same package's exports,
 * the specifier is put back in package form (`@acme/lib/helpers`), as the importer wrote it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { exportTarget, readPackage, type WorkspacePackage } from '../workspace/packageMap';

/** `after` (an importer as the rename left it) with its package-form deep imports of `from` pointing at `to`. */
export function keepPackageSpecifiers(
  root: string,
  move: { from: string; to: string },
  before: string,
  after: string,
): string {
  const pkg = packageOf(root, move.from);
  if (pkg === undefined) return after;
  const was = ts.preProcessFile(before, true, true).importedFiles;
  const now = ts.preProcessFile(after, true, true).importedFiles;
  // The rename only rewrites specifiers, so the imports pair up one to one; anything else is left alone.
  if (was.length !== now.length) return after;
  let out = after;
  for (let i = now.length - 1; i >= 0; i--) {
    const old = was[i];
    const cur = now[i];
    if (old === undefined || cur === undefined || old.fileName === cur.fileName) continue;
    if (resolvesThroughExports(pkg, old.fileName) !== move.from) continue;
    const spec = packageSpecifier(pkg, move.to);
    if (spec === undefined) continue;
    // `pos` is where the literal starts (its quote, for a string); the specifier's text follows it.
    const at = out.indexOf(cur.fileName, cur.pos);
    if (at < 0 || at > cur.pos + 1) continue;
    out = out.slice(0, at) + spec + out.slice(at + cur.fileName.length);
  }
  return out;
}

/** The package whose package.json is nearest above `file` inside the workspace. */
function packageOf(root: string, file: string): WorkspacePackage | undefined {
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const rel = dir === '.' ? 'package.json' : `${dir}/package.json`;
    if (fs.existsSync(path.join(root, rel))) return readPackage(root, rel);
    if (dir === '.' || dir === '/') return undefined;
  }
}

/** The workspace file a `name/sub` specifier reaches through the package's `exports`, or undefined. */
function resolvesThroughExports(pkg: WorkspacePackage, spec: string): string | undefined {
  if (!spec.startsWith(`${pkg.name}/`)) return undefined;
  const target = exportTarget(pkg, `./${spec.slice(pkg.name.length + 1)}`);
  return target === undefined ? undefined : path.posix.join(pkg.dir, target);
}

/** `name/sub` for a workspace file the package's `exports` covers (an exact subpath first), or undefined. */
function packageSpecifier(pkg: WorkspacePackage, file: string): string | undefined {
  const patterns: Array<[key: string, target: string]> = [];
  for (const [key, target] of pkg.subpaths) {
    if (key === '.' || !key.startsWith('./')) continue;
    if (!key.includes('*')) {
      if (path.posix.join(pkg.dir, target) === file) return `${pkg.name}/${key.slice(2)}`;
    } else patterns.push([key, target]);
  }
  for (const [key, target] of patterns) {
    const [prefix = '', suffix = ''] = path.posix.join(pkg.dir, target).split('*');
    if (!file.startsWith(prefix) || !file.endsWith(suffix) || file.length < prefix.length + suffix.length)
      continue;
    const stem = file.slice(prefix.length, file.length - suffix.length);
    if (stem === '') continue;
    return `${pkg.name}/${key.slice(2).replace('*', stem)}`;
  }
  return undefined;
}
