/**
 * Applies a run's changes as ONE WorkspaceEdit (one undo step, refactoring auto-save honoured), after
 * refusing the whole apply if any file changed since planning: a partial multi-file refactor would leave
 * the code inconsistent, so the user re-runs instead. A move is `renameFile` followed by its text edits on
 * the new path (as VS Code's own "update imports on file move" does), a delete `deleteFile`.
 */
import * as vscode from 'vscode';
import { sha256Hex } from '../../core/workspace/contentHash';
import type { FileChange } from '../../core/runTypes';
import { changedSpan } from './textSpan';

export type ApplyOutcome =
  | { status: 'applied'; files: string[] }
  | { status: 'stale'; files: string[]; message: string }
  | { status: 'apply-failed'; message: string };

export interface StaleFile {
  file: string;
  why: string;
}

/** Files whose current state differs from what the run read (unsaved edits count as a change). */
export async function findStaleFiles(root: vscode.Uri, changes: readonly FileChange[]): Promise<StaleFile[]> {
  const each = await mapBounded(changes, AT_ONCE, (change) => staleOf(root, change));
  return each.flat();
}

async function staleOf(root: vscode.Uri, change: FileChange): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  const uri = vscode.Uri.joinPath(root, change.file);
  if (change.isNew || change.movedFrom !== undefined) {
    if ((await readBytes(uri)) !== undefined) {
      const why =
        change.movedFrom !== undefined
          ? `already exists, so ${change.movedFrom} cannot move there`
          : 'was created since planning';
      stale.push({ file: change.file, why });
    }
    if (change.isNew) return stale;
  }
  const source = change.movedFrom ?? change.file;
  const why = await sourceStale(vscode.Uri.joinPath(root, source), change.beforeHash);
  if (why !== undefined) stale.push({ file: source, why });
  return stale;
}

/** Why the file a change starts from is not as the run read it, or undefined. */
async function sourceStale(uri: vscode.Uri, beforeHash: string | undefined): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const disk = await readBytes(uri);
  if (disk === undefined) return 'was deleted since planning';
  if (open?.isDirty) return 'has unsaved changes';
  // Workspace.hashOf() is the sha256 of the file's bytes (the engine keeps a BOM in its text).
  if (beforeHash !== undefined && sha256Hex(disk) !== beforeHash) return 'changed on disk since planning';
  return undefined;
}

/** How long each phase of an Apply took (ms), for the log: a 1,000-file Apply says where its time went. */
export interface ApplyTimings {
  checkMs: number;
  readMs: number;
  editMs: number;
}

export async function applyChanges(
  root: vscode.Uri,
  changes: readonly FileChange[],
  onTimings?: (timings: ApplyTimings) => void,
): Promise<ApplyOutcome> {
  const started = Date.now();
  const stale = await findStaleFiles(root, changes);
  if (stale.length > 0) {
    const list = stale.map((s) => `${s.file} (${s.why})`).join(', ');
    return {
      status: 'stale',
      files: stale.map((s) => s.file),
      message: `Orchestra did not apply anything: ${list}. Run the refactor again to plan against the current files.`,
    };
  }
  const checked = Date.now();
  // Each edited file's document, opened a few at a time: one at a time, 1,000 files took minutes.
  const sourceOf = (change: FileChange): vscode.Uri =>
    vscode.Uri.joinPath(root, change.movedFrom ?? change.file);
  const edited = changes.filter((c) => !c.isNew && c.deleted !== true);
  const opened = await mapBounded(edited, AT_ONCE, async (change) => {
    const doc = await vscode.workspace.openTextDocument(sourceOf(change));
    return { change, doc, current: await settledText(doc, change.before) };
  });
  const docs = new Map(opened.map((o) => [o.change, o]));
  const read = Date.now();
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = {
    label: 'Orchestra refactor',
    needsConfirmation: false,
  };
  for (const change of changes) {
    const uri = vscode.Uri.joinPath(root, change.file);
    if (change.isNew) {
      edit.createFile(uri, { contents: new TextEncoder().encode(change.after) }, metadata);
      continue;
    }
    if (change.deleted === true) {
      edit.deleteFile(uri, {}, metadata);
      continue;
    }
    // A moved file's text is read (and its edit's range computed) at its old path, then renamed.
    const { doc, current } = docs.get(change) ?? {};
    if (doc === undefined || current === undefined) {
      return {
        status: 'stale',
        files: [change.movedFrom ?? change.file],
        message: `Orchestra did not apply anything: ${change.movedFrom ?? change.file} is still being reloaded from disk. Try Apply again.`,
      };
    }
    if (change.movedFrom !== undefined) edit.renameFile(sourceOf(change), uri, {}, metadata);
    // The document drops a BOM the disk text may carry; edit only the span that differs.
    const after =
      change.after.startsWith('\uFEFF') && !current.startsWith('\uFEFF')
        ? change.after.slice(1)
        : change.after;
    const span = changedSpan(current, after);
    if (!span) continue;
    const range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
    edit.replace(uri, range, span.text, metadata);
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  onTimings?.({ checkMs: checked - started, readMs: read - checked, editMs: Date.now() - read });
  if (!ok) return { status: 'apply-failed', message: 'VS Code refused the edit; nothing was changed.' };
  return { status: 'applied', files: changes.map((c) => c.file) };
}

/**
 * The document's text once it matches what is on disk. A model that is open but not dirty can lag behind a
 * change on disk for a moment (VS Code reloads it from its file watcher); editing it then would be refused.
 */
export async function settledText(doc: vscode.TextDocument, disk: string): Promise<string | undefined> {
  const expected = disk.startsWith('\uFEFF') ? disk.slice(1) : disk;
  for (let waited = 0; waited <= 2_000; waited += 50) {
    if (doc.getText() === expected) return expected;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/** Files checked or opened at once: enough to overlap the round trips, few enough not to flood the host. */
const AT_ONCE = 32;

/** `fn` over `items` with at most `limit` in flight, results in the items' order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}
