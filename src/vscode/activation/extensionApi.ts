/**
 * What `activate()` returns: a read-only window into the extension's state, used by the integration
 * tests (and usable by other extensions). No secrets pass through it.
 */
import type { RefactorResult } from '../../core/runTypes';
import type { EngineLoader } from './engineLoader';
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
  /** Resolves when the background pre-warm finished (true) or was skipped/failed (false). */
  warmed(): Promise<boolean>;
}

export function createExtensionApi(services: Services, loader: EngineLoader): OrchestraApi {
  return {
    lastRun: () => services.lastRun,
    logLines: () => services.log.lines(),
    statusBarText: () => services.statusBar.text,
    hasPreview: () => services.preview !== undefined,
    isRunning: () => services.isRunning,
    engineLoaded: () => loader.loaded,
    warmed: () => services.warmed,
  };
}
