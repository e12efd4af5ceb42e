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

async function openProblem(session: PreviewSession, root: vscode.Uri, p: PreviewProblem): Promise<void> {
  // A file the run changed is shown as the preview has it; any other file as it is in the workspace.
  const changed = session.changes.some((c) => c.file === p.file);
  const uri = changed ? previewUri(session.id, p.side, p.file) : vscode.Uri.joinPath(root, p.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = Math.max(0, Math.min(p.line - 1, doc.lineCount - 1));
  const range = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(doc, { selection: range, preview: true });
}
