/**
 * The life of a preview: open the multi-file diff, offer Apply / Discard, and settle the session whichever
 * route the user takes (notification, palette, editor title button).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeChange } from '../../core/report';
import type { RefactorResult } from '../../core/runTypes';
import { applyChanges } from './applyChanges';
import type { SessionState } from '../state';
import { openPreview, previewTabs } from './preview';
import { problemSummary } from './previewProblems';
import { confirmApplyWithErrors, showProblems } from './problemsPick';
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
  await openPreview(session, root, previewTitle(result));
  services.log.info(`Preview: ${session.changes.map(describeChange).join(', ')}`);
  const problems = problemSummary(result);
  if (problems) services.log.warn(`Preview: ${result.verdict.message}`);
  // Offered again after the problems were looked at, or after Apply was declined: the preview is still open.
  const offer = (): void => {
    void previewMessage(session, problems).then(async (choice) => {
      if (services.preview !== session) return;
      if (choice === 'Apply') {
        const decision = await decidePreview(services, state, 'apply');
        if (decision?.status === 'kept' && services.preview === session) offer();
      } else if (choice === 'Discard') void decidePreview(services, state, 'discard');
      else if (choice === 'Show Problems') {
        await showProblems(session, root);
        if (services.preview === session) offer();
      } else if (choice === 'Show Report') void vscode.commands.executeCommand('orchestra.showLastRun');
    });
  };
  offer();
  return session;
}

/** The notification beside the diff: a warning naming the problems when the result is not done. */
function previewMessage(session: PreviewSession, problems: string): Thenable<string | undefined> {
  const files = `${session.changes.length} file(s) changed`;
  if (!problems) {
    return vscode.window.showInformationMessage(
      `Orchestra: ${files} — review the diff, then apply or discard.`,
      'Apply',
      'Discard',
      'Show Report',
    );
  }
  return vscode.window.showWarningMessage(
    `Orchestra: ${files} — ${problems}. Review the diff and the problems, then apply or discard.`,
    'Show Problems',
    'Apply',
    'Discard',
    'Show Report',
  );
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
  if (!(await confirmApplyWithErrors(session, root))) {
    const message = 'Apply declined: the result has new type errors; the preview stays open.';
    services.log.info(message);
    return { status: 'kept', files: session.changes.map((c) => c.file), message };
  }
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
