/**
 * What a run needs before it can start: valid settings and its model clients' specs (with their keys) for the
 * engine worker. Failures become messages with the one button that fixes them (Open Settings / Set API Key).
 */
import * as vscode from 'vscode';
import { providerFor, type ProviderId } from '../../core/config';
import type { ModelClient } from '../../core/llm/modelClient';
import { DEFAULT_OPENAI_BASE_URL, isLocalEndpoint } from '../../core/llm/endpoint';
import { err, ok, type Result } from '../../core/result';
import type { AnthropicPlatform } from '../../core/llm/platformSdk';
import { LmModelClient } from '../lm/lmModelClient';
import type { ClientSpec, ClientsSpec } from '../engine/protocol';
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

export const MISSING_OPENAI_KEY_MESSAGE =
  'Orchestra needs an API key for the openai-compatible endpoint: set one (stored in Secret Storage) or define ' +
  'OPENAI_API_KEY. A local server (localhost or a private address) needs none.';

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

function missingKey(services: Services, message: string, command: string): SetupFailure {
  services.log.warn(message);
  void vscode.window.showErrorMessage(message, 'Set API Key').then((choice) => {
    if (choice) void vscode.commands.executeCommand(command);
  });
  return { status: 'missing-key', message };
}

/** One role's client as a spec the engine worker builds it from (the key inside, never logged). */
async function providerSpec(
  services: Services,
  settings: ExtensionSettings,
  provider: ProviderId,
): Promise<Result<ClientSpec, SetupFailure>> {
  const { timeoutMs, maxRetries } = settings.run;
  if (provider === 'vscode-lm') return ok({ provider: 'vscode-lm' });
  const cloud = cloudPlatform(settings, provider);
  if (cloud) {
    // Credentials come from the AWS / Google default chains, never from Secret Storage.
    services.log.info(`Provider ${describePlatform(cloud)}.`);
    return ok({ provider: 'platform', platform: cloud, timeoutMs, maxRetries });
  }
  if (provider === 'openai-compatible') {
    const baseURL =
      settings.openai.baseUrl ?? (process.env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL);
    const key = await services.openaiKeys.get();
    if (!key && !isLocalEndpoint(baseURL))
      return err(missingKey(services, MISSING_OPENAI_KEY_MESSAGE, 'orchestra.setOpenAIApiKey'));
    const azure = settings.openai.apiVersion ? `, Azure api-version ${settings.openai.apiVersion}` : '';
    const from = key ? `key from ${key.source}` : 'no key (local endpoint)';
    services.log.info(`Provider openai-compatible (${from}, base URL ${baseURL}${azure}).`);
    return ok({
      provider: 'openai-compatible',
      apiKey: key?.key,
      baseURL,
      apiVersion: settings.openai.apiVersion,
      timeoutMs,
      maxRetries,
    });
  }
  const key = await services.keys.get();
  if (!key) return err(missingKey(services, MISSING_KEY_MESSAGE, 'orchestra.setApiKey'));
  const baseURL = settings.baseUrl ?? (process.env.ANTHROPIC_BASE_URL?.trim() || undefined);
  services.log.info(`Provider anthropic (key from ${key.source}${baseURL ? `, base URL ${baseURL}` : ''}).`);
  return ok({ provider: 'anthropic', apiKey: key.key, baseURL, timeoutMs, maxRetries });
}

/** The run's clients for the engine worker: a spec per provider the roles use, and the host's `vscode-lm` client. */
export interface EngineClients {
  spec: ClientsSpec;
  /** Serves the worker's `vscode-lm` calls (only the host can reach `vscode.lm`). */
  lm?: ModelClient;
}

/** The run's client specs, one per provider the roles use; or a shown "missing key" message with a fix button. */
export async function clientSpecOrReport(
  services: Services,
  settings: ExtensionSettings,
): Promise<Result<EngineClients, SetupFailure>> {
  const log: Log = (level, message) => services.log.log(level, message);
  const orchestratorProvider = providerFor(settings.run, 'orchestrator');
  const workerProvider = providerFor(settings.run, 'worker');
  const orchestrator = await providerSpec(services, settings, orchestratorProvider);
  if (!orchestrator.ok) return orchestrator;
  let spec: ClientsSpec = { orchestrator: orchestrator.value };
  if (workerProvider !== orchestratorProvider) {
    const worker = await providerSpec(services, settings, workerProvider);
    if (!worker.ok) return worker;
    spec = { orchestrator: orchestrator.value, worker: worker.value };
  }
  const lmUsed = [spec.orchestrator, spec.worker].some((c) => c?.provider === 'vscode-lm');
  return ok(lmUsed ? { spec, lm: new LmModelClient(log) } : { spec });
}

const envText = (name: string): string | undefined => process.env[name]?.trim() || undefined;

/** Bedrock or Vertex from the settings, the environment filling what they leave empty; else undefined. */
function cloudPlatform(settings: ExtensionSettings, provider: ProviderId): AnthropicPlatform | undefined {
  const { bedrock, vertex } = settings.run;
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
