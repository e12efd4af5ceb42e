/**
 * `orchestra.*` settings → RunConfig, validated with the engine's own schema so a bad value gets the same
 * rule as a bad CLI flag, reported under the setting's name. Pure (no `vscode`), so unit tests cover it.
 */
import type { z } from 'zod';
import { DEFAULT_MODELS, RunConfigSchema, type RunConfig, type RunConfigInput } from '../../core/config';
import { DEFAULT_PARSE_AHEAD_HEAP_BYTES } from '../../core/facts/parseAhead';
import { err, ok, type Result } from '../../core/result';
import type { IgnoredSetting, SettingOrigin } from './settingsScope';

export const REVIEW_MODES = ['always', 'aboveThreshold', 'never'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

export interface ExtensionSettings {
  run: RunConfig;
  reviewPlan: ReviewMode;
  /** With 'aboveThreshold': plans with more files than this are reviewed. */
  reviewPlanThreshold: number;
  /** `orchestra.anthropic.baseUrl`, if set (gateways, tests). */
  baseUrl: string | undefined;
  /** The openai-compatible endpoint: `orchestra.openai.baseUrl` and (Azure) `orchestra.openai.apiVersion`. */
  openai: { baseUrl: string | undefined; apiVersion: string | undefined };
  /** `orchestra.bedrock.baseUrl` / `orchestra.vertex.baseUrl`, if set (private endpoints, tests). */
  cloudBaseUrls: { bedrock: string | undefined; vertex: string | undefined };
  /** Heap the background parse-ahead may grow by, in MB (0 = off). */
  parseAheadMB: number;
  /** Where each effective value came from, and the workspace values refused (settingsScope.ts). */
  scope: SettingsScope;
}

export interface SettingsScope {
  /** By key below `orchestra.`; a key not listed came from its default. */
  origins: Partial<Record<string, SettingOrigin>>;
  ignored: IgnoredSetting[];
}

const NO_SCOPE: SettingsScope = { origins: {}, ignored: [] };

const DEFAULT_PARSE_AHEAD_MB = DEFAULT_PARSE_AHEAD_HEAP_BYTES / (1024 * 1024);

/** A setting whose value is refused: its full name (`orchestra.budgetUsd`, for Open Settings) and what to fix. */
export interface SettingProblem {
  setting: string;
  message: string;
}

export type SettingsResult = Result<ExtensionSettings, SettingProblem>;

/** Reads one setting below `orchestra.` (e.g. 'models.worker'); undefined when unset. */
export type SettingReader = (key: string) => unknown;

/** RunConfig fields that map 1:1 onto a setting of the same (dotted) name. */
const DIRECT_KEYS = [
  'maxWorkers',
  'maxConcurrency',
  'budgetUsd',
  'budgetTokens',
  'provider',
  'maxRetries',
  'costAlertFactor',
  'importDepth',
  'include',
  'exclude',
  'workerFileTokens',
  'strictScope',
  'prices',
  'contextWindows',
] as const;

export function parseSettings(get: SettingReader, scope: SettingsScope = NO_SCOPE): SettingsResult {
  const parsed = parseValues(get, scope);
  if (parsed.ok) return parsed;
  // A bad value a workspace set is fixed there, not in the user's settings.
  const problem = parsed.error;
  const origin = scope.origins[problem.setting.slice('orchestra.'.length)];
  if (origin !== 'workspace' && origin !== 'folder') return parsed;
  return err({ ...problem, message: `${problem.message} (It is set in this ${origin}'s settings.)` });
}

function parseValues(get: SettingReader, scope: SettingsScope): SettingsResult {
  const input: Record<string, unknown> = {};
  for (const key of DIRECT_KEYS) {
    const value = get(key);
    if (value !== undefined && value !== null) input[key] = value;
  }
  const models: Record<string, unknown> = {};
  const provider = input.provider;
  // Bedrock and Vertex name the same models differently: a model left at its default takes theirs.
  const platformModels =
    provider === 'bedrock' || provider === 'vertex' ? DEFAULT_MODELS[provider] : undefined;
  for (const role of ['orchestrator', 'worker'] as const) {
    const value = get(`models.${role}`);
    // The Anthropic API's default id is no id on Bedrock or Vertex, so it maps too.
    const unset =
      value === undefined ||
      value === null ||
      scope.origins[`models.${role}`] === 'default' ||
      value === DEFAULT_MODELS.anthropic[role];
    if (platformModels && unset) models[role] = platformModels[role];
    else if (value !== undefined && value !== null) models[role] = value;
  }
  // The tiers' models: empty follows the worker (fast) or orchestrator (strong) model.
  for (const tier of ['fast', 'strong'] as const) {
    const value = get(`models.${tier}`);
    if (value !== undefined && value !== null && value !== '') models[tier] = value;
  }
  input.models = models;
  const providers: Record<string, unknown> = {};
  for (const role of ['orchestrator', 'worker'] as const) {
    const value = get(`providers.${role}`);
    // '' (the default) means "same as orchestra.provider".
    if (value !== undefined && value !== null && value !== '') providers[role] = value;
  }
  input.providers = providers;
  // Empty strings are the package.json defaults: "unset, use the environment".
  const text = (key: string): unknown => {
    const value = get(key);
    return value === '' || value === null ? undefined : value;
  };
  input.bedrock = defined({ region: text('bedrock.region') });
  input.vertex = defined({ projectId: text('vertex.projectId'), region: text('vertex.region') });

  const timeout = get('timeoutSeconds');
  if (timeout !== undefined && timeout !== null) {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
      return bad('timeoutSeconds', 'must be a number of seconds greater than 0');
    }
    input.timeoutMs = Math.round(timeout * 1000);
  }

  const parsed = RunConfigSchema.safeParse(input as RunConfigInput);
  if (!parsed.success) return fromZodIssue(parsed.error.issues[0]);

  const reviewPlan = get('reviewPlan') ?? 'always';
  if (typeof reviewPlan !== 'string' || !(REVIEW_MODES as readonly string[]).includes(reviewPlan)) {
    return bad('reviewPlan', `must be one of ${REVIEW_MODES.join(', ')}`);
  }
  const threshold = get('reviewPlanThreshold') ?? 3;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    return bad('reviewPlanThreshold', 'must be a whole number of files (0 or more)');
  }
  const baseUrl = urlSetting(get, 'anthropic.baseUrl', 'https://api.anthropic.com');
  if (typeof baseUrl === 'object') return baseUrl;
  const openaiUrl = urlSetting(get, 'openai.baseUrl', 'https://api.openai.com/v1');
  if (typeof openaiUrl === 'object') return openaiUrl;
  const apiVersion = get('openai.apiVersion');
  if (apiVersion !== undefined && apiVersion !== null && typeof apiVersion !== 'string') {
    return bad('openai.apiVersion', 'must be an Azure OpenAI api-version such as 2024-10-21, or empty');
  }
  const bedrockUrl = urlSetting(get, 'bedrock.baseUrl', 'https://bedrock-runtime.us-east-1.amazonaws.com');
  if (typeof bedrockUrl === 'object') return bedrockUrl;
  const vertexUrl = urlSetting(get, 'vertex.baseUrl', 'https://us-east5-aiplatform.googleapis.com/v1');
  if (typeof vertexUrl === 'object') return vertexUrl;
  const parseAheadMB = get('parseAheadMB') ?? DEFAULT_PARSE_AHEAD_MB;
  if (typeof parseAheadMB !== 'number' || !Number.isFinite(parseAheadMB) || parseAheadMB < 0) {
    return bad('parseAheadMB', 'must be a number of megabytes (0 turns parsing ahead off)');
  }
  return ok({
    run: parsed.data,
    reviewPlan: reviewPlan as ReviewMode,
    reviewPlanThreshold: threshold,
    baseUrl,
    cloudBaseUrls: { bedrock: bedrockUrl, vertex: vertexUrl },
    openai: { baseUrl: openaiUrl, apiVersion: apiVersion?.trim() || undefined },
    parseAheadMB,
    scope,
  });
}

