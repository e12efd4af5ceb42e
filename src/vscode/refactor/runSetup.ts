/**
 * What a run needs before it can start: valid settings and a model client (with its key). Failures become
 * messages with the one button that fixes them (Open Settings / Set API Key).
 */
import * as vscode from 'vscode';
import { createAnthropicClient } from '../../core/llm/anthropicClient';
import type { ModelClient } from '../../core/llm/modelClient';
import { err, ok, type Result } from '../../core/result';
import { LmModelClient } from '../lm/lmModelClient';
import type { Services } from '../activation/services';
import { parseSettings, type ExtensionSettings } from './settingsSchema';
import { readScopedSettings } from './scopedSettings';

export type SetupFailure =
  { status: 'bad-settings'; setting: string; message: string } | { status: 'missing-key'; message: string };

/** The effective settings: user-only ones from the user, spend limits never raised by a workspace. */
export function readSettings(): ReturnType<typeof parseSettings> {
  const scoped = readScopedSettings();
  return parseSettings((key) => scoped.values[key], scoped);
}

/**
 * Validated settings, or a shown error naming the bad setting. Workspace values that were refused are
 * logged one line each and shown once, and the run goes on with the user's values.
 */
export function settingsOrReport(services: Services): Result<ExtensionSettings, SetupFailure> {
  const parsed = readSettings();
  if (parsed.ok) {
    reportIgnored(services, parsed.value);
    return parsed;
  }
  const { setting, message } = parsed.error;
  services.log.error(message);
  void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
  });
  return err({ status: 'bad-settings', setting, message });
}

function reportIgnored(services: Services, settings: ExtensionSettings): void {
  const { ignored } = settings.scope;
  if (ignored.length === 0) return;
  for (const i of ignored) services.log.warn(i.message);
  const names = ignored.map((i) => `orchestra.${i.key}`).join(', ');
  const [only] = ignored;
  const message =
    only && ignored.length === 1
      ? only.message
      : `Orchestra ignored ${ignored.length} settings this workspace tried to set (${names}): a workspace may not choose your endpoint or raise a limit. The log says why for each.`;
  void vscode.window.showWarningMessage(message, 'Show Log').then((choice) => {
    if (choice) services.log.show();
  });
}

export const MISSING_KEY_MESSAGE =
  'Orchestra needs an Anthropic API key: set one (stored in Secret Storage) or define ANTHROPIC_API_KEY.';

/** The model client for the configured provider, or a shown "missing key" message with a fix button. */
export async function clientOrReport(
  services: Services,
  settings: ExtensionSettings,
): Promise<Result<ModelClient, SetupFailure>> {
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string): void =>
    services.log.log(level, message);
  if (settings.run.provider === 'vscode-lm') return ok(new LmModelClient(log));
  const key = await services.keys.get();
  if (!key) {
    services.log.warn('No API key (Secret Storage or ANTHROPIC_API_KEY).');
    void vscode.window.showErrorMessage(MISSING_KEY_MESSAGE, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('orchestra.setApiKey');
    });
    return err({ status: 'missing-key', message: MISSING_KEY_MESSAGE });
  }
  const baseURL = settings.baseUrl ?? (process.env.ANTHROPIC_BASE_URL?.trim() || undefined);
  services.log.info(`Provider anthropic (key from ${key.source}${baseURL ? `, base URL ${baseURL}` : ''}).`);
  return ok(
    createAnthropicClient({
      apiKey: key.key,
      baseURL,
      timeoutMs: settings.run.timeoutMs,
      maxRetries: settings.run.maxRetries,
      log,
    }),
  );
}
