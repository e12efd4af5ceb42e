/**
 * Which files a workspace holds — tsconfig or jsconfig (`files`/`include`/`exclude`, `extends`, `references`,
 * every config below the root) or a walk of the tree (TypeScript files, else JavaScript files), plus the
 * user's include/exclude globs. Run once by `openWorkspace()` and again by an incremental update when a file
 * appears or disappears, so both see exactly the list a fresh load would.
 */
import { globToRegExp, matchesAny, scanTree } from './fileScan';
import { isJsFile, isSourceFile, isTsFile, relativeInside, toPosix } from './paths';
import { outsideCandidates } from './outsideConfig';
import { loadTsconfigs, type LoadedConfig } from './tsconfigLoader';
import type { OpenOptions, SkippedFile } from './workspace';

export interface FileSelection {
  /** Relative, sorted. */
  files: string[];
  /** tsconfig path(s) or 'glob'. */
  source: string;
  earlySkips: SkippedFile[];
  configs: LoadedConfig[];
  packageJsons: string[];
  /** The files include JavaScript (the projects then need `allowJs`). */
  holdsJs: boolean;
  /** Files outside every config, listed because they import a listed file (tests, scripts; outsideConfig.ts). */
  outside: string[];
}

export function selectFiles(absRoot: string, options: OpenOptions = {}): FileSelection {
  const scan = scanTree(absRoot);
  const earlySkips: SkippedFile[] = [];
  let files: string[];
  let source = 'glob';
  let configs: LoadedConfig[] = [];
  // Whether JavaScript files belong to the workspace: a config allowing them (jsconfig, `allowJs`), or no
  // config and no TypeScript, as the language service treats a folder of plain JavaScript.
  let allowsJs: boolean;
  // Files outside every config, listed if they import a workspace file (see outsideConfig.ts).
  let outside: string[] = [];
  const hasConfig = scan.tsconfigs.length > 0 || scan.jsconfigs.length > 0;
  const load = hasConfig ? loadTsconfigs(absRoot, scan) : undefined;
  const withFiles = load?.configs.filter((c) => c.fileNames.length > 0) ?? [];
  if (load !== undefined) earlySkips.push(...load.problems);
  if (load !== undefined && withFiles.length > 0) {
    configs = load.configs;
    source = withFiles.map((c) => c.file).join(', ');
    allowsJs = withFiles.some((c) => c.options.allowJs === true);
    files = [...new Set(withFiles.flatMap((c) => c.fileNames))].filter(allowsJs ? isSourceFile : isTsFile);
    outside = outsideCandidates(absRoot, scan, configs, files, allowsJs);
    for (const c of load.configs) {
      for (const f of c.outsideFiles) {
        const rel = relativeInside(absRoot, f);
        if (rel !== undefined && /\.d\.[cm]?ts$/.test(rel)) {
          earlySkips.push({ file: rel, reason: 'declaration file from node_modules' });
        }
      }
    }
  } else {
    allowsJs = scan.tsFiles.length === 0;
    files = allowsJs ? scan.jsFiles : scan.tsFiles;
  }
  if (options.include !== undefined && options.include.length > 0) {
    const include = options.include.map(globToRegExp);
    const pool = allowsJs ? [...scan.tsFiles, ...scan.jsFiles] : scan.tsFiles;
    files = [...new Set([...files, ...pool.filter((f) => matchesAny(f, include))])];
    const added = new Set(files);
    outside = outside.filter((f) => !added.has(f));
  }
  if (options.exclude !== undefined && options.exclude.length > 0) {
    const exclude = options.exclude.map(globToRegExp);
    files = files.filter((f) => !matchesAny(f, exclude));
    outside = outside.filter((f) => !matchesAny(f, exclude));
  }
  files.sort();
  return {
    files,
    source: toPosix(source),
    earlySkips,
    configs,
    packageJsons: scan.packageJsons,
    holdsJs: allowsJs && files.some(isJsFile),
    outside,
  };
}
