/**
 * Reads tsconfig files the way tsc does (files/include/exclude, extends, references) and, for a
 * monorepo whose root has no tsconfig or only a solution-style one, every tsconfig.json below root.
 * A `jsconfig.json` is read the same way where its folder has no tsconfig.json (as the TypeScript
 * language service picks them): TypeScript itself gives a file of that name the defaults `allowJs`,
 * `maxNodeModuleJsDepth: 2`, `allowSyntheticDefaultImports`, `skipLibCheck` and `noEmit`.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import { byDepthThenName, type TreeScan } from './fileScan';
import { isJsFile, relativeInside, toPosix } from './paths';

export interface LoadedConfig {
  /** Relative path of the tsconfig. */
  file: string;
  options: ts.CompilerOptions;
  /** Files it holds, relative to the workspace root (only those inside it). */
  fileNames: string[];
  /** Absolute files it lists outside the root or inside node_modules (reported as skipped by the caller). */
  outsideFiles: string[];
}

export interface ConfigLoad {
  configs: LoadedConfig[];
  /** Config files that could not be read, with why. */
  problems: Array<{ file: string; reason: string }>;
}

interface FileSystemEntries {
  readonly files: readonly string[];
  readonly directories: readonly string[];
}

/** TypeScript's own include/exclude matcher (what `ts.sys.readDirectory` runs); internal, so checked. */
type MatchFiles = (
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => FileSystemEntries,
  realpath: (path: string) => string,
) => string[];

const matchFiles = (ts as unknown as { matchFiles?: MatchFiles }).matchFiles;

const NO_ENTRIES: FileSystemEntries = { files: [], directories: [] };

/**
 * Folder listings from the tree walk already done (TypeScript files, and JavaScript files for a config
 * that allows them; symlinks not followed, build and dependency folders left out), keyed by absolute
 * path: expanding `include` globs over them costs no second walk of the disk, which on thousands of
 * files was a third of the instant stage's memory. Keys use forward slashes, as TypeScript spells paths
 * on every platform.
 */
function entriesFromScan(root: string, sourceFiles: readonly string[]): Map<string, FileSystemEntries> {
  const entries = new Map<string, { files: string[]; directories: string[] }>();
  const rootKey = toPosix(root);
  entries.set(rootKey, { files: [], directories: [] });
  // Plain string work (the walk's paths are relative, forward-slash, normalised): path.join per
  // segment allocated more than the whole expansion it replaces.
  const folder = (rel: string): { files: string[]; directories: string[] } => {
    const abs = rel === '' ? rootKey : `${rootKey}/${rel}`;
    let entry = entries.get(abs);
    if (entry === undefined) {
      entries.set(abs, (entry = { files: [], directories: [] }));
      const slash = rel.lastIndexOf('/');
      folder(slash < 0 ? '' : rel.slice(0, slash)).directories.push(rel.slice(slash + 1));
    }
    return entry;
  };
  for (const rel of sourceFiles) {
    const slash = rel.lastIndexOf('/');
    folder(slash < 0 ? '' : rel.slice(0, slash)).files.push(rel.slice(slash + 1));
  }
  return entries;
}

function parseHostFor(root: string, scan: TreeScan): ts.ParseConfigHost {
  // A TypeScript-only config (no `allowJs`) asks for TypeScript extensions and gets the listing without
  // the JavaScript files, so a TypeScript project pays nothing for them.
  let tsEntries: Map<string, FileSystemEntries> | undefined;
  let allEntries: Map<string, FileSystemEntries> | undefined;
  const entriesFor = (extensions: readonly string[] | undefined): Map<string, FileSystemEntries> => {
    const js = scan.jsFiles.length > 0 && (extensions === undefined || extensions.some(isJsFile));
    if (!js) return (tsEntries ??= entriesFromScan(root, scan.tsFiles));
    return (allEntries ??= entriesFromScan(root, [...scan.tsFiles, ...scan.jsFiles]));
  };
  return {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: (rootDir, extensions, excludes, includes, depth) => {
      // Folders outside the root (include: ["../shared"]) are not in the walk: ask the disk.
      const dir = path.resolve(rootDir);
      if (matchFiles === undefined || (dir !== root && relativeInside(root, dir) === undefined)) {
        return ts.sys.readDirectory(rootDir, extensions, excludes, includes, depth);
      }
      const known = entriesFor(extensions);
      return matchFiles(
        rootDir,
        extensions,
        excludes,
        includes,
        ts.sys.useCaseSensitiveFileNames,
        root,
        depth,
        (dir) => known.get(dir) ?? known.get(toPosix(path.resolve(dir))) ?? NO_ENTRIES,
        (p) => p,
      );
    },
    fileExists: (f) => ts.sys.fileExists(f),
    readFile: (f) => ts.sys.readFile(f),
  };
}

