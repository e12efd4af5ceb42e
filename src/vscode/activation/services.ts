/**
 * The extension's service graph, built at activation. Only cheap objects live here; everything heavy
 * (ts-morph, the SDK, the pipeline) sits behind `EngineLoader` (engineLoader.ts), a dynamic import on first use.
 */
import * as vscode from 'vscode';
import type { RefactorResult } from '../../core/runTypes';
import { ApiKeyStore, OPENAI_KEY } from './apiKey';
import { CONTEXT_PREVIEW_ACTIVE, CONTEXT_RUNNING } from './commandIds';
import type { Logger } from './log';
import type { PreviewSession } from '../preview/previewSession';
import type { ResumedRun } from '../refactor/resumeSummary';
import type { ResumeOffer } from './resumeOfferTypes';
import { RunStatusBar } from './statusBar';
import type { SessionState } from '../state';

export class Services implements vscode.Disposable {
  readonly keys: ApiKeyStore;
  /** The openai-compatible provider's key (its own secret id; OPENAI_API_KEY as the fallback). */
  readonly openaiKeys: ApiKeyStore;
  readonly statusBar = new RunStatusBar();
  lastRun: RefactorResult | undefined;
  /** What the last run took from its journal when it was a resume (Show Last Run's report says so). */
  lastResumed: ResumedRun | undefined;
  sessionState: SessionState | undefined;
  private previewSession: PreviewSession | undefined;
  private runController: AbortController | undefined;
  /** Set by background.ts; resolves true once the workspace is loaded in the background. */
  warmed: Promise<boolean> = Promise.resolve(false);
  /** Orchestra commands run in this window (firstUse.ts counts them). */
  commandsRun = 0;
  /** What the start-up check offered to resume, if anything (resumeOffer.ts). */
  resumeOffer: ResumeOffer | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: Logger,
  ) {
    this.keys = new ApiKeyStore(context.secrets, log);
    this.openaiKeys = new ApiKeyStore(context.secrets, log, OPENAI_KEY);
  }

  get preview(): PreviewSession | undefined {
    return this.previewSession;
  }

  set preview(session: PreviewSession | undefined) {
    this.previewSession = session;
    void vscode.commands.executeCommand('setContext', CONTEXT_PREVIEW_ACTIVE, session !== undefined);
  }

  /** Starts tracking a run so "Cancel" (command, status bar, progress button) can abort it. */
  beginRun(): AbortController {
    this.runController?.abort();
    const controller = new AbortController();
    this.runController = controller;
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, true);
    return controller;
  }

  endRun(controller: AbortController): void {
    if (this.runController !== controller) return;
    this.runController = undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, false);
  }

  /** Aborts the running refactor (in-flight requests included). Returns whether one was running. */
  cancelRun(): boolean {
    if (!this.runController) return false;
    this.log.info('Cancel requested.');
    this.runController.abort();
    return true;
  }

  get isRunning(): boolean {
    return this.runController !== undefined;
  }

  dispose(): void {
    this.runController?.abort();
    this.statusBar.dispose();
  }
}
