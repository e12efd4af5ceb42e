/** The preview's problems as a QuickPick; picking one opens its line (in the result, or as the run read it). */
import * as vscode from 'vscode';
import { previewUri } from './preview';
import { previewProblems, type PreviewProblem } from './previewProblems';
import type { PreviewSession } from './previewSession';

export const PROBLEMS_TITLE = 'Orchestra: problems in the previewed result';

/** Shows the session's problems (only type errors with `onlyTypeErrors`); resolves once one was opened or none. */
export async function showProblems(
  session: PreviewSession,
  root: vscode.Uri,
  onlyTypeErrors = false,
): Promise<PreviewProblem | undefined> {
  const all = previewProblems(session.result);
  const problems = onlyTypeErrors ? all.filter((p) => p.kind === 'type-error') : all;
  if (problems.length === 0) {
    void vscode.window.showInformationMessage('Orchestra: the previewed result has no problems to show.');
    return undefined;
  }
  const items = problems.map((p) => ({ label: p.label, detail: p.detail, problem: p }));
  const picked = await vscode.window.showQuickPick(items, {
    title: PROBLEMS_TITLE,
    placeHolder: 'Pick one to open its line',
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  await openProblem(session, root, picked.problem);
  return picked.problem;
}

type ConfirmItem = vscode.QuickPickItem & { action?: 'apply' | 'keep'; problem?: PreviewProblem };

/**
 * Apply asks once more when the result has new type errors: a QuickPick (modal dialogs are refused in
 * extension tests, and a list can show every error) with "Apply anyway", "Don't apply" and the errors, each
 * opening its line. True only for "Apply anyway".
 */
export async function confirmApplyWithErrors(session: PreviewSession, root: vscode.Uri): Promise<boolean> {
  const errors = previewProblems(session.result).filter((p) => p.kind === 'type-error');
  if (errors.length === 0) return true;
  const count = `${errors.length} new type error${errors.length === 1 ? '' : 's'}`;
  const items: ConfirmItem[] = [
    {
      label: '$(warning) Apply anyway',
      detail: `Write the result with its ${count} (Undo reverts it)`,
      action: 'apply',
    },
    { label: "$(close) Don't apply", detail: 'Keep the preview open', action: 'keep' },
    { label: 'new type errors', kind: vscode.QuickPickItemKind.Separator },
    ...errors.map((p) => ({ label: p.label, detail: p.detail, problem: p })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Orchestra: the result has ${count}. Apply it anyway?`,
    placeHolder: 'Pick an error to open its line instead',
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (picked?.problem) await openProblem(session, root, picked.problem);
  return picked?.action === 'apply';
}

async function openProblem(session: PreviewSession, root: vscode.Uri, p: PreviewProblem): Promise<void> {
  // A file the run changed is shown as the preview has it; any other file as it is in the workspace.
  const changed = session.changes.some((c) => c.file === p.file);
  const uri = changed ? previewUri(session.id, p.side, p.file) : vscode.Uri.joinPath(root, p.file);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    // A file the cap dropped may be one the plan would have created: nothing to open, so say what the row says.
    void vscode.window.showInformationMessage(`Orchestra: ${p.file} does not exist. ${p.detail}`);
    return;
  }
  const line = Math.max(0, Math.min(p.line - 1, doc.lineCount - 1));
  const range = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(doc, { selection: range, preview: true });
}
