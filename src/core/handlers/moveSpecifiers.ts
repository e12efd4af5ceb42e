/**
 * Package-name deep imports through an `exports` pattern (`"./*": "./src/*.ts"`, imported as `@acme/lib/util`):
 * TypeScript's file rename rewrites them to a `paths` alias or a relative path, since it does not map a file
 * back through `exports`. When the moved file's new path is still covered by the same package's exports,
 * the specifier is put back in package form (`@acme/lib/helpers`), as the importer wrote it.
 */
import { ts } from 'ts-morph';
import { exportedFile, PackageLookup, packageSpecifier } from '../workspace/packageMap';

/** `after` (an importer as the rename left it) with its package-form deep imports of `from` pointing at `to`. */
export function keepPackageSpecifiers(
  root: string,
  move: { from: string; to: string },
  before: string,
  after: string,
): string {
  const pkg = new PackageLookup(root).packageOf(move.from);
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
    if (exportedFile(pkg, old.fileName) !== move.from) continue;
    const spec = packageSpecifier(pkg, move.to);
    if (spec === undefined) continue;
    // `pos` is where the literal starts (its quote, for a string); the specifier's text follows it.
    const at = out.indexOf(cur.fileName, cur.pos);
    if (at < 0 || at > cur.pos + 1) continue;
    out = out.slice(0, at) + spec + out.slice(at + cur.fileName.length);
  }
  return out;
}
