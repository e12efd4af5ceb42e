/**
 * The merged result as one multi-file diff (`vscode.changes`) over read-only virtual documents, so nothing
 * touches the files until the user applies. Apply / Discard live in a notification and as commands
 * (palette, editor title) while a preview is open.
 */
import * as vscode from 'vscode';
import type { FileChange } from '../../core/runTypes';
import type { PreviewSession } from './previewSession';

export const PREVIEW_SCHEME = 'orchestra-preview';

/**
 * Serves `orchestra-preview:/<file>?<session>:<before|after>` from the sessions it knows. Both sides share
 * the file's path (only the query differs) so the diff editor shows one file, not a rename.
 */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** Per session, its changes by path: a 1,000-file preview opens 2,000 documents, each looked up at once. */
  private readonly sessions = new Map<string, Map<string, FileChange>>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);
  }

  add(session: PreviewSession): void {
    this.sessions.set(session.id, new Map(session.changes.map((c) => [c.file, c])));
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [id, side] = uri.query.split(':');
    const file = uri.path.replace(/^\//, '');
    const change = this.sessions.get(id ?? '')?.get(file);
    if (!change) return '';
    return side === 'before' ? change.before : change.after;
  }

  dispose(): void {
    this.sessions.clear();
    this.registration.dispose();
  }
}

export function previewUri(sessionId: string, side: 'before' | 'after', file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${file}`, query: `${sessionId}:${side}` });
}

/**
 * Opens the multi-file diff for a session. A moved file is a rename with its changes: the file at its old
 * path against the new path's text; a deleted file is shown against an empty text.
 */
export async function openPreview(session: PreviewSession, root: vscode.Uri, title: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.changes', title, previewResources(session, root));
}

/** The `vscode.changes` triples (resource, original, modified) of a session's changes. */
export function previewResources(session: PreviewSession, root: vscode.Uri): vscode.Uri[][] {
  return session.changes.map((c) => [
    vscode.Uri.joinPath(root, c.file),
    c.movedFrom !== undefined
      ? vscode.Uri.joinPath(root, c.movedFrom)
      : previewUri(session.id, 'before', c.file),
    previewUri(session.id, 'after', c.file),
  ]);
}

/**
 * The open tabs showing a session's documents, found by their URIs (the label of a multi-file diff tab is
 * "<title> (N files)", so a title never finds it): single diffs and text tabs of its virtual documents, and
 * multi-file diffs holding any of them.
 */
export function previewTabs(sessionId: string): vscode.Tab[] {
  const ours = (uri: vscode.Uri): boolean =>
    uri.scheme === PREVIEW_SCHEME && uri.query.startsWith(`${sessionId}:`);
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => tabUris(t.input).some(ours));
}

function tabUris(input: unknown): vscode.Uri[] {
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (isMultiDiff(input)) return input.textDiffs.flatMap((d) => [d.original, d.modified]);
  return [];
}

/**
 * A multi-file diff tab (`vscode.changes`). Its input class, TabInputTextMultiDiff, is not in the stable API's
 * types yet, but VS Code hands it to every extension with its diffs in `textDiffs`.
 */
function isMultiDiff(input: unknown): input is { textDiffs: vscode.TabInputTextDiff[] } {
  if (typeof input !== 'object' || input === null || !('textDiffs' in input)) return false;
  const diffs: unknown = input.textDiffs;
  return Array.isArray(diffs) && diffs.every((d) => d instanceof vscode.TabInputTextDiff);
}
