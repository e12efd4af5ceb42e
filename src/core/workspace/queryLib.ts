/**
 * One bundled lib file for the query project. A type checker merges global declarations spread over
 * lib files (Array lives in a dozen of them) each time it is created, cloning symbols; a single lib
 * file is merged once by the binder and reused, so a warm query's new checker starts in milliseconds.
 */
import path from 'node:path';
import type { Project } from 'ts-morph';

/** Where ts-morph serves its bundled lib files from. */
const LIB_DIR = '/node_modules/typescript/lib';
const REFERENCE_LIB = /^\/\/\/\s*<reference\s+lib="([^"]+)"\s*\/>\s*$/gm;

const bundles = new Map<string, string>();

/** The lib files' texts with their `/// <reference lib>` closure inlined; '' when they cannot be read. */
export function bundleLibs(readFile: (file: string) => string | undefined, libs: string[]): string {
  const key = libs.join(',');
  const cached = bundles.get(key);
  if (cached !== undefined) return cached;
  const seen = new Set<string>();
  const parts: string[] = [];
  let complete = true;
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFile(`${LIB_DIR}/${file}`);
    if (text === undefined) {
      complete = false;
      return;
    }
    for (const m of text.matchAll(REFERENCE_LIB)) visit(`lib.${(m[1] ?? '').toLowerCase()}.d.ts`);
    parts.push(text.replace(REFERENCE_LIB, ''));
  };
  for (const lib of libs) visit(lib);
  const bundle = complete ? parts.join('\n') : '';
  bundles.set(key, bundle);
  return bundle;
}

/** A path outside any workspace for the bundled lib (never listed, never written). */
export function queryLibPath(root: string): string {
  return path.join(path.parse(root).root, '__orchestra__', 'lib.query.d.ts');
}

/** Adds the bundled lib to a `noLib` project; false when the libs could not be read (caller keeps `lib`). */
export function addQueryLib(project: Project, root: string, libs: string[]): boolean {
  const host = project.getModuleResolutionHost();
  const text = bundleLibs((f) => host.readFile(f), libs);
  if (text === '') return false;
  project.createSourceFile(queryLibPath(root), text, { overwrite: true });
  return true;
}
