/**
 * Applies a run's changes as ONE WorkspaceEdit (one undo step, refactoring auto-save honoured), after
 * refusing the whole apply if any file changed since planning: a partial multi-file refactor would leave
 * the code inconsistent, so the user re-runs instead.
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
  const stale: StaleFile[] = [];
  for (const change of changes) {
    const uri = vscode.Uri.joinPath(root, change.file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const disk = await readBytes(uri);
    if (change.isNew) {
      if (disk !== undefined) stale.push({ file: change.file, why: 'was created since planning' });
      continue;
    }
    if (disk === undefined) stale.push({ file: change.file, why: 'was deleted since planning' });
    else if (open?.isDirty) stale.push({ file: change.file, why: 'has unsaved changes' });
    else if (change.beforeHash !== undefined && sha256Hex(disk) !== change.beforeHash) {
      // Workspace.hashOf() is the sha256 of the file's bytes (the engine keeps a BOM in its text).
      stale.push({ file: change.file, why: 'changed on disk since planning' });
    }
  }
  return stale;
}

export async function applyChanges(root: vscode.Uri, changes: readonly FileChange[]): Promise<ApplyOutcome> {
  const stale = await findStaleFiles(root, changes);
  if (stale.length > 0) {
    const list = stale.map((s) => `${s.file} (${s.why})`).join(', ');
    return {
      status: 'stale',
      files: stale.map((s) => s.file),
      message: `Orchestra did not apply anything: ${list}. Run the refactor again to plan against the current files.`,
    };
  }
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
    const doc = await vscode.workspace.openTextDocument(uri);
    const current = await settledText(doc, change.before);
    if (current === undefined) {
      return {
        status: 'stale',
        files: [change.file],
        message: `Orchestra did not apply anything: ${change.file} is still being reloaded from disk. Try Apply again.`,
      };
    }
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

async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}
