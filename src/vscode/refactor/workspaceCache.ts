/**
 * Keeps the loaded workspace (and its ts-morph project) between commands. A change to any file under the
 * root drops it; the next command (or the background pre-warm) loads it again. Pure: no `vscode`.
 */
import path from 'node:path';
import type { OpenOptions, Workspace } from '../../core/workspace/workspace';

export type WorkspaceOpener = (root: string, options: OpenOptions) => Promise<Workspace>;

interface Entry {
  key: string;
  root: string;
  workspace: Promise<Workspace>;
  /** Aborted when the entry is dropped, so background work on it (parse-ahead) stops. */
  kept: AbortController;
}

export class WorkspaceCache {
  private entry: Entry | undefined;
  /** Loads so far (tests and logs show whether the cache was used). */
  loads = 0;

  constructor(private readonly open: WorkspaceOpener) {}

  /** The cached workspace for `root` with these globs, loading it if needed. */
  get(root: string, options: OpenOptions): Promise<Workspace> {
    const key = JSON.stringify([path.resolve(root), options.include ?? [], options.exclude ?? []]);
    if (this.entry?.key === key) return this.entry.workspace;
    this.loads++;
    const workspace = this.open(root, options);
    this.drop();
    const entry: Entry = { key, root: path.resolve(root), workspace, kept: new AbortController() };
    this.entry = entry;
    // A failed load must not stick: the next call tries again.
    workspace.catch(() => {
      if (this.entry === entry) this.drop();
    });
    return workspace;
  }

  isLoaded(): boolean {
    return this.entry !== undefined;
  }

  /** The cached workspace and a signal that aborts when it is dropped; undefined when none is cached. */
  current(): { workspace: Promise<Workspace>; kept: AbortSignal } | undefined {
    return this.entry && { workspace: this.entry.workspace, kept: this.entry.kept.signal };
  }

  /** A file changed on disk: drop the cache if it is under the cached root. */
  markChanged(file: string): void {
    if (!this.entry) return;
    const rel = path.relative(this.entry.root, path.resolve(file));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return;
    if (rel.split(path.sep).some((part) => part === 'node_modules' || part === '.git')) return;
    this.drop();
  }

  clear(): void {
    this.drop();
  }

  private drop(): void {
    this.entry?.kept.abort();
    this.entry = undefined;
  }
}
