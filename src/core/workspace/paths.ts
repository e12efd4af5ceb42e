/** Path helpers shared by the workspace: one spelling for every file (relative, forward slashes). */
import fs from 'node:fs';
import path from 'node:path';

/** TypeScript extensions (`.d.ts` and friends end in `.ts`). */
export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'] as const;
/** JavaScript extensions: held when a jsconfig, a tsconfig with `allowJs` or a folder of plain JS asks for them. */
export const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'] as const;

export function isTsFile(file: string): boolean {
  return TS_EXTENSIONS.some((ext) => file.endsWith(ext));
}

export function isJsFile(file: string): boolean {
  return JS_EXTENSIONS.some((ext) => file.endsWith(ext));
}

/** A file the engine can load, check and write: TypeScript or JavaScript. */
export function isSourceFile(file: string): boolean {
  return isTsFile(file) || isJsFile(file);
}

/** Test files by name or folder (`*.test.ts`, `*.spec.jsx`, `__tests__/`). */
export function isTestFile(file: string): boolean {
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) || /(^|\/)__tests__\//.test(file);
}

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** A relative path as written, for comparing two spellings: forward slashes, no leading `./`. */
export function plainRelative(p: string): string {
  return toPosix(p).replace(/^\.\//, '');
}

/** Relative forward-slash path of `abs` under `root`, or undefined when it is outside (or is the root). */
export function relativeInside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return undefined;
  return toPosix(rel);
}

/** Nearest existing ancestor's realpath joined with the rest, so new files can be checked too. */
function realpathOfExistingPrefix(abs: string): string | undefined {
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return undefined;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Normalises a model-supplied path ('./a.ts', 'src\\a.ts', absolute inside root) to a relative
 * forward-slash path; undefined when it lies outside the root, also through a symlink.
 */
export function resolveInsideRoot(root: string, realRoot: string, file: string): string | undefined {
  if (file.includes('\0')) return undefined;
  const spelled = toPosix(file.trim());
  if (spelled === '') return undefined;
  // A Windows drive path on a POSIX host can never be inside the root.
  if (/^[a-zA-Z]:\//.test(spelled) && path.sep === '/') return undefined;
  const abs = path.resolve(root, spelled);
  const rel = relativeInside(root, abs) ?? relativeInside(realRoot, abs);
  if (rel === undefined) return undefined;
  const real = realpathOfExistingPrefix(abs);
  if (real === undefined || relativeInside(realRoot, real) === undefined) return undefined;
  return rel;
}
