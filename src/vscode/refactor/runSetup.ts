/**
 * What a run needs before it can start: valid settings and a model client (with its key). Failures become
 * messages with the one button that fixes them (Open Settings / Set API Key).
 */
import * as vscode from 'vscode';
import { createAnthropicClient } from '../../core/llm/anthropicClient';
import type { ModelClient } from '../../core/llm/modelClient';
import type { AnthropicPlatform } from '../../core/llm/platformSdk';
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
export function settingsOrReport(services: Services): ExtensionSettings | SetupFailure {
  const parsed = readSettings();
  if (parsed.ok) {
    reportIgnored(services, parsed.settings);
    return parsed.settings;
  }
  services.log.error(parsed.message);
  void vscode.window.showErrorMessage(parsed.message, 'Open Settings').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', parsed.setting);
  });
  return { status: 'bad-settings', setting: parsed.setting, message: parsed.message };
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
): Promise<ModelClient | SetupFailure> {
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string): void =>
    services.log.log(level, message);
  if (settings.run.provider === 'vscode-lm') return new LmModelClient(log);
  const cloud = cloudPlatform(settings);
  if (cloud) {
    // Credentials come from the AWS / Google default chains, never from Secret Storage.
    services.log.info(`Provider ${describePlatform(cloud)}.`);
    return createAnthropicClient({
      apiKey: undefined,
      platform: cloud,
      timeoutMs: settings.run.timeoutMs,
      maxRetries: settings.run.maxRetries,
      log,
    });
  }
  const key = await services.keys.get();
  if (!key) {
    services.log.warn('No API key (Secret Storage or ANTHROPIC_API_KEY).');
    void vscode.window.showErrorMessage(MISSING_KEY_MESSAGE, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('orchestra.setApiKey');
    });
    return { status: 'missing-key', message: MISSING_KEY_MESSAGE };
  }
  const baseURL = settings.baseUrl ?? (process.env.ANTHROPIC_BASE_URL?.trim() || undefined);
  services.log.info(`Provider anthropic (key from ${key.source}${baseURL ? `, base URL ${baseURL}` : ''}).`);
  return createAnthropicClient({
    apiKey: key.key,
    baseURL,
    timeoutMs: settings.run.timeoutMs,
    maxRetries: settings.run.maxRetries,
    log,
  });
}

const envText = (name: string): string | undefined => process.env[name]?.trim() || undefined;

/** Bedrock or Vertex from the settings, the environment filling what they leave empty; else undefined. */
function cloudPlatform(settings: ExtensionSettings): AnthropicPlatform | undefined {
  const { provider, bedrock, vertex } = settings.run;
  if (provider === 'bedrock') {
    return {
      kind: 'bedrock',
      region: bedrock.region ?? envText('AWS_REGION'),
      baseURL: settings.cloudBaseUrls.bedrock ?? envText('ANTHROPIC_BEDROCK_BASE_URL'),
    };
  }
  if (provider === 'vertex') {
    return {
      kind: 'vertex',
      projectId: vertex.projectId ?? envText('ANTHROPIC_VERTEX_PROJECT_ID'),
      region: vertex.region ?? envText('CLOUD_ML_REGION'),
      baseURL: settings.cloudBaseUrls.vertex ?? envText('ANTHROPIC_VERTEX_BASE_URL'),
    };
  }
  return undefined;
}

function describePlatform(p: AnthropicPlatform): string {
  if (p.kind === 'bedrock')
    return `bedrock (region ${p.region ?? 'us-east-1'}${p.baseURL ? `, ${p.baseURL}` : ''})`;
  if (p.kind === 'vertex')
    return `vertex (project ${p.projectId ?? 'from credentials'}, region ${p.region ?? '?'}${p.baseURL ? `, ${p.baseURL}` : ''})`;
  return p.kind;
}

export function isSetupFailure(value: unknown): value is SetupFailure {
  return typeof value === 'object' && value !== null && 'status' in value;
}
