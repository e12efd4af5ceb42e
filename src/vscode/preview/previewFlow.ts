/**
 * The life of a preview: open the multi-file diff, offer Apply / Discard, and settle the session whichever
 * route the user takes (notification, palette, editor title button).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeChange } from '../../core/report';
import type { RefactorResult } from '../../core/runTypes';
import { selectChanges } from '../../core/diff/selectHunks';
import { applyChanges } from './applyChanges';
import { CONTEXT_PREVIEW_ACTIVE } from '../activation/commandIds';
import { CHANGE_VIEW_ID } from './changeView';
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
  /** False when the caller decides at once (Apply / Discard from arguments): nobody reviews the view. */
  reveal = true,
): Promise<PreviewSession> {
  const session = createPreviewSession(randomUUID(), result);
  state.previewDocs.add(session);
  services.preview = session;
  state.changeView.show(session);
  if (reveal) {
    // The change view shows once its `when` context is set; revealed first, the diff then takes the focus.
    await vscode.commands.executeCommand('setContext', CONTEXT_PREVIEW_ACTIVE, true);
    await vscode.commands.executeCommand(`${CHANGE_VIEW_ID}.focus`).then(undefined, () => undefined);
  }
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
  // Exactly what the change view has ticked: whole files, or the ticked hunks applied on the text as read.
  const { files, hunks } = session.selection;
  const selected = selectChanges(session.changes, files, hunks);
  if (!selected.ok || selected.value.length === 0) {
    const message = selected.ok
      ? 'Orchestra applied nothing: no file or hunk is ticked in the Orchestra Changes view; the preview stays open.'
      : `Orchestra applied nothing: ${selected.error.map((r) => `${r.file} (${r.why})`).join(', ')}; the preview stays open.`;
    services.log.warn(message);
    void vscode.window.showWarningMessage(message);
    return { status: 'kept', files: session.changes.map((c) => c.file), message };
  }
  const chosen = selected.value;
  const createdDirs = await missingFolders(root, chosen);
  const outcome = await applyChanges(root, chosen, (t) =>
    services.log.info(
      `Apply of ${chosen.length} file(s): checked in ${t.checkMs} ms, read in ${t.readMs} ms, edited in ${t.editMs} ms`,
    ),
  );
  if (outcome.status === 'applied') {
    const left = session.changes.length - chosen.length;
    services.log.info(
      `Applied ${outcome.files.length} file(s): ${outcome.files.join(', ')}` +
        (left > 0 || hunks.size > 0
          ? ` (as ticked: ${left} file(s) left out, ${hunks.size} applied in part)`
          : ''),
    );
    const { instruction } = session.result;
    await announceApplied(services, root, instruction, chosen, createdDirs);
  } else {
    services.log.warn(outcome.message);
    void vscode.window.showWarningMessage(outcome.message);
  }
  await endSession(services, state, session, outcome);
  return outcome;
}

/** Opens the open preview's multi-file diff again (the change view's title action). */
export async function showPreviewDiff(services: Services): Promise<boolean> {
  const session = services.preview;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!session || !root) return false;
  await openPreview(session, root, previewTitle(session.result));
  return true;
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
  if (state.changeView.current === session) state.changeView.show(undefined);
  session.decide(decision);
  // Close the diff tabs before their virtual documents go away.
  const tabs = previewTabs(session.id);
  if (tabs.length) await vscode.window.tabGroups.close(tabs).then(undefined, () => false);
  state.previewDocs.remove(session.id);
}
