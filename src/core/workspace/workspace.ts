/**
 * The workspace port: the engine reads code through this, never through `vscode`.
 * Implemented by `openWorkspace()` (disk, ts-morph) in this folder.
 */
import type { Project } from 'ts-morph';

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
  /** Relative paths (forward slashes) of every TypeScript file the workspace holds. */
  listFiles(): string[];
  /** Current text of a workspace file (relative path), or undefined if it does not exist. */
  readText(file: string): string | undefined;
  /** sha256 hex of the content as read, for stale-file checks at apply time. */
  hashOf(file: string): string | undefined;
  /** The ts-morph project, created lazily; files are added on demand. */
  getProject(): Project;
  /** Resolves a model-supplied path to a normalised relative path, or undefined if outside the root. */
  resolveInside(file: string): string | undefined;
}
