/**
 * `openWorkspace()`: chooses which files a workspace holds — tsconfig (`files`/`include`/`exclude`, `extends`,
 * `references`, every tsconfig below the root) or a walk of the tree, plus the user's include/exclude globs —
 * and hands them to the disk workspace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OrchestraError } from '../errors';
import { DiskWorkspace, type SkippedFile } from './diskWorkspace';
import { globToRegExp, matchesAny, scanTree } from './fileScan';
import { isTsFile, relativeInside, toPosix } from './paths';
import { DEFAULT_MAX_FILE_BYTES } from './textChecks';
import { loadTsconfigs, type LoadedConfig } from './tsconfigLoader';
import type { OpenOptions } from './workspace';

export async function openWorkspace(root: string, options: OpenOptions = {}): Promise<DiskWorkspace> {
  const absRoot = path.resolve(root);
  let realRoot: string;
  try {
    if (!fs.statSync(absRoot).isDirectory()) throw new Error('not a folder');
    realRoot = fs.realpathSync(absRoot);
  } catch {
    throw new OrchestraError('no-project', `Cannot open ${root}: it is not a folder. Open a project folder.`);
  }
  const scan = scanTree(absRoot);
  const earlySkips: SkippedFile[] = [];
  let files: string[];
  let source = 'glob';
  let configs: LoadedConfig[] = [];
  const load = scan.tsconfigs.length > 0 ? loadTsconfigs(absRoot, scan) : undefined;
  const withFiles = load?.configs.filter((c) => c.fileNames.length > 0) ?? [];
  if (load !== undefined) earlySkips.push(...load.problems);
  if (load !== undefined && withFiles.length > 0) {
    configs = load.configs;
    source = withFiles.map((c) => c.file).join(', ');
    files = [...new Set(withFiles.flatMap((c) => c.fileNames))].filter(isTsFile);
    for (const c of load.configs) {
      for (const f of c.outsideFiles) {
        const rel = relativeInside(absRoot, f);
        if (rel !== undefined && /\.d\.[cm]?ts$/.test(rel)) {
          earlySkips.push({ file: rel, reason: 'declaration file from node_modules' });
        }
      }
    }
  } else {
    files = scan.tsFiles;
  }
  if (options.include !== undefined && options.include.length > 0) {
    const include = options.include.map(globToRegExp);
    files = [...new Set([...files, ...scan.tsFiles.filter((f) => matchesAny(f, include))])];
  }
  if (options.exclude !== undefined && options.exclude.length > 0) {
    const exclude = options.exclude.map(globToRegExp);
    files = files.filter((f) => !matchesAny(f, exclude));
  }
  if (files.length === 0) {
    throw new OrchestraError(
      'no-project',
      `No TypeScript files found in ${root}: open a folder with a tsconfig.json or .ts files`,
    );
  }
  files.sort();
  return new DiskWorkspace(
    absRoot,
    realRoot,
    toPosix(source),
    files,
    earlySkips,
    configs,
    scan.packageJsons,
    options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  );
}
