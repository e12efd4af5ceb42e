/**
 * Applies a run's changes as ONE WorkspaceEdit (one undo step, refactoring auto-save honoured), after
 * refusing the whole apply if any file changed since planning: a partial multi-file refactor would leave
 * the code inconsistent, so the user re-runs instead. A move is `renameFile` followed by its text edits on
 * the new path (as VS Code's own "update imports on file move" does), a delete `deleteFile`.
 */
import * as vscode from 'vscode';
import { sha256Hex } from '../../core/workspace/contentHash';
import type { FileChange } from '../../core/runTypes';
import { mapBounded, openDocuments, readBytes, READS_AT_ONCE } from './fileBytes';
import { editBase, replaceWith } from './editBase';

export type ApplyOutcome =
  | { status: 'applied'; files: string[] }
  | { status: 'stale'; files: string[]; message: string }
  | { status: 'apply-failed'; message: string };

interface StaleFile {
  file: string;
  why: string;
}

/**
 * What Apply read before editing: each file's bytes (undefined: it does not exist) and the documents open
 * now. Read once, at most READS_AT_ONCE at a time, and used for both the stale check and the edits' ranges.
 */
interface Snapshot {
  bytes: Map<string, Uint8Array | undefined>;
  docs: Map<string, vscode.TextDocument>;
}

async function snapshot(root: vscode.Uri, changes: readonly FileChange[]): Promise<Snapshot> {
  const paths = [
    ...new Set(changes.flatMap((c) => [c.file, ...(c.movedFrom === undefined ? [] : [c.movedFrom])])),
  ];
  const read = await mapBounded(paths, READS_AT_ONCE, (file) => readBytes(vscode.Uri.joinPath(root, file)));
  const bytes = new Map(paths.map((file, i) => [file, read[i]]));
  return { bytes, docs: openDocuments() };
}

/** Why a change cannot apply on the files as they are now (unsaved edits count as a change). */
function staleOf(root: vscode.Uri, snap: Snapshot, change: FileChange): StaleFile[] {
  const stale: StaleFile[] = [];
  if (change.isNew || change.movedFrom !== undefined) {
    if (snap.bytes.get(change.file) !== undefined) {
      const why =
        change.movedFrom !== undefined
          ? `already exists, so ${change.movedFrom} cannot move there`
          : 'was created since planning';
      stale.push({ file: change.file, why });
    }
    if (change.isNew) return stale;
  }
  const source = change.movedFrom ?? change.file;
  const open = snap.docs.get(vscode.Uri.joinPath(root, source).toString());
  const why = sourceStale(snap.bytes.get(source), open, change.beforeHash);
  if (why !== undefined) stale.push({ file: source, why });
  return stale;
}

/** Why the file a change starts from is not as the run read it, or undefined. */
function sourceStale(
  disk: Uint8Array | undefined,
  open: vscode.TextDocument | undefined,
  beforeHash: string | undefined,
): string | undefined {
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
  const snap = await snapshot(root, changes);
  const stale = changes.flatMap((change) => staleOf(root, snap, change));
  if (stale.length > 0) {
    const list = stale.map((s) => `${s.file} (${s.why})`).join(', ');
    return {
      status: 'stale',
      files: stale.map((s) => s.file),
      message: `Orchestra did not apply anything: ${list}. Run the refactor again to plan against the current files.`,
    };
  }
  const checked = Date.now();
  const sourceOf = (change: FileChange): vscode.Uri =>
    vscode.Uri.joinPath(root, change.movedFrom ?? change.file);
  const edited = changes.filter((c) => !c.isNew && c.deleted !== true);
  const bases = await mapBounded(edited, READS_AT_ONCE, (change) =>
    editBase(
      snap.docs.get(sourceOf(change).toString()),
      snap.bytes.get(change.movedFrom ?? change.file),
      change.before,
    ),
  );
  const docs = new Map(edited.map((change, i) => [change, bases[i]]));
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
    const base = docs.get(change);
    if (base === undefined) {
      return {
        status: 'stale',
        files: [change.movedFrom ?? change.file],
        message: `Orchestra did not apply anything: ${change.movedFrom ?? change.file} is still being reloaded from disk. Try Apply again.`,
      };
    }
    if (change.movedFrom !== undefined) edit.renameFile(sourceOf(change), uri, {}, metadata);
    replaceWith(edit, uri, base, change.after, metadata);
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  onTimings?.({ checkMs: checked - started, readMs: read - checked, editMs: Date.now() - read });
  if (!ok) return { status: 'apply-failed', message: 'VS Code refused the edit; nothing was changed.' };
  return { status: 'applied', files: changes.map((c) => c.file) };
}
