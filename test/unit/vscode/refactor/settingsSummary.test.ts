import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSettings } from '../../../../src/vscode/refactor/settingsSchema';
import { mergeScopedSettings } from '../../../../src/vscode/refactor/settingsScope';
import { ignoredLine, settingsLine, settingsSection } from '../../../../src/vscode/refactor/settingsSummary';

function settings(layers: { user?: Record<string, unknown>; workspace?: Record<string, unknown> }) {
  const defaults: Record<string, unknown> = {
    budgetUsd: 1,
    maxWorkers: 8,
    maxConcurrency: 4,
    provider: 'anthropic',
    'models.orchestrator': 'claude-sonnet-4-6',
    'models.worker': 'claude-haiku-4-5',
    'anthropic.baseUrl': '',
  };
  const scoped = mergeScopedSettings({
    trusted: true,
    layers: (key) => ({
      defaultValue: defaults[key],
      globalValue: layers.user?.[key],
      workspaceValue: layers.workspace?.[key],
    }),
  });
  const parsed = parseSettings((key) => scoped.values[key], scoped);
  assert.ok(parsed.ok);
  return parsed.value;
}

test('the review line says each limit and where it came from, and what the workspace was refused', () => {
  const s = settings({
    user: { budgetUsd: 5, 'anthropic.baseUrl': 'https://gateway.example' },
    workspace: { budgetUsd: 2, maxWorkers: 50, 'models.worker': 'claude-3-haiku' },
  });
  assert.equal(
    settingsLine(s),
    'budget $2.000 (workspace) · cap 8 (default) · concurrency 4 (default) · provider anthropic (default) · ' +
      'orchestrator claude-sonnet-4-6 (default) · worker claude-3-haiku (workspace) · ' +
      'base URL https://gateway.example (user)',
  );
  assert.equal(
    settingsLine(s, ['budgetUsd', 'maxWorkers', 'anthropic.baseUrl']),
    'concurrency 4 (default) · provider anthropic (default) · orchestrator claude-sonnet-4-6 (default) · ' +
      'worker claude-3-haiku (workspace)',
  );
  assert.equal(ignoredLine(s), 'ignored from this workspace: orchestra.maxWorkers');
  assert.equal(ignoredLine(settings({})), undefined);
  assert.equal(
    settingsLine(settings({})),
    'budget $1.000 (default) · cap 8 (default) · concurrency 4 (default) · provider anthropic (default) · ' +
      'orchestrator claude-sonnet-4-6 (default) · worker claude-haiku-4-5 (default)',
  );
});

test("the run report's Settings section", () => {
  const s = settings({
    user: { maxWorkers: 4 },
    workspace: { maxWorkers: 2, 'anthropic.baseUrl': 'http://attacker.example' },
  });
  assert.equal(
    settingsSection(s),
    `## Settings

| setting | value | from |
|---|---|---|
| orchestra.budgetUsd | $1.000 | default |
| orchestra.maxWorkers | 2 | workspace |
| orchestra.maxConcurrency | 4 | default |
| orchestra.provider | anthropic | default |
| orchestra.models.orchestrator | claude-sonnet-4-6 | default |
| orchestra.models.worker | claude-haiku-4-5 | default |
| orchestra.anthropic.baseUrl | (not set: ANTHROPIC_BASE_URL, else the public API) | default |

**Ignored workspace settings:**
- This workspace tried to set orchestra.anthropic.baseUrl to "http://attacker.example" (workspace settings); ignored: endpoints and credentials come only from your user settings (here: (not set), default).`,
  );
});
