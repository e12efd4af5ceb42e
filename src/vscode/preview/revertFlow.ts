/**
 * "Orchestra: Revert Last Refactor": puts back every file of the last applied run from its stored record
 * (so it works after a reload or with the files closed), as ONE WorkspaceEdit. A file edited since the run is
 * named and left alone; the others are restored, and the record keeps the ones left for a later revert.
 */
import * as vscode from 'vscode';
import {
  checkRunRecord,
  describeEdited,
  remainingRecord,
  type EditedFile,
  type RecordedFile,
  type RunRecord,
} from '../../core/apply/runRecord';
import type { Services } from '../activation/services';
import { editBase, replaceWith } from './editBase';
import { mapBounded, openDocuments, readBytes, READS_AT_ONCE } from './fileBytes';
import { RevertStore } from './revertStore';

export type RevertOutcome =
  | { status: 'reverted'; restored: string[]; removed: string[]; left: EditedFile[]; message: string }
  /** Every file was edited since: nothing was changed. */
  | { status: 'refused'; left: EditedFile[]; message: string }
  | { status: 'nothing'; message: string }
  | { status: 'failed'; message: string };

export async function revertLastRefactor(services: Services): Promise<RevertOutcome> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const store = new RevertStore(services.context.globalStorageUri);
  if (!folder) return report(services, { status: 'nothing', message: 'Orchestra: open a folder first.' });
  const loaded = await store.load(folder);
  if (!loaded.ok) {
    await store.clear(folder);
    const message = `Orchestra could not revert: the record of the last refactor ${loaded.error}, so it was removed; no file was changed.`;
    return report(services, { status: 'failed', message });
  }
  const record = loaded.value;
  if (!record)
    return report(services, {
      status: 'nothing',
      message: 'Orchestra: there is no applied refactor to revert in this folder.',
    });

  const docs = openDocuments();
  const states = await currentStates(folder, record, docs);
  const check = checkRunRecord(record, (path) => states.get(path));
  if (check.restorable.length === 0) {
    if (check.edited.length > 0) {
      const message = `Orchestra reverted nothing: ${describeEdited(check.edited)}. Revert again once they hold what the refactor wrote, or change them by hand.`;
      return report(services, { status: 'refused', left: check.edited, message });
    }
    await store.clear(folder);
    const message = 'Orchestra: every file of the last refactor already holds its text from before it.';
    return report(services, { status: 'nothing', message });
  }

  const edit = await revertEdit(folder, check.restorable, docs, states);
  if (!edit) {
    const message = 'Orchestra could not revert: a file is still being reloaded from disk. Try again.';
    return report(services, { status: 'failed', message });
  }
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
    return report(services, {
      status: 'failed',
      message: 'VS Code refused the revert; nothing was changed.',
    });
  }
  await removeEmptyFolders(folder, record.createdDirs);
  const left = remainingRecord(
    record,
    check.edited.map((e) => e.path),
  );
  if (left) await store.save(folder, left);
  else await store.clear(folder);

  const restored = check.restorable.filter((f) => f.before).map((f) => f.path);
  const removed = check.restorable.filter((f) => !f.before).map((f) => f.path);
  const done = [
    restored.length ? `restored ${restored.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')} (created by it)` : '',
  ].filter(Boolean);
  const tail = check.edited.length
    ? ` Left alone: ${describeEdited(check.edited)}; Revert again once they hold what the refactor wrote.`
    : '';
  const message = `Orchestra reverted "${record.instruction}": ${done.join('; ')}.${tail}`;
  return report(services, { status: 'reverted', restored, removed, left: check.edited, message });
}

/** The record's files now: an unsaved document's text (what the user sees), else the bytes on disk. */
async function currentStates(
  folder: vscode.Uri,
  record: RunRecord,
  docs: ReadonlyMap<string, vscode.TextDocument>,
): Promise<Map<string, string | Uint8Array | undefined>> {
  const states = await mapBounded(record.files, READS_AT_ONCE, async (file) => {
    const uri = vscode.Uri.joinPath(folder, file.path);
    const doc = docs.get(uri.toString());
    if (!doc?.isDirty) return readBytes(uri);
    const text = doc.getText();
    const bom = (file.after?.text ?? '').startsWith('\uFEFF') && !text.startsWith('\uFEFF');
    return bom ? `\uFEFF${text}` : text;
  });
  return new Map(record.files.map((file, i) => [file.path, states[i]]));
}

/** One edit restoring `files`: changed texts replaced (only the span that differs), created files deleted. */
async function revertEdit(
  folder: vscode.Uri,
  files: readonly RecordedFile[],
  docs: ReadonlyMap<string, vscode.TextDocument>,
  states: ReadonlyMap<string, string | Uint8Array | undefined>,
): Promise<vscode.WorkspaceEdit | undefined> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Orchestra revert', needsConfirmation: false };
  const bases = await mapBounded(files, READS_AT_ONCE, (file) => {
    const uri = vscode.Uri.joinPath(folder, file.path);
    const state = states.get(file.path);
    const bytes = typeof state === 'string' ? undefined : state;
    return file.before && file.after
      ? editBase(docs.get(uri.toString()), bytes, file.after.text)
      : Promise.resolve(undefined);
  });
  for (const [i, file] of files.entries()) {
    const uri = vscode.Uri.joinPath(folder, file.path);
    if (!file.before) {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
      continue;
    }
    if (!file.after) {
      edit.createFile(uri, { contents: new TextEncoder().encode(file.before.text) }, metadata);
      continue;
    }
    const base = bases[i];
    if (base === undefined) return undefined;
    replaceWith(edit, uri, base, file.before.text, metadata);
  }
  return edit;
}

/** The folders Apply made for new files, deepest first, if the revert left them empty. */
async function removeEmptyFolders(folder: vscode.Uri, dirs: readonly string[]): Promise<void> {
  const deepestFirst = [...dirs].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of deepestFirst) {
    const uri = vscode.Uri.joinPath(folder, dir);
    const entries = await vscode.workspace.fs.readDirectory(uri).then(undefined, () => undefined);
    if (entries?.length === 0) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  }
}

function report(services: Services, outcome: RevertOutcome): RevertOutcome {
  if (outcome.status === 'reverted' && outcome.left.length === 0) {
    services.log.info(outcome.message);
    void vscode.window.showInformationMessage(outcome.message);
  } else if (outcome.status === 'nothing') {
    services.log.info(outcome.message);
    void vscode.window.showInformationMessage(outcome.message);
  } else {
    services.log.warn(outcome.message);
    void vscode.window.showWarningMessage(outcome.message);
  }
  return outcome;
}
