/**
 * What `activate()` returns: a read-only window into the extension's state, used by the integration
 * tests (and usable by other extensions). No secrets pass through it.
 */
import type { RefactorResult } from '../../core/runTypes';
import * as vscode from 'vscode';
import type { EngineLoader } from './engineLoader';
import { journalDirOf, type ResumeOffer } from './resumeOffer';
import type { Services } from './services';

export interface OrchestraApi {
  /** The last completed run, if any. */
  lastRun(): RefactorResult | undefined;
  /** Recent lines of the Orchestra log, already redacted. */
  logLines(): string[];
  statusBarText(): string;
  hasPreview(): boolean;
  isRunning(): boolean;
  /** Whether the heavy engine module has been loaded (activation must not load it). */
  engineLoaded(): boolean;
  /**
   * Resolves when the background pre-warm finished (true) or was skipped/failed (false). It starts with the
   * first Orchestra command; before that it resolves false.
   */
  warmed(): Promise<boolean>;
  /** How long `activate()` took, in ms. */
  activationMs(): number;
  /** What the start-up check offered to resume (an interrupted run's journal), if anything. */
  resumeOffer(): ResumeOffer | undefined;
  /** The run journals' directory of the window's folder, in the extension's global storage. */
  journalDir(): string | undefined;
}

export function createExtensionApi(
  services: Services,
  loader: EngineLoader,
  activationMs: number,
): OrchestraApi {
  return {
    activationMs: () => activationMs,
    resumeOffer: () => services.resumeOffer,
    journalDir: () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      return folder && journalDirOf(services.context.globalStorageUri.fsPath, folder.uri.fsPath);
    },
    lastRun: () => services.lastRun,
    logLines: () => services.log.lines(),
    statusBarText: () => services.statusBar.text,
    hasPreview: () => services.preview !== undefined,
    isRunning: () => services.isRunning,
    engineLoaded: () => loader.loaded,
    warmed: () => services.warmed,
  };
}
