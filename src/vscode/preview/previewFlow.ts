/**
 * The life of a preview: open the multi-file diff, offer Apply / Discard, and settle the session whichever
 * route the user takes (notification, palette, editor title button).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RefactorResult } from '../../core/runTypes';
import { applyChanges } from './applyChanges';
import type { SessionState } from '../state';
import { openPreview, previewTabs } from './preview';
import { announceApplied, missingFolders } from './revertRecord';
import { createPreviewSession, type PreviewDecision, type PreviewSession } from './previewSession';
import type { Services } from '../activation/services';

export async function showPreview(
  services: Services,
  state: SessionState,
  root: vscode.Uri,
  result: RefactorResult,
): Promise<PreviewSession> {
  const session = createPreviewSession(randomUUID(), result);
  state.previewDocs.add(session);
  services.preview = session;
  const files = session.changes.length;
  await openPreview(session, root, previewTitle(result));
  services.log.info(`Preview: ${session.changes.map((c) => c.file).join(', ')}`);
  void vscode.window
    .showInformationMessage(
      `Orchestra: ${files} file(s) changed — review the diff, then apply or discard.`,
      'Apply',
      'Discard',
      'Show Report',
    )
    .then((choice) => {
      if (services.preview !== session) return;
      if (choice === 'Apply') void decidePreview(services, state, 'apply');
      else if (choice === 'Discard') void decidePreview(services, state, 'discard');
      else if (choice === 'Show Report') void vscode.commands.executeCommand('orchestra.showLastRun');
    });
  return session;
}

export function previewTitle(result: RefactorResult): string {
  return `Orchestra: ${result.instruction}`;
}

/** Applies or discards the open preview; undefined when there is none. */
export async function decidePreview(
  services: Services,
  state: SessionState,
  action: 'apply' | 'discard',
): Promise<PreviewDecision | undefined> {
  const session = services.preview;
  if (!session) {
    void vscode.window.showInformationMessage(
      'Orchestra: there is no previewed refactor to apply or discard.',
    );
    return undefined;
  }
  if (action === 'discard') return discardPreview(services, state, 'discarded by the user');
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const createdDirs = await missingFolders(root, session.changes);
  const outcome = await applyChanges(root, session.changes);
  if (outcome.status === 'applied') {
    services.log.info(`Applied ${outcome.files.length} file(s): ${outcome.files.join(', ')}`);
    const { instruction } = session.result;
    await announceApplied(services, root, instruction, session.changes, createdDirs);
  } else {
    services.log.warn(outcome.message);
    void vscode.window.showWarningMessage(outcome.message);
  }
  await endSession(services, state, session, outcome);
  return outcome;
}

export function discardPreview(services: Services, state: SessionState, why: string): PreviewDecision {
  const session = services.preview;
  const decision: PreviewDecision = { status: 'discarded' };
  if (session) {
    services.log.info(`Preview ${why}; nothing was changed.`);
    void endSession(services, state, session, decision);
  }
  return decision;
}

async function endSession(
  services: Services,
  state: SessionState,
  session: PreviewSession,
  decision: PreviewDecision,
): Promise<void> {
  if (services.preview === session) services.preview = undefined;
  session.decide(decision);
  // Close the diff tabs before their virtual documents go away.
  const tabs = previewTabs(session.id);
  if (tabs.length) await vscode.window.tabGroups.close(tabs).then(undefined, () => false);
  state.previewDocs.remove(session.id);
}
