/**
 * Apply's side of Revert: the folders new files will need (asked before Apply, so a revert can remove them
 * again), and after Apply the record of what the files now hold, kept in the extension's storage, and the
 * message offering "Revert".
 */
import * as vscode from 'vscode';
import { buildRunRecord, effectiveChanges } from '../../core/apply/runRecord';
import type { FileChange } from '../../core/runTypes';
import type { Services } from '../activation/services';
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
    const applied: FileChange[] = [];
    for (const change of effectiveChanges(changes)) {
      if (change.isNew || change.deleted === true) {
        applied.push(change);
        continue;
      }
      // A moved file is read at its new path.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, change.file));
      const text = doc.getText();
      // The document never shows a BOM; VS Code keeps the file's encoding, so the file still starts with one.
      const bom = change.before.startsWith('\uFEFF') && !text.startsWith('\uFEFF') ? '\uFEFF' : '';
      applied.push({ ...change, after: bom + text });
    }
    const meta = { root: root.toString(), instruction, appliedAt: new Date(), createdDirs };
    await store.save(root, buildRunRecord(meta, applied));
    return true;
  } catch (error) {
    services.log.warn(`Could not keep the record for Revert Last Refactor: ${String(error)}`);
    await store.clear(root);
    return false;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
