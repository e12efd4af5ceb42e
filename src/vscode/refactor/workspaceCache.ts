/**
 * Keeps the loaded workspace (and its ts-morph projects) between commands. File changes under the root
 * are collected for a moment and then applied incrementally (`Workspace.update`: each file re-read and
 * re-parsed alone); a config change, a burst of files or a workspace without `update` is loaded again in
 * the background instead. A command that asks while changes are pending applies them first, so it never
 * sees a stale file. Pure: no `vscode`.
 */
import path from 'node:path';
import { decideChanges, DEFAULT_BURST_FILES } from '../../core/workspace/workspaceChanges';
import type { OpenOptions, Workspace } from '../../core/workspace/workspace';

export type WorkspaceOpener = (root: string, options: OpenOptions) => Promise<Workspace>;

export interface WorkspaceCacheOptions {
  /** Changes this close together are applied as one batch (default 250 ms after the last one). */
  batchMs?: number;
  /** A batch is applied at the latest this long after its first change (default 2 s). */
  maxWaitMs?: number;
  /** More source files than this in one batch: reload instead (default 50). */
  burstFiles?: number;
  /** After an incremental update or a background reload (the extension resumes the parse-ahead). */
  onRefreshed?: (how: 'updated' | 'reloaded', detail: string) => void;
}

interface Entry {
  key: string;
  root: string;
  options: OpenOptions;
  workspace: Promise<Workspace>;
  /** The loaded value once the promise settled (undefined while loading). */
  loaded?: Workspace;
  /** Aborted when the entry is dropped, so background work on it (parse-ahead) stops. */
  kept: AbortController;
}

export class WorkspaceCache {
  private entry: Entry | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;
  /** Loads so far (tests and logs show whether the cache was used). */
  loads = 0;
  /** Incremental updates applied so far. */
  updates = 0;

  constructor(
    private readonly open: WorkspaceOpener,
    private readonly options: WorkspaceCacheOptions = {},
  ) {}

  /** The cached workspace for `root` with these globs, loading it if needed. */
  get(root: string, options: OpenOptions): Promise<Workspace> {
    const key = JSON.stringify([path.resolve(root), options.include ?? [], options.exclude ?? []]);
    if (this.entry?.key === key) {
      this.flush();
      if (this.entry?.key === key) return this.entry.workspace;
    }
    return this.load(key, root, options);
  }

  isLoaded(): boolean {
    return this.entry !== undefined;
  }

  /** The cached workspace and a signal that aborts when it is dropped; undefined when none is cached. */
  current(): { workspace: Promise<Workspace>; kept: AbortSignal } | undefined {
    return this.entry && { workspace: this.entry.workspace, kept: this.entry.kept.signal };
  }

  /** A file changed, appeared or went away on disk: applied with the others of its batch. */
  markChanged(file: string): void {
    const entry = this.entry;
    if (!entry) return;
    const abs = path.resolve(file);
    const rel = path.relative(entry.root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return;
    if (rel.split(path.sep).some((part) => part === 'node_modules' || part === '.git')) return;
    // A workspace that cannot update itself is dropped at once, as before incremental updates.
    if (entry.loaded !== undefined && entry.loaded.update === undefined) return this.drop();
    if (this.pending.size === 0) this.firstPendingAt = Date.now();
    this.pending.add(abs);
    if (this.timer !== undefined) clearTimeout(this.timer);
    const waited = Date.now() - this.firstPendingAt;
    const delay = Math.max(
      0,
      Math.min(this.options.batchMs ?? 250, (this.options.maxWaitMs ?? 2_000) - waited),
    );
    this.timer = setTimeout(() => this.flush(), delay);
  }

  clear(): void {
    this.drop();
  }

  /** Applies the pending changes now: an incremental update, or a reload in the background. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const entry = this.entry;
    if (!entry || this.pending.size === 0) return;
    const decision = decideChanges(entry.root, this.pending, {
      burstFiles: this.options.burstFiles ?? DEFAULT_BURST_FILES,
    });
    this.pending.clear();
    if (decision.kind === 'none') return;
    if (decision.kind === 'reload') {
      void this.reload(entry, decision.reason);
      return;
    }
    const updated = entry.workspace.then((ws): Workspace | Promise<Workspace> => {
      const outcome = ws.update?.(decision.files) ?? { kind: 'reload', reason: 'no incremental update' };
      if (outcome.kind === 'reload') return this.entry === entry ? this.reload(entry, outcome.reason) : ws;
      this.updates++;
      const counts = [`${outcome.changed.length} changed`, `${outcome.created.length} created`];
      this.options.onRefreshed?.('updated', `${counts.join(', ')}, ${outcome.deleted.length} deleted`);
      return ws;
    });
    entry.workspace = updated;
    updated.catch(() => {
      if (this.entry === entry) this.drop();
    });
  }

  private load(key: string, root: string, options: OpenOptions): Promise<Workspace> {
    this.loads++;
    const workspace = this.open(root, options);
    this.drop();
    const entry: Entry = { key, root: path.resolve(root), options, workspace, kept: new AbortController() };
    this.entry = entry;
    workspace.then(
      (ws) => (entry.loaded = ws),
      // A failed load must not stick: the next call tries again.
      () => {
        if (this.entry === entry) this.drop();
      },
    );
    return workspace;
  }

  /** Loads the entry's workspace again in the background; commands meanwhile wait for the new load. */
  private reload(entry: Entry, reason: string): Promise<Workspace> {
    const next = this.load(entry.key, entry.root, entry.options);
    next.then(
      () => this.options.onRefreshed?.('reloaded', reason),
      () => undefined,
    );
    return next;
  }

  private drop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.entry?.kept.abort();
    this.entry = undefined;
  }
}
