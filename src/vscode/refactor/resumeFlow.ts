/**
 * "Orchestra: Resume Interrupted Refactoring": the folder's last unfinished run journal (global storage) runs
 * again without the orchestrator — a model subtask journaled as finished whose files still hold the text it
 * started from is taken from the journal, the others run (a stale one is named) — then the usual preview.
 */
import * as vscode from 'vscode';
import { toOrchestraError, type ErrorReason } from '../../core/errors';
import { latestUnfinished } from '../../core/journal/journalFile';
import { journalDirOf } from '../activation/resumeOffer';
import { showErrorWithLog } from '../activation/log';
import type { Services } from '../activation/services';
import { decidePreview, showPreview } from '../preview/previewFlow';
import type { SessionState } from '../state';
import type { RefactorOutcome } from './refactorFlow';
import { resumedRunOf, resumeLogLines, resumeNotice, type ResumedRun } from './resumeSummary';
import { recordRun } from './runRecord';
import { EngineRun } from '../engine/engineRun';
import type { ExecutedRun } from '../engine/protocol';
import { RunProgress } from './runProgress';
import { clientSpecOrReport, settingsOrReport } from './runSetup';
import { refuseUntrusted } from './trustGate';

export interface ResumeArgs {
  /** As `RefactorArgs.preview`: 'ui' (default) waits for Apply/Discard; 'keep' returns with the preview open. */
  preview?: 'ui' | 'apply' | 'discard' | 'keep';
}

export type ResumeOutcome = RefactorOutcome | { status: 'nothing-to-resume' };

export type { ResumedRun } from './resumeSummary';

export function parseResumeArgs(args: unknown[]): ResumeArgs {
  const [first] = args;
  return typeof first === 'object' && first !== null && !(first instanceof vscode.Uri)
    ? (first as ResumeArgs)
    : {};
}

export async function runResume(
  services: Services,
  state: SessionState,
  args: ResumeArgs,
): Promise<ResumeOutcome & { resumed?: ResumedRun }> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return fail(services, 'no-project', 'Open the folder of the interrupted refactoring first.');
  const untrusted = refuseUntrusted(services);
  if (untrusted) return untrusted;
  const found = latestUnfinished(journalDirOf(services.context.globalStorageUri.fsPath, root.fsPath));
  if (!found.ok) return fail(services, 'bad-input', found.error);
  if (found.value === undefined) {
    void vscode.window.showInformationMessage(
      'Orchestra: no interrupted refactoring to resume in this folder.',
    );
    return { status: 'nothing-to-resume' };
  }
  const { file, journal } = found.value;
  const { header } = journal;
  const setup = settingsOrReport(services);
  if (!setup.ok) return setup.error;
  // The journal's run settings (models, providers, limits) with this window's keys and endpoints.
  const settings = { ...setup.value, run: header.config };
  const connected = await clientSpecOrReport(services, settings);
  if (!connected.ok) return connected.error;

  const controller = services.beginRun();
  const progress = new RunProgress(services.log, services.statusBar);
  // The engine worker re-plans from the journal and runs; this thread shows progress and the preview.
  const engine = new EngineRun(
    state.engine,
    root.fsPath,
    settings,
    connected.value,
    controller.signal,
    progress.onEvent,
  );
  let result: ExecutedRun;
  try {
    services.log.info(`Resume: "${header.instruction}" (run ${header.runId}, started ${header.startedAt})`);
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Orchestra (resume)', cancellable: true },
      async (p, token) => {
        token.onCancellationRequested(() => controller.abort());
        p.report({ message: 'Loading the workspace…' });
        const planned = await engine.replan(file);
        progress.attach(p, planned.plan.subtasks.length);
        return engine.execute(planned, undefined, { kind: 'continue', file });
      },
    );
  } catch (error) {
    const e = toOrchestraError(error);
    if (e.reason === 'cancelled' || controller.signal.aborted) return cancelled(services);
    return fail(services, e.reason, e.message);
  } finally {
    engine.release();
    services.endRun(controller);
  }
  const resumed = resumedRunOf(result.resumed);
  recordRun(services, result, resumed);
  for (const line of resumeLogLines(resumed)) services.log.info(line);
  const notice = resumeNotice(resumed);
  if (notice !== undefined) void vscode.window.showInformationMessage(notice);
  if (result.cancelled) return { ...cancelled(services), resumed };
  if (result.changes.length === 0) {
    void vscode.window.showInformationMessage(
      `Orchestra: the run produced no changes. ${result.verdict.message}`,
    );
    return { status: 'no-changes', resumed };
  }
  const mode = args.preview ?? 'ui';
  const session = await showPreview(services, state, root, result, mode === 'ui' || mode === 'keep');
  if (mode === 'keep') return { status: 'previewed', files: session.changes.map((c) => c.file), resumed };
  if (mode === 'apply' || mode === 'discard')
    return { ...((await decidePreview(services, state, mode)) ?? { status: 'discarded' }), resumed };
  return { ...(await session.decided), resumed };
}

function cancelled(services: Services): RefactorOutcome {
  services.log.info('Resume cancelled; nothing was changed (it can be resumed again).');
  void vscode.window.showInformationMessage('Orchestra: cancelled — nothing was changed.');
  return { status: 'cancelled', stage: 'run' };
}

function fail(services: Services, reason: ErrorReason, message: string): RefactorOutcome {
  services.log.error(`${reason}: ${message}`);
  showErrorWithLog(services.log, `Orchestra: ${message}`, { logged: true });
  return { status: 'error', reason, message };
}
