/**
 * The heavy half of the extension, loaded on first use (the engine loader): every UI flow, and the host side
 * of the engine worker (src/vscode/engine), which runs ts-morph, the SDKs and the pipeline off this thread.
 * Each export backs one command.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { formatRunReport } from '../core/report';
import type { RefactorResult } from '../core/runTypes';
import { DEFAULT_ENGINE_HEAP_MB, EngineHost } from './engine/engineHost';
import type { PreviewDecision } from './preview/previewSession';
import { PreviewDocuments } from './preview/preview';
import { decidePreview, showPreviewDiff } from './preview/previewFlow';
import { ChangeView, openHunk } from './preview/changeView';
import { provenanceSection } from './preview/changeRows';
import { PlanViewReview, type PlanViewAction } from './refactor/planViewReview';
import { revertLastRefactor, type RevertOutcome } from './preview/revertFlow';
import { seedFromEditor } from './refactor/instructionInput';
import { parseRefactorArgs, runRefactor, type RefactorOutcome } from './refactor/refactorFlow';
import { parseResumeArgs, runResume, type ResumeOutcome } from './refactor/resumeFlow';
import { resumeReportSection } from './refactor/resumeSummary';
import { readSettings } from './refactor/runSetup';
import { runSettingsSection } from './refactor/runSettingsReport';
import type { Services } from './activation/services';
import { ReportDocuments } from './refactor/reportView';
import type { SessionState } from './state';

function stateOf(services: Services): SessionState {
  if (!services.sessionState) {
    const previewDocs = new PreviewDocuments();
    const reportDocs = new ReportDocuments();
    const planView = new PlanViewReview();
    const changeView = new ChangeView();
    services.context.subscriptions.push(previewDocs, reportDocs, planView, changeView);
    // The engine runs in a worker thread (src/vscode/engine), bundled beside this file as engineWorker.js.
    const engine = new EngineHost({
      script: path.join(__dirname, 'engineWorker.js'),
      resourceLimits: () => ({ maxOldGenerationSizeMb: DEFAULT_ENGINE_HEAP_MB }),
      log: (level, message) => services.log.log(level, message),
      // An edit re-parses only its file; the parse-ahead then picks up what the update left out.
      onRefreshed: (how, detail) => {
        services.log.debug(`Workspace ${how} after file changes (${detail}).`);
        if (services.sessionState) keepWarm(services, services.sessionState, true);
      },
    });
    services.context.subscriptions.push(engine);
    const warn = (what: string) => (error: unknown) => services.log.warn(`${what} failed: ${String(error)}`);
    // Only a running worker holds a workspace to update: a change never starts one.
    const workspaces = {
      markChanged: (file: string): void => {
        if (engine.running) engine.request('changed', { files: [file] }).catch(warn('A workspace update'));
      },
      clear: (): void => {
        if (engine.running) engine.request('clear', {}).catch(warn('Dropping the workspace'));
      },
    };
    services.sessionState = { engine, workspaces, previewDocs, reportDocs, planView, changeView };
  }
  return services.sessionState;
}

export async function refactorCommand(services: Services, args: unknown[]): Promise<RefactorOutcome> {
  if (services.isRunning) {
    void vscode.window.showWarningMessage('Orchestra is already running a refactor; cancel it first.');
    return { status: 'error', reason: 'bad-input', message: 'A refactor is already running.' };
  }
  const state = stateOf(services);
  const outcome = await runRefactor(services, state, parseRefactorArgs(args));
  // Another pass after every command, as when each command loaded afresh: parsed files cost nothing.
  keepWarm(services, state, true);
  return outcome;
}

export async function resumeCommand(services: Services, args: unknown[]): Promise<ResumeOutcome> {
  if (services.isRunning) {
    void vscode.window.showWarningMessage('Orchestra is already running a refactor; cancel it first.');
    return { status: 'error', reason: 'bad-input', message: 'A refactor is already running.' };
  }
  const state = stateOf(services);
  const outcome = await runResume(services, state, parseResumeArgs(args));
  keepWarm(services, state, true);
  return outcome;
}

/**
 * After a load, a command or an incremental update, the worker parses its cached workspace ahead in idle
 * time (engine/parseAheadPasses.ts) so the next command's facts need no parsing. `resume`: files changed
 * since the last pass, so pass again (files already parsed cost nothing).
 */