/** Whether the plan should be shown for review before any worker runs. */
export function shouldReview(
  settings: Pick<ExtensionSettings, 'reviewPlan' | 'reviewPlanThreshold'>,
  files: number,
): boolean {
  if (settings.reviewPlan === 'always') return true;
  if (settings.reviewPlan === 'never') return false;
  return files > settings.reviewPlanThreshold;
}

function fromZodIssue(issue: z.core.$ZodIssue | undefined): SettingsResult {
  if (!issue) return bad('', 'is invalid');
  const [head, second] = issue.path.map(String);
  let setting = head ?? '';
  if (head === 'timeoutMs') setting = 'timeoutSeconds';
  else if ((head === 'models' || head === 'providers' || head === 'bedrock' || head === 'vertex') && second)
    setting = `${head}.${second}`;
  return bad(setting, issue.message);
}

function bad(setting: string, problem: string): SettingsResult {
  const name = setting ? `orchestra.${setting}` : 'orchestra';
  return err({
    setting: name,
    message: `The setting "${name}" is invalid: ${problem}. Fix it in Settings and run the command again.`,
  });
}

/** An http(s) URL setting without its trailing slashes; undefined when empty; a failure when not a URL. */
function urlSetting(
  get: SettingReader,
  key: string,
  example: string,
): string | undefined | Extract<SettingsResult, { ok: false }> {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !isHttpUrl(raw)) {
    return bad(key, `must be an http(s) URL such as ${example}, or empty`) as Extract<
      SettingsResult,
      { ok: false }
    >;
  }
  return raw.replace(/\/+$/, '');
}

/** Drops unset keys, so an untouched setting equals the engine's default exactly. */
function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
