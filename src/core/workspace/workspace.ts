/**
 * The workspace port: the engine reads code through this, never through `vscode`.
 * Implemented by `openWorkspace()` (disk, ts-morph) in this folder.
 */
import type { Project } from 'ts-morph';
import type { ImportRecord } from './importScan';

/** A file the workspace does not hold, with why (too large, not UTF-8, minified, unreadable, a config problem). */
export type SkippedFile = { file: string; reason: string };

export interface OpenOptions {
  /** Extra globs (relative to root) to include/exclude, on top of tsconfig. */
  include?: string[];
  exclude?: string[];
  /** Files larger than this are skipped with a reason (default 1 MB). */
  maxFileBytes?: number;
}

export interface Workspace {
  /** Absolute root directory. */
  readonly root: string;
  /** Relative paths (forward slashes) of every source file (TypeScript or JavaScript) the workspace holds. */
  listFiles(): string[];
  /** Current text of a workspace file (relative path), or undefined if it does not exist. */
  readText(file: string): string | undefined;
  /** sha256 hex of the content as read, for stale-file checks at apply time. */
  hashOf(file: string): string | undefined;
  /** The ts-morph project, created lazily; files are added on demand. */
  getProject(): Project;
  /** Resolves a model-supplied path to a normalised relative path, or undefined if outside the root. */
  resolveInside(file: string): string | undefined;

  // Optional capabilities (implemented by `openWorkspace()`; other adapters may omit them).

  /** How the file list was loaded: tsconfig path(s), relative, or 'glob'. */
  readonly source?: string;
  /** Files left out of `listFiles()`, each with why (too large, minified, not UTF-8, ...). */
  readonly skipped?: ReadonlyArray<{ file: string; reason: string }>;
  /** Workspace file (relative) an import specifier in `fromFile` refers to, without a type checker. */
  resolveImport?(fromFile: string, specifier: string): string | undefined;
  /** Adds workspace files (relative paths) to `getProject()`; idempotent. Their imports are followed as tsc would. */
  addToProject?(files: string[]): void;
  /**
   * A lighter project for reference queries (gatherFacts): same files on demand, but imports are not
   * followed and browser libs are left out, so a query pays only for what it needs. Defaults to getProject().
   */
  queryProject?(): Project;
  /**
   * Text for a one-off scan of many files (prefilter): like `readText`, but the adapter need not keep it.
   * Defaults to readText().
   */
  scanText?(file: string): string | undefined;
  /** Whether a file's current text has `word` as a whole word, without keeping the text (prefilter). */
  hasWord?(file: string, word: string): boolean | undefined;
  /** Import records of a listed file, when the adapter collected them while listing. */
  importsOf?(file: string): ImportRecord[] | undefined;
  /** Drops cached text/hash (and refreshes the project copy) after files changed on disk. */
  forget?(files: string[]): void;
  /**
   * Files (relative) changed, were created or were deleted on disk: each is read and checked again alone,
   * the file list, import graph and both projects follow, and everything else stays loaded. Afterwards the
   * workspace answers as a fresh load would; 'reload' when it cannot (the file list now comes from other configs).
   */
  update?(files: string[]): WorkspaceUpdate;
}

/** What `Workspace.update` did: the files re-read, or why only a fresh load is right. */
export type WorkspaceUpdate =
  | { kind: 'updated'; changed: string[]; created: string[]; deleted: string[] }
  | { kind: 'reload'; reason: string };
