/**
 * "Orchestra: Refactor…" end to end: instruction → workspace facts + plan (progress) → review → workers
 * (cancellable progress) → multi-file diff preview → apply/discard. Every step can be driven by
 * `RefactorArgs` instead of UI, which is how tests and other extensions call it.
 */
import * as vscode from 'vscode';
import { toOrchestraError, type ErrorReason } from '../../core/errors';
import type { RefactorResult, RunRequest } from '../../core/runTypes';
import type { SymbolSeed } from '../../core/facts/types';
import type { SessionState } from '../state';
import { askInstruction, rememberInstruction } from './instructionInput';
import { applyReviewChoices, editedPlan } from './planEdits';
import { reviewPlan } from './planReview';
import { PLAN_VIEW_MIN_SUBTASKS } from './planViewReview';
import { decidePreview, discardPreview, showPreview } from '../preview/previewFlow';
import type { PreviewDecision } from '../preview/previewSession';
import { RunProgress } from './runProgress';
import { clientSpecOrReport, settingsOrReport } from './runSetup';
import type { Services } from '../activation/services';
import { shouldReview } from './settingsSchema';
import { recordRun } from './runRecord';
import { showErrorWithLog } from '../activation/log';
import { rememberRunSettings } from './runSettingsReport';
import { refuseUntrusted } from './trustGate';
import { EngineRun } from '../engine/engineRun';
import type { PlannedRunView } from '../engine/protocol';
import { journalDirOf } from '../activation/resumeOffer';

export interface RefactorArgs {
  instruction?: string;
  seed?: SymbolSeed;
  /** 'ui' (default) shows the review when the settings ask for it; 'accept' runs the plan as planned. */
  review?: 'ui' | 'accept';
  /** Review choices applied without UI (files to skip, new instructions per file). */
  excludeFiles?: string[];
  instructions?: Record<string, string>;
  /** 'ui' (default) waits for Apply/Discard; 'apply' / 'discard' decide at once; 'keep' returns with it open. */
  preview?: 'ui' | 'apply' | 'discard' | 'keep';
}

export type RefactorOutcome =
  | PreviewDecision
  | { status: 'previewed'; files: string[] }
  | { status: 'no-changes' }
  | { status: 'cancelled'; stage: 'input' | 'plan' | 'review' | 'run' }
  | { status: 'bad-settings'; setting: string; message: string }
  | { status: 'missing-key'; message: string }
  | { status: 'untrusted'; message: string }
  | { status: 'error'; reason: ErrorReason; message: string };

/** Parses the command's arguments: an options object or an instruction; a Uri (from a menu) is ignored. */
export function parseRefactorArgs(args: unknown[]): RefactorArgs {
  const [first] = args;
  if (first instanceof vscode.Uri) return {};
  if (typeof first === 'string') return { instruction: first };
  if (typeof first === 'object' && first !== null) return first as RefactorArgs;
  return {};
}

