/**
 * The effective limits of a run and where each came from, for the plan review and the run report: a
 * value a workspace lowered says "workspace", and a value it tried to raise is listed as ignored.
 * Pure (no `vscode`).
 */
import { providerFor } from '../../core/config';
import { usd } from '../../core/report';
import type { ExtensionSettings } from './settingsSchema';
import type { SettingOrigin } from './settingsScope';

export interface EffectiveSetting {
  /** Below `orchestra.`. */
  key: string;
  value: string;
  origin: SettingOrigin;
}

export function originOf(settings: Pick<ExtensionSettings, 'scope'>, key: string): SettingOrigin {
  return settings.scope.origins[key] ?? 'default';
}

/** What decides where a run's code goes and what it may spend, in review order. */
export function effectiveSettings(settings: ExtensionSettings): EffectiveSetting[] {
  const { run } = settings;
  const usesOpenAI =
    providerFor(run, 'orchestrator') === 'openai-compatible' ||
    providerFor(run, 'worker') === 'openai-compatible';
  // A role's own provider and the openai-compatible endpoint are listed only when they apply.
  const rows: Array<[string, string]> = [
    ['budgetUsd', usd(run.budgetUsd)],
    ['maxWorkers', String(run.maxWorkers)],
    ['maxConcurrency', String(run.maxConcurrency)],
    ['provider', run.provider],
    ...(run.providers.orchestrator
      ? [['providers.orchestrator', run.providers.orchestrator] as [string, string]]
      : []),
    ...(run.providers.worker ? [['providers.worker', run.providers.worker] as [string, string]] : []),
    ['models.orchestrator', run.models.orchestrator],
    ['models.worker', run.models.worker],
    ['anthropic.baseUrl', settings.baseUrl ?? '(not set: ANTHROPIC_BASE_URL, else the public API)'],
    ...(usesOpenAI
      ? [
          [
            'openai.baseUrl',
            settings.openai.baseUrl ?? '(not set: OPENAI_BASE_URL, else https://api.openai.com/v1)',
          ] as [string, string],
        ]
      : []),
  ];
  return rows.map(([key, value]) => ({ key, value, origin: originOf(settings, key) }));
}

const SHORT: Readonly<Record<string, string>> = {
  budgetUsd: 'budget',
  maxWorkers: 'cap',
  maxConcurrency: 'concurrency',
  provider: 'provider',
  'providers.orchestrator': 'orchestrator provider',
  'providers.worker': 'worker provider',
  'openai.baseUrl': 'openai base URL',
  'models.orchestrator': 'orchestrator',
  'models.worker': 'worker',
  'anthropic.baseUrl': 'base URL',
};

/** One line: "budget $1.000 (user) · cap 8 (default) · …", without the keys in `omit`. */
export function settingsLine(settings: ExtensionSettings, omit: readonly string[] = []): string {
  return effectiveSettings(settings)
    .filter((s) => !omit.includes(s.key))
    .filter((s) => s.key !== 'anthropic.baseUrl' || settings.baseUrl !== undefined)
    .map((s) => `${SHORT[s.key] ?? s.key} ${s.value} (${s.origin})`)
    .join(' · ');
}

/** "ignored from this workspace: orchestra.budgetUsd, …", or undefined when nothing was. */
export function ignoredLine(settings: Pick<ExtensionSettings, 'scope'>): string | undefined {
  const ignored = settings.scope.ignored.map((i) => `orchestra.${i.key}`);
  return ignored.length > 0 ? `ignored from this workspace: ${ignored.join(', ')}` : undefined;
}

/** The run report's "Settings" section (Markdown). */
export function settingsSection(settings: ExtensionSettings): string {
  const lines = ['## Settings', '', '| setting | value | from |', '|---|---|---|'];
  for (const s of effectiveSettings(settings))
    lines.push(`| orchestra.${s.key} | ${s.value.replace(/\|/g, '\\|')} | ${s.origin} |`);
  if (settings.scope.ignored.length > 0) {
    lines.push('', '**Ignored workspace settings:**');
    for (const i of settings.scope.ignored) lines.push(`- ${i.message}`);
  }
  return lines.join('\n');
}
