/**
 * Restricted Mode: a folder the user has not trusted may be read (and browsed with the other commands), but
 * no refactoring starts in it. A refactoring sends the folder's code to a model with the user's key and
 * writes files, which is exactly what trust is for. The user is told why, with VS Code's own trust button.
 */
import * as vscode from 'vscode';
import type { Services } from '../activation/services';

export const RESTRICTED_MODE_MESSAGE =
  'Orchestra does not refactor in Restricted Mode: this folder is not trusted, and a refactoring sends its code to a model and writes files. Nothing was sent or changed. Trust the folder to refactor it.';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Undefined when the workspace is trusted; otherwise the shown refusal. */
export function refuseUntrusted(services: Services): { status: 'untrusted'; message: string } | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  services.log.warn(RESTRICTED_MODE_MESSAGE);
  void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE, MANAGE_TRUST).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { status: 'untrusted', message: RESTRICTED_MODE_MESSAGE };
}