export async function runRefactor(
  services: Services,
  state: SessionState,
  args: RefactorArgs,
): Promise<RefactorOutcome> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return fail(services, 'no-project', 'Open a folder with a TypeScript project first.');
  // Before settings, key or workspace are read: Restricted Mode sends nothing and writes nothing.
  const untrusted = refuseUntrusted(services);
  if (untrusted) return untrusted;
  const setup = settingsOrReport(services);
  if (!setup.ok) return setup.error;
  const settings = setup.value;
  const connected = await clientSpecOrReport(services, settings);
  if (!connected.ok) return connected.error;
  const clients = connected.value;

  const instruction =
    args.instruction?.trim() || (await askInstruction(services.context.globalState, args.seed));
  if (!instruction) return { status: 'cancelled', stage: 'input' };
  await rememberInstruction(services.context.globalState, instruction);
  if (services.preview) discardPreview(services, state, 'replaced by a new run');

  const controller = services.beginRun();
  const progress = new RunProgress(services.log, services.statusBar);
  // The engine worker plans and runs; this thread only shows progress and the review (src/vscode/engine).
  const engine = new EngineRun(
    state.engine,
    root.fsPath,
    settings,
    clients,
    controller.signal,
    progress.onEvent,
  );
  let stage: 'plan' | 'review' | 'run' = 'plan';
  let result: RefactorResult;
  try {
    services.log.info(`Refactor: "${instruction}"${args.seed ? ` (seed ${args.seed.name})` : ''}`);
    let planned = await planWithProgress(engine, { instruction, seed: args.seed }, controller);
    let plan = applyReviewChoices(planned.plan, {
      excluded: args.excludeFiles,
      instructions: args.instructions,
    });
    stage = 'review';
    while (args.review !== 'accept' && shouldReview(settings, plan.subtasks.length)) {
      // A large plan is reviewed in the Orchestra Plan view; a small one in the QuickPick.
      const large = plan.subtasks.length >= PLAN_VIEW_MIN_SUBTASKS;
      const decision = large
        ? await state.planView.review({ ...planned, plan }, settings, controller.signal)
        : await reviewPlan({ ...planned, plan }, settings, controller.signal);
      if (decision.action === 'cancel') return cancelled(services, 'review');
      if (decision.action === 'run') {
        plan = applyReviewChoices(plan, decision.choices);
        break;
      }
      stage = 'plan';
      planned = await planWithProgress(
        engine,
        { instruction: decision.instruction, seed: args.seed },
        controller,
      );
      plan = planned.plan;
      stage = 'review';
    }
    if (plan.subtasks.length === 0) {
      void vscode.window.showInformationMessage('Orchestra: the plan has no files to change.');
      return { status: 'no-changes' };
    }
    stage = 'run';
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Orchestra', cancellable: true },
      async (p, token) => {
        token.onCancellationRequested(() => controller.abort());
        progress.attach(p, plan.subtasks.length);
        // Journaled outside the workspace (global storage), so an interrupted run can be resumed (resumeFlow.ts).
        const journal = {
          kind: 'new' as const,
          dir: journalDirOf(services.context.globalStorageUri.fsPath, root.fsPath),
          config: settings.run,
        };
        return engine.execute(planned, editedPlan(planned.plan, plan), journal);
      },
    );
  } catch (error) {
    const e = toOrchestraError(error);
    if (e.reason === 'cancelled' || controller.signal.aborted) return cancelled(services, stage);
    return fail(services, e.reason, e.message);
  } finally {
    engine.release();
    services.endRun(controller);
  }

  rememberRunSettings(result, settings);
  recordRun(services, result);
  if (result.cancelled) return cancelled(services, 'run');
  if (result.changes.length === 0) {
    // Say why: the verdict names the subtasks that failed or left their file unchanged, with their reasons.
    const message = `Orchestra: the run produced no changes. ${result.verdict.message}`;
    const shown =
      result.verdict.kind === 'done'
        ? vscode.window.showInformationMessage(message, 'Show Report')
        : vscode.window.showWarningMessage(message, 'Show Report');
    void shown.then((c) => c && vscode.commands.executeCommand('orchestra.showLastRun'));
    return { status: 'no-changes' };
  }
  const mode = args.preview ?? 'ui';
  const session = await showPreview(services, state, root, result, mode === 'ui' || mode === 'keep');
  if (mode === 'keep') return { status: 'previewed', files: session.changes.map((c) => c.file) };
  if (mode === 'apply' || mode === 'discard')
    return (await decidePreview(services, state, mode)) ?? { status: 'discarded' };
  return session.decided;
}

function planWithProgress(
  engine: EngineRun,
  request: RunRequest,
  controller: AbortController,
): Thenable<PlannedRunView> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Orchestra', cancellable: true },
    async (p, token) => {
      token.onCancellationRequested(() => controller.abort());
      p.report({ message: 'Loading the workspace…' });
      return engine.plan(request, (event) => {
        if (event.type === 'stage') p.report({ message: event.message });
      });
    },
  );
}

function cancelled(services: Services, stage: 'input' | 'plan' | 'review' | 'run'): RefactorOutcome {
  services.log.info(`Cancelled during ${stage}; nothing was changed.`);
  void vscode.window.showInformationMessage('Orchestra: cancelled — nothing was changed.');
  return { status: 'cancelled', stage };
}

function fail(services: Services, reason: ErrorReason, message: string): RefactorOutcome {
  services.log.error(`${reason}: ${message}`);
  showErrorWithLog(services.log, `Orchestra: ${message}`, { logged: true });
  return { status: 'error', reason, message };
}
