/**
 * What a batch of changed paths (a file watcher's events) means for a loaded workspace: the source files
 * to update one by one, or a reason to load it again — a tsconfig/jsconfig/package.json changed (the file
 * list, options or package map may differ), or so many files changed at once (a branch switch, a formatter
 * over the tree) that one fresh load is cheaper than updating each. Pure: paths in, a decision out.
 */
import path from 'node:path';
import { isSourceFile, relativeInside, toPosix } from './paths';

/** More changed source files than this in one batch: reload instead of updating each. */
export const DEFAULT_BURST_FILES = 50;

const CONFIG_FILES = new Set(['tsconfig.json', 'jsconfig.json', 'package.json']);
const IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export type ChangeDecision =
  { kind: 'update'; files: string[] } | { kind: 'reload'; reason: string } | { kind: 'none' };

export interface ChangeOptions {
  burstFiles?: number;
}

/** `paths` are absolute; those outside `root`, in dependencies/VCS folders or not source files are ignored. */
export function decideChanges(
  root: string,
  paths: Iterable<string>,
  options: ChangeOptions = {},
): ChangeDecision {
  const burst = options.burstFiles ?? DEFAULT_BURST_FILES;
  const files = new Set<string>();
  for (const abs of paths) {
    const rel = relativeInside(root, path.resolve(abs));
    if (rel === undefined) continue;
    const parts = toPosix(rel).split('/');
    if (parts.some((p) => IGNORED_DIRS.has(p))) continue;
    const name = parts[parts.length - 1] ?? '';
    if (CONFIG_FILES.has(name)) return { kind: 'reload', reason: `${toPosix(rel)} changed` };
    if (isSourceFile(name)) files.add(toPosix(rel));
  }
  if (files.size > burst) {
    return { kind: 'reload', reason: `${files.size} files changed at once (more than ${burst})` };
  }
  return files.size === 0 ? { kind: 'none' } : { kind: 'update', files: [...files].sort() };
}
