/**
 * The settings a run used, kept beside its result for "Show Last Run" (the engine's result knows nothing
 * of VS Code settings and their scopes). Keyed weakly by the result, so it lives as long as the run does.
 */
import type { RefactorResult } from '../../core/runTypes';
import type { ExtensionSettings } from './settingsSchema';
import { settingsSection } from './settingsSummary';

const settingsByRun = new WeakMap<RefactorResult, ExtensionSettings>();

export function rememberRunSettings(result: RefactorResult, settings: ExtensionSettings): void {
  settingsByRun.set(result, settings);
}

/** The report's "Settings" section for a run, or '' for a run this window did not record. */
export function runSettingsSection(result: RefactorResult): string {
  const settings = settingsByRun.get(result);
  return settings ? settingsSection(settings) : '';
}
