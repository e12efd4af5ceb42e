/**
 * Apply's side of Revert: the folders new files will need (asked before Apply, so a revert can remove them
 * again), and after Apply the record of what the files now hold, kept in the extension's storage, and the
 * message offering "Revert".
 */
import * as vscode from 'vscode';
import { buildRunRecord, effectiveChanges } from '../../core/apply/runRecord';
import type { FileChange } from '../../core/runTypes';
import type { Services } from '../activation/services';
import { decodeUtf8, withoutBom } from './editBase';
import { mapBounded, openDocuments, readBytes, READS_AT_ONCE } from './fileBytes';
import { RevertStore } from './revertStore';

/** The folder-relative directories that do not exist yet and that the run's new files would create. */
export async function missingFolders(root: vscode.Uri, changes: readonly FileChange[]): Promise<string[]> {
  const missing = new Set<string>();
  // New files and move targets: the folders a revert should remove again once they are empty.
  for (const change of changes.filter((c) => c.isNew || c.movedFrom !== undefined)) {
    const parts = change.file.split('/').slice(0, -1);
    for (let n = parts.length; n > 0; n--) {
      const dir = parts.slice(0, n).join('/');
      if (missing.has(dir) || (await exists(vscode.Uri.joinPath(root, dir)))) break;
      missing.add(dir);
    }
  }
  return [...missing].sort();
}

/**
 * After Apply: keeps the run's record, then says what was applied and offers "Revert" (when the record could
 * be kept; else says why not).
 */
export async function announceApplied(
  services: Services,
  root: vscode.Uri,
  instruction: string,
  changes: readonly FileChange[],
  createdDirs: readonly string[],
): Promise<void> {
  const kept = await keepRevertRecord(services, root, instruction, changes, createdDirs);
  const applied = `Orchestra applied ${changes.length} file(s).`;
  if (!kept) {
    void vscode.window.showWarningMessage(
      `${applied} Revert Last Refactor could not keep its record (see the log); Undo (Ctrl+Z) in each file still works.`,
    );
    return;
  }
  void vscode.window
    .showInformationMessage(
      `${applied} Revert puts the files back, also later (Orchestra: Revert Last Refactor, even after a reload).`,
      'Revert',
    )
    .then((choice) => choice && vscode.commands.executeCommand('orchestra.revertLastRefactor'));
}

/**
 * Keeps the record of an applied run for Revert Last Refactor. A changed file's "after" is the document's
 * text now, not the run's proposal, because the edit may have normalised line endings; returns false (and
 * drops any older record, which no longer describes the files) when it cannot be kept.
 */
async function keepRevertRecord(
  services: Services,
  root: vscode.Uri,
  instruction: string,
  changes: readonly FileChange[],
  createdDirs: readonly string[],
): Promise<boolean> {
  const store = new RevertStore(services.context.globalStorageUri);
  try {
    // 1,000 documents opened one by one took a minute: an open document is read as it is, any other file
    // from disk, where the refactoring auto-save put it.
    const docs = openDocuments();
    const applied = await mapBounded(effectiveChanges(changes), READS_AT_ONCE, (change) =>
      appliedChange(root, docs, change),
    );
    const meta = { root: root.toString(), instruction, appliedAt: new Date(), createdDirs };
    await store.save(root, buildRunRecord(meta, applied));
    return true;
  } catch (error) {
    services.log.warn(`Could not keep the record for Revert Last Refactor: ${String(error)}`);
    await store.clear(root);
    return false;
  }
}

/** The change with `after` as it now stands in the file (the edit may have normalised line endings). */
async function appliedChange(
  root: vscode.Uri,
  docs: ReadonlyMap<string, vscode.TextDocument>,
  change: FileChange,
): Promise<FileChange> {
  if (change.isNew || change.deleted === true) return change;
  // A moved file is read at its new path.
  const uri = vscode.Uri.joinPath(root, change.file);
  const text = await knownText(docs.get(uri.toString()), uri, change.after);
  // The document never shows a BOM; VS Code keeps the file's encoding, so the file still starts with one.
  const bom = change.before.startsWith('\uFEFF') && !text.startsWith('\uFEFF') ? '\uFEFF' : '';
  return { ...change, after: bom + text };
}

/**
 * The file's text as VS Code has it: the open document's; else the disk's when it holds what the refactor
 * wrote; else (a document the extension host has not heard of yet, say unsaved with auto-save off) the
 * document VS Code opens for it.
 */
async function knownText(
  doc: vscode.TextDocument | undefined,
  uri: vscode.Uri,
  expected: string,
): Promise<string> {
  if (doc) return doc.getText();
  const bytes = await readBytes(uri);
  const disk = bytes && decodeUtf8(bytes);
  if (disk !== undefined && withoutBom(disk) === withoutBom(expected)) return withoutBom(disk);
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
