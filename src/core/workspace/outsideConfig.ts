/**
 * Source files of the tree that no tsconfig/jsconfig holds — tests and scripts outside `include` — which the
 * workspace lists when they import one of its files (`DiskWorkspace` decides that once it has read them):
 * a change to a file they import can break them, and they may name the symbol a refactoring is about.
 * Build output is never one of them: the walk skips `node_modules`, `dist` and `out`, this leaves out every
 * config's `outDir`/`declarationDir` and declaration files (`.d.ts`, which are emitted, not written).
 */
import path from 'node:path';
import type { TreeScan } from './fileScan';
import { relativeInside, toPosix } from './paths';
import type { LoadedConfig } from './tsconfigLoader';

export function outsideCandidates(
  root: string,
  scan: TreeScan,
  configs: readonly LoadedConfig[],
  listed: readonly string[],
  allowsJs: boolean,
): string[] {
  const held = new Set(listed);
  const outputs = outputFolders(root, configs);
  const pool = allowsJs ? [...scan.tsFiles, ...scan.jsFiles] : scan.tsFiles;
  return pool.filter(
    (f) => !held.has(f) && !/\.d\.[cm]?ts$/.test(f) && !outputs.some((dir) => f.startsWith(`${dir}/`)),
  );
}

/** Relative folders the configs emit into. */
function outputFolders(root: string, configs: readonly LoadedConfig[]): string[] {
  const out = new Set<string>();
  for (const c of configs) {
    for (const dir of [c.options.outDir, c.options.declarationDir]) {
      if (typeof dir !== 'string') continue;
      const rel = relativeInside(root, path.resolve(root, dir));
      if (rel !== undefined) out.add(toPosix(rel));
    }
  }
  return [...out];
}