/** A solution-style tsconfig only points at other projects (`files: []` plus references). */
function isSolutionStyle(raw: unknown, parsed: ts.ParsedCommandLine): boolean {
  const files = (raw as { files?: unknown } | undefined)?.files;
  const explicitEmpty = Array.isArray(files) && files.length === 0;
  return parsed.fileNames.length === 0 && (explicitEmpty || (parsed.projectReferences?.length ?? 0) > 0);
}

export function loadTsconfigs(root: string, scan: TreeScan): ConfigLoad {
  const load: ConfigLoad = { configs: [], problems: [] };
  const seen = new Set<string>();
  const extendedCache = new Map<string, ts.ExtendedConfigCacheEntry>();
  const parseHost = parseHostFor(root, scan);

  const loadOne = (abs: string): { raw: unknown; parsed: ts.ParsedCommandLine } | undefined => {
    const rel = relativeInside(root, abs) ?? abs;
    if (seen.has(abs)) return undefined;
    seen.add(abs);
    const read = ts.readConfigFile(abs, (f) => ts.sys.readFile(f));
    if (read.error) {
      const kind = path.basename(abs) === 'jsconfig.json' ? 'jsconfig' : 'tsconfig';
      load.problems.push({ file: rel, reason: `unreadable ${kind}: ${flatten(read.error)}` });
      return undefined;
    }
    const parsed = ts.parseJsonConfigFileContent(
      read.config,
      parseHost,
      path.dirname(abs),
      undefined,
      abs,
      undefined,
      undefined,
      extendedCache,
    );
    const fileNames: string[] = [];
    const outsideFiles: string[] = [];
    const prefix = `${toPosix(root)}/`;
    for (const f of parsed.fileNames) {
      // TypeScript hands back normalised absolute paths; slicing off the root spares a path.relative
      // per file (thousands of them).
      const r = f.startsWith(prefix) ? f.slice(prefix.length) : relativeInside(root, f);
      if (r === undefined || /(^|\/)node_modules\//.test(r)) outsideFiles.push(f);
      else fileNames.push(r);
    }
    load.configs.push({ file: rel, options: parsed.options, fileNames, outsideFiles });
    for (const ref of parsed.projectReferences ?? []) loadOne(ts.resolveProjectReferencePath(ref));
    return { raw: read.config, parsed };
  };

  const configFiles = projectConfigFiles(scan);
  const rootName = configFiles.find((f) => f === 'tsconfig.json' || f === 'jsconfig.json');
  const rootLoad = rootName !== undefined ? loadOne(path.join(root, rootName)) : undefined;
  if (rootLoad === undefined || isSolutionStyle(rootLoad.raw, rootLoad.parsed)) {
    for (const rel of configFiles) loadOne(path.join(root, rel));
  }
  return load;
}

/** Every tsconfig.json, and each jsconfig.json whose folder has none (a tsconfig.json wins there). */
export function projectConfigFiles(scan: TreeScan): string[] {
  if (scan.jsconfigs.length === 0) return scan.tsconfigs;
  const tsFolders = new Set(scan.tsconfigs.map((f) => path.posix.dirname(f)));
  const js = scan.jsconfigs.filter((f) => !tsFolders.has(path.posix.dirname(f)));
  return [...scan.tsconfigs, ...js].sort(byDepthThenName);
}

function flatten(d: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, ' ');
}

/** Where `paths` substitutions are resolved from: baseUrl, else the tsconfig that declared them. */
export function pathsBaseOf(options: ts.CompilerOptions): string | undefined {
  if (typeof options.baseUrl === 'string') return options.baseUrl;
  const base = options['pathsBasePath'];
  return typeof base === 'string' ? base : undefined;
}