function keepWarm(services: Services, state: SessionState, resume = false): void {
  const parsed = readSettings();
  const megabytes = parsed.ok ? parsed.value.parseAheadMB : 0;
  if (!state.engine.running || megabytes <= 0) return;
  state.engine
    .request('parseAhead', { megabytes, resume })
    .catch((error: unknown) => services.log.warn(`Background parse-ahead failed: ${String(error)}`));
}

/** From the editor context menu: the identifier under the cursor is the seed. */
export function refactorSymbolCommand(services: Services): Promise<RefactorOutcome> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/');
  const seed = seedFromEditor(root);
  return refactorCommand(services, [seed ? { seed } : {}]);
}

export function applyPreviewCommand(services: Services): Promise<PreviewDecision | undefined> {
  return decidePreview(services, stateOf(services), 'apply');
}

export function discardPreviewCommand(services: Services): Promise<PreviewDecision | undefined> {
  return decidePreview(services, stateOf(services), 'discard');
}

/** The Orchestra Plan view's actions: Run, Re-plan, Cancel (view title), Edit instruction (a subtask row). */
export function planViewCommand(services: Services, action: PlanViewAction, arg?: unknown): Promise<boolean> {
  return stateOf(services).planView.act(action, arg);
}

/** A hunk row of the Orchestra Changes view: the diff of its file, at the hunk. */
export async function openHunkCommand(services: Services, arg: unknown): Promise<boolean> {
  const session = services.preview;
  const target = arg as { file?: unknown; index?: unknown } | undefined;
  if (!session || typeof target?.file !== 'string' || typeof target.index !== 'number') return false;
  return openHunk(session, target.file, target.index);
}

/** The Orchestra Changes view's title action: the whole multi-file diff again. */
export function showPreviewDiffCommand(services: Services): Promise<boolean> {
  return showPreviewDiff(services);
}

/** Puts back the files of the last applied run (preview/revertFlow.ts). */
export function revertLastRefactorCommand(services: Services): Promise<RevertOutcome> {
  return revertLastRefactor(services);
}

/** Opens the last run's report as an untitled Markdown document. */
export async function showLastRunCommand(services: Services): Promise<vscode.TextDocument | undefined> {
  const result = services.lastRun;
  if (!result) {
    void vscode.window.showInformationMessage(
      'Orchestra: no run yet in this window. Run "Orchestra: Refactor…" first.',
    );
    return undefined;
  }
  return stateOf(services).reportDocs.show(
    `${formatRunReport(result)}\n\n${formatPlanSection(result)}\n\n${provenanceSection(result)}\n\n` +
      (services.lastResumed ? `${resumeReportSection(services.lastResumed)}\n\n` : '') +
      `${runSettingsSection(result)}\n`,
  );
}

/** The plan as the workers got it: each file's handler, priority and instruction. */
function formatPlanSection(result: RefactorResult): string {
  const lines = ['## Plan', '', result.plan.summary, ''];
  for (const s of result.plan.subtasks)
    lines.push(`- \`${s.file}\` [${s.handler}, p${s.priority}]: ${s.instructions}`);
  return lines.join('\n');
}

/** Drops the cached project and loads it again; returns the number of source files (TypeScript or JavaScript). */
export async function reloadWorkspaceCommand(services: Services): Promise<number> {
  const state = stateOf(services);
  if (state.engine.running) await state.engine.request('clear', {});
  const count = await load(services, state);
  services.log.info(`Workspace reloaded: ${count} source file(s).`);
  keepWarm(services, state);
  return count;
}

/** Background pre-warm after activation: loads the workspace so the first command starts fast. */
export async function prewarm(services: Services): Promise<boolean> {
  const started = Date.now();
  const state = stateOf(services);
  const count = await load(services, state);
  services.log.info(`Workspace pre-warmed: ${count} source file(s) in ${Date.now() - started} ms.`);
  keepWarm(services, state);
  return true;
}

async function load(services: Services, state: SessionState): Promise<number> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return 0;
  const parsed = readSettings();
  const globs = parsed.ok ? { include: parsed.value.run.include, exclude: parsed.value.run.exclude } : {};
  const warm = await state.engine.request('load', { root: root.fsPath, globs });
  services.log.debug(
    `Workspace ${root.fsPath} loaded: ${warm.importEdges} import edges, ${warm.programFiles} lib/program files warm.`,
  );
  return warm.files;
}
