/**
 * The query project's lib files. References to a module-level symbol (a class, an interface, a function, a
 * constant…) resolve through names and imports alone, so such queries run against a stub that declares
 * only the global types a checker insists on — no lib text to parse or bind, a fifth of a cold query.
 * References to a member can depend on lib types (`items.map((i) => i.label)`), so a member query first
 * adds the real libs, as one bundled file: a checker merges global declarations spread over lib files
 * (Array lives in a dozen of them) each time it is created, cloning symbols; a single file is merged once
 * by the binder and reused, so a later query's new checker starts in milliseconds. The stub's empty
 * interfaces merge into the real ones without conflict.
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

/** Beside it, the stub lib. */
export function queryStubLibPath(root: string): string {
  return path.join(path.parse(root).root, '__orchestra__', 'lib.stub.d.ts');
}

/** The global types a checker looks up by name; empty, so the real lib's declarations merge into them. */
const STUB_LIB = [
  'interface Array<T> {}',
  'interface Boolean {}',
  'interface Function {}',
  'interface IArguments {}',
  'interface Number {}',
  'interface Object {}',
  'interface RegExp {}',
  'interface String {}',
].join('\n');

/** Where each query project gets its full libs from, once a member query asks for them. */
const fullLibs = new WeakMap<Project, () => boolean>();

/**
 * Gives a `noLib` query project the stub lib and remembers how to add the real `libs` later.
 * False when the libs cannot be read (the caller then keeps the compiler's own lib handling).
 */
export function addQueryLib(project: Project, root: string, libs: string[]): boolean {
  const host = project.getModuleResolutionHost();
  let text: string | undefined;
  const readable = (): string => (text ??= bundleLibs((f) => host.readFile(f), libs));
  if (readable() === '') return false;
  project.createSourceFile(queryStubLibPath(root), STUB_LIB, { overwrite: true });
  let added = false;
  fullLibs.set(project, () => {
    if (!added) project.createSourceFile(queryLibPath(root), readable(), { overwrite: true });
    added = true;
    return true;
  });
  return true;
}

/** Adds the real libs to a query project set up by `addQueryLib` (once); false for any other project. */
export function useFullQueryLib(project: Project): boolean {
  return fullLibs.get(project)?.() ?? false;
}
