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
