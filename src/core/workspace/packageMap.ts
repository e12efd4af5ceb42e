/**
 * Workspace packages by name (every package.json below root outside node_modules), so that
 * `import … from '@acme/core'` resolves to the package's sources even when nothing is installed.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface WorkspacePackage {
  name: string;
  /** Package folder relative to root ('' for the root package). */
  dir: string;
  /** Targets for '.' in preference order (exports, types, main, ...), relative to `dir`. */
  mainTargets: string[];
  /** `exports` subpaths ('./utils', './*') → target, relative to `dir`. */
  subpaths: Map<string, string>;
}

/** Condition keys in the order a type-aware resolver would pick them. */
const CONDITIONS = ['types', 'typings', 'source', 'import', 'module', 'default', 'require', 'node'];

function pickTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = pickTarget(v);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of CONDITIONS) {
      const t = key in record ? pickTarget(record[key]) : undefined;
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

function readJson(abs: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(abs, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // a broken package.json just does not map
  }
}

export function readPackage(root: string, rel: string): WorkspacePackage | undefined {
  const json = readJson(path.join(root, rel));
  const name = json?.['name'];
  if (json === undefined || typeof name !== 'string' || name === '') return undefined;
  const dir = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
  const subpaths = new Map<string, string>();
  const mainTargets: string[] = [];
  const exportsField = json['exports'];
  if (exportsField !== null && typeof exportsField === 'object' && !Array.isArray(exportsField)) {
    const record = exportsField as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 0 && keys.every((k) => k.startsWith('.'))) {
      for (const key of keys) {
        const target = pickTarget(record[key]);
        if (target !== undefined) subpaths.set(key, target);
      }
    } else {
      const target = pickTarget(record);
      if (target !== undefined) subpaths.set('.', target);
    }
  } else {
    const target = pickTarget(exportsField);
    if (target !== undefined) subpaths.set('.', target);
  }
  const dot = subpaths.get('.');
  if (dot !== undefined) mainTargets.push(dot);
  for (const key of ['types', 'typings', 'source', 'module', 'main']) {
    const v = json[key];
    if (typeof v === 'string') mainTargets.push(v);
  }
  return { name, dir, mainTargets, subpaths };
}

/** Name → package; the shallowest package.json wins when two share a name. */
export function buildPackageMap(root: string, packageJsons: string[]): Map<string, WorkspacePackage> {
  const map = new Map<string, WorkspacePackage>();
  for (const rel of packageJsons) {
    const pkg = readPackage(root, rel);
    if (pkg !== undefined && !map.has(pkg.name)) map.set(pkg.name, pkg);
  }
  return map;
}

/** Splits 'name/sub/path' against the known package names (scoped names have a slash). */
export function splitPackageSpecifier(
  spec: string,
  packages: Map<string, WorkspacePackage>,
): { pkg: WorkspacePackage; subpath: string } | undefined {
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength) return undefined;
  const pkg = packages.get(parts.slice(0, nameLength).join('/'));
  if (pkg === undefined) return undefined;
  const rest = parts.slice(nameLength).join('/');
  return { pkg, subpath: rest === '' ? '.' : `./${rest}` };
}

/** The `exports` target for a subpath, honouring one '*' wildcard. */
export function exportTarget(pkg: WorkspacePackage, subpath: string): string | undefined {
  const exact = pkg.subpaths.get(subpath);
  if (exact !== undefined) return exact;
  for (const [key, target] of pkg.subpaths) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      return target.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

/**
 * Packages by folder, each package.json read once: the package a file belongs to, and what its `exports`
 * map between deep specifiers (`@acme/lib/util`) and workspace files, both ways. A move keeps such an
 * import in package form (`handlers/moveSpecifiers.ts`); the type-check resolves one to a file the result
 * creates (`merge/movedSpecifiers.ts`).
 */
export class PackageLookup {
  private readonly byDir = new Map<string, WorkspacePackage | undefined>();

  constructor(private readonly root: string) {}

  /** The package whose package.json is nearest above `file` inside the workspace. */
  packageOf(file: string): WorkspacePackage | undefined {
    const dir = path.posix.dirname(file);
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const rel = dir === '.' ? 'package.json' : `${dir}/package.json`;
    const found = fs.existsSync(path.join(this.root, rel))
      ? readPackage(this.root, rel)
      : dir === '.' || dir === '/'
        ? undefined
        : this.packageOf(dir);
    this.byDir.set(dir, found);
    return found;
  }

  /** Whether `spec` (`name/sub`) reaches `file` through the `exports` of the package holding `file`. */
  reaches(spec: string, file: string): boolean {
    const pkg = this.packageOf(file);
    const target = pkg === undefined ? undefined : exportedFile(pkg, spec);
    return target !== undefined && sameModule(target, file);
  }
}

/** The workspace file a `name/sub` specifier reaches through `pkg`'s `exports`, or undefined. */
export function exportedFile(pkg: WorkspacePackage, spec: string): string | undefined {
  if (!spec.startsWith(`${pkg.name}/`)) return undefined;
  const target = exportTarget(pkg, `./${spec.slice(pkg.name.length + 1)}`);
  return target === undefined ? undefined : path.posix.join(pkg.dir, target);
}

/** `name/sub` for a workspace file `pkg`'s `exports` cover (an exact subpath first), or undefined. */
export function packageSpecifier(pkg: WorkspacePackage, file: string): string | undefined {
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

const SOURCE_EXTENSION = /(\.d)?\.[cm]?[jt]sx?$/;

/** The same module: the same path, or the same path but for its source extension (`./util.js` for `util.ts`). */
function sameModule(a: string, b: string): boolean {
  return a === b || a.replace(SOURCE_EXTENSION, '') === b.replace(SOURCE_EXTENSION, '');
}
