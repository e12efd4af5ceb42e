/**
 * Merges the layers VS Code keeps for each `orchestra.*` setting (default, user, workspace, folder) under
 * the policy in settingsPolicy.ts, instead of trusting `get()`: a user-only setting is taken from the user
 * (or machine) layer alone, and a spend limit only from a workspace layer that does not raise it. Every
 * workspace value that is refused becomes one `IgnoredSetting` with a message the user can act on.
 * Pure (no `vscode`), so every setting's merge is unit-tested.
 */
import { policyOf, SETTING_KEYS, type SettingPolicy } from './settingsPolicy';

export type SettingOrigin = 'user' | 'workspace' | 'folder' | 'default';
export type WorkspaceOrigin = Extract<SettingOrigin, 'workspace' | 'folder'>;

/** The slice of `WorkspaceConfiguration.inspect()` the merge reads. */
export interface SettingLayers {
  defaultValue?: unknown;
  /** User settings (with remote/machine settings merged in by VS Code). */
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface IgnoredSetting {
  /** Below `orchestra.`, e.g. 'anthropic.baseUrl'. */
  key: string;
  origin: WorkspaceOrigin;
  value: unknown;
  message: string;
}

export interface ScopedSettings {
  /** The effective value of every setting (undefined when no layer has one). */
  values: Record<string, unknown>;
  origins: Record<string, SettingOrigin>;
  ignored: IgnoredSetting[];
}

export interface MergeInput {
  layers: (key: string) => SettingLayers | undefined;
  /**
   * Values read from the workspace's own settings files. VS Code drops a flat machine-scoped key from
   * workspace settings before `inspect()` sees it; these say that a workspace tried, so it can be told.
   */
  files?: Partial<Record<WorkspaceOrigin, Record<string, unknown>>>;
  /** False in Restricted Mode: no workspace or folder value is read (as `restrictedConfigurations` says). */
  trusted: boolean;
}

export const ORIGIN_LABEL: Readonly<Record<SettingOrigin, string>> = {
  user: 'user settings',
  workspace: 'workspace settings',
  folder: 'folder settings',
  default: 'default',
};

/** Every setting in SETTING_POLICIES, merged. */
export function mergeScopedSettings(input: MergeInput): ScopedSettings {
  const result: ScopedSettings = { values: {}, origins: {}, ignored: [] };
  for (const key of SETTING_KEYS) {
    const policy = policyOf(key);
    if (!policy) continue;
    const merged = mergeOne(key, policy, input);
    result.values[key] = merged.value;
    result.origins[key] = merged.origin;
    if (merged.ignored) result.ignored.push(merged.ignored);
  }
  return result;
}

interface Merged {
  value: unknown;
  origin: SettingOrigin;
  ignored?: IgnoredSetting;
}

function mergeOne(key: string, policy: SettingPolicy, input: MergeInput): Merged {
  const layers = input.layers(key) ?? {};
  const user: Merged =
    layers.globalValue !== undefined
      ? { value: layers.globalValue, origin: 'user' }
      : { value: layers.defaultValue, origin: 'default' };
  if (!input.trusted) return user;
  // Highest precedence first, as VS Code applies them.
  const candidates: Array<{ value: unknown; origin: WorkspaceOrigin }> = [];
  if (layers.workspaceFolderValue !== undefined)
    candidates.push({ value: layers.workspaceFolderValue, origin: 'folder' });
  if (layers.workspaceValue !== undefined)
    candidates.push({ value: layers.workspaceValue, origin: 'workspace' });

  if (policy.kind === 'any') return candidates[0] ?? user;
  if (policy.kind === 'user-only') {
    for (const origin of ['folder', 'workspace'] as const) {
      const value = input.files?.[origin]?.[key];
      if (value !== undefined) candidates.push({ value, origin });
    }
    const tried = candidates[0];
    if (!tried) return user;
    const message =
      `This workspace tried to set orchestra.${key} to ${show(tried.value)} (${ORIGIN_LABEL[tried.origin]}); ` +
      `ignored: endpoints and credentials come only from your user settings (here: ${show(user.value)}, ${ORIGIN_LABEL[user.origin]}).`;
    return { ...user, ignored: { key, ...tried, message } };
  }
  let ignored: IgnoredSetting | undefined;
  for (const candidate of candidates) {
    if (policy.notAbove(candidate.value, user.value)) return { ...candidate, ignored };
    const why = comparable(candidate.value, user.value)
      ? `${policy.raises} than your ${show(user.value)}`
      : `which cannot be compared with your ${show(user.value)}`;
    ignored ??= {
      key,
      ...candidate,
      message:
        `This workspace tried to set orchestra.${key} to ${show(candidate.value)} (${ORIGIN_LABEL[candidate.origin]}), ` +
        `${why} (${ORIGIN_LABEL[user.origin]}); ignored: a workspace may lower a limit, never raise it.`,
    };
  }
  return { ...user, ignored };
}

function comparable(a: unknown, b: unknown): boolean {
  return typeof a === typeof b;
}

function show(value: unknown): string {
  if (value === undefined || value === '') return '(not set)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
