import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_POLICIES, SETTING_KEYS } from '../../../../src/vscode/refactor/settingsPolicy';
import {
  mergeScopedSettings,
  type MergeInput,
  type ScopedSettings,
  type SettingLayers,
} from '../../../../src/vscode/refactor/settingsScope';
import { parseSettings } from '../../../../src/vscode/refactor/settingsSchema';
import { REPO_ROOT } from '../../../support/paths';

interface Property {
  default?: unknown;
  scope?: string;
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, Property> } };
};
const properties = manifest.contributes.configuration.properties;
const declared = Object.keys(properties).map((k) => k.slice('orchestra.'.length));

type Values = Record<string, unknown>;

function merge(
  layers: { user?: Values; workspace?: Values; folder?: Values },
  options: Partial<Pick<MergeInput, 'files' | 'trusted'>> = {},
): ScopedSettings {
  return mergeScopedSettings({
    trusted: options.trusted ?? true,
    files: options.files,
    layers: (key): SettingLayers => ({
      defaultValue: properties[`orchestra.${key}`]?.default,
      globalValue: layers.user?.[key],
      workspaceValue: layers.workspace?.[key],
      workspaceFolderValue: layers.folder?.[key],
    }),
  });
}

/**
 * The decision for every setting, with the values that prove it. A setting added to package.json without
 * a row here (and a policy in settingsPolicy.ts) fails the first test.
 */
const USER_ONLY: Record<string, { user: unknown; workspace: unknown }> = {
  'anthropic.baseUrl': { user: 'https://gateway.example', workspace: 'http://attacker.example' },
  'openai.baseUrl': { user: 'http://localhost:11434/v1', workspace: 'http://attacker.example/v1' },
  'openai.apiVersion': { user: '2024-10-21', workspace: '2099-01-01' },
  'bedrock.region': { user: 'eu-west-3', workspace: 'us-east-1' },
  'bedrock.baseUrl': { user: 'https://vpce.example', workspace: 'http://attacker.example' },
  'vertex.projectId': { user: 'my-project', workspace: 'their-project' },
  'vertex.region': { user: 'europe-west1', workspace: 'us-east5' },
  'vertex.baseUrl': { user: 'https://private.example/v1', workspace: 'http://attacker.example/v1' },
};
/** [user (undefined = the default), workspace value, honoured?] */
const AT_MOST: Record<string, Array<[unknown, unknown, boolean]>> = {
  provider: [
    ['anthropic', 'vscode-lm', true],
    ['vscode-lm', 'anthropic', false],
    [undefined, 'anthropic', true],
    [undefined, 'openai-compatible', false],
    ['openai-compatible', 'anthropic', false],
    ['openai-compatible', 'vscode-lm', true],
  ],
  'providers.orchestrator': [
    [undefined, 'vscode-lm', true],
    [undefined, 'openai-compatible', false],
    ['openai-compatible', 'openai-compatible', true],
    ['openai-compatible', '', false],
  ],
  'providers.worker': [
    [undefined, 'vscode-lm', true],
    [undefined, 'anthropic', false],
    ['anthropic', 'openai-compatible', false],
    ['', '', true],
    // Each billed provider is a different account: a workspace may not move the user between them.
    [undefined, 'bedrock', false],
    ['anthropic', 'vertex', false],
    ['bedrock', 'anthropic', false],
    ['bedrock', 'bedrock', true],
    ['vertex', 'vscode-lm', true],
  ],
  'models.orchestrator': [
    [undefined, 'claude-haiku-4-5', true],
    [undefined, 'claude-sonnet-4-5-20250929', true],
    [undefined, 'claude-opus-4-1', false],
    [undefined, 'a-model-without-a-known-price', false],
    ['claude-opus-4-1', 'claude-opus-4-7', true],
  ],
  'models.worker': [
    [undefined, 'claude-3-haiku', true],
    [undefined, 'claude-sonnet-4-6', false],
    ['claude-sonnet-4-6', 'claude-haiku-4-5', true],
    [undefined, 42, false],
  ],
  // A tier follows the worker / orchestrator model until the user names one: nothing to compare a workspace's with.
  'models.fast': [
    [undefined, 'claude-3-haiku', false],
    ['claude-sonnet-4-6', 'claude-haiku-4-5', true],
    ['claude-haiku-4-5', 'claude-sonnet-4-6', false],
  ],
  'models.strong': [
    [undefined, 'claude-haiku-4-5', false],
    ['claude-opus-4-5', 'claude-sonnet-4-6', true],
    ['claude-sonnet-4-6', 'claude-opus-4-1', false],
  ],
  maxWorkers: [
    [undefined, 3, true],
    [undefined, 64, false],
    [20, 12, true],
    [20, 21, false],
  ],
  maxConcurrency: [
    [undefined, 1, true],
    [undefined, 32, false],
    [8, 8, true],
  ],
  budgetUsd: [
    [undefined, 0.25, true],
    [undefined, 1000, false],
    [5, 4.99, true],
    [5, '1', false],
  ],
  // A workspace's price table may only raise prices (built in: gpt-4.1 2/8, cache write 2, read 0.5;
  // claude-haiku-4-5 1/5, write 1.25, read 0.1; an unknown model is priced as the most expensive).
  prices: [
    [
      { 'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 } },
      { 'gpt-4.1': { inputPerMTok: 0, outputPerMTok: 0 } },
      false,
    ],
    [undefined, { 'gpt-4.1': { inputPerMTok: 1.99, outputPerMTok: 8 } }, false],
    [undefined, { 'gpt-4.1': { inputPerMTok: 4, outputPerMTok: 16 } }, true],
    [undefined, { 'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 } }, true],
    // Its cache write defaults to the input rate, 1 < 1.25: one component lower is enough to refuse it.
    [undefined, { 'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1 } }, false],
    [undefined, { 'my-deployment': { inputPerMTok: 2, outputPerMTok: 8 } }, false],
    // A prefix prices every model it matches: all Claude models at 100 is a raise for each.
    [undefined, { claude: { inputPerMTok: 100, outputPerMTok: 100 } }, true],
    // Dropping a price the user raised would lower it back to the built-in one.
    [{ 'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 12 } }, {}, false],
    [
      { 'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 12 } },
      { 'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 12 } },
      true,
    ],
    [undefined, { 'gpt-4.1': { input: 9 } }, false],
  ],
  budgetTokens: [
    [undefined, 500_000, true],
    [undefined, 5_000_000, false],
    [100_000, 99_999, true],
    [100_000, 100_001, false],
  ],
  reviewPlan: [
    ['never', 'always', true],
    ['aboveThreshold', 'always', true],
    [undefined, 'aboveThreshold', false],
    ['aboveThreshold', 'never', false],
    ['never', 'sometimes', false],
  ],
  reviewPlanThreshold: [
    [undefined, 0, true],
    [undefined, 50, false],
    [5, 2, true],
    [5, 6, false],
  ],
  costAlertFactor: [
    [undefined, 1.5, true],
    [undefined, 10, false],
  ],
  maxRetries: [
    [undefined, 0, true],
    [undefined, 10, false],
  ],
  parseAheadMB: [
    [undefined, 0, true],
    [undefined, 4096, false],
  ],
  workerFileTokens: [
    [undefined, 8000, true],
    [undefined, 100_000, false],
  ],
  strictScope: [
    [undefined, true, true],
    [true, false, false],
    [false, false, true],
  ],
};
const ANY: Record<string, [unknown, unknown]> = {
  include: [['extra/**'], ['generated/**']],
  exclude: [['dist/**'], ['vendor/**']],
  importDepth: [1, 3],
  timeoutSeconds: [60, 300],
  contextWindows: [{ 'qwen2.5-coder:7b': 32768 }, { 'qwen2.5-coder:7b': 8192 }],
};

test('every setting in package.json has a decided scope here and in settingsPolicy.ts, and no other', () => {
  const tested = [...Object.keys(USER_ONLY), ...Object.keys(AT_MOST), ...Object.keys(ANY)];
  assert.deepEqual([...declared].sort(), [...tested].sort(), 'a test row per package.json setting');
  assert.deepEqual([...SETTING_KEYS].sort(), [...declared].sort(), 'a policy per package.json setting');
  for (const key of declared) {
    const kind = SETTING_POLICIES[key as keyof typeof SETTING_POLICIES].kind;
    const expected = key in USER_ONLY ? 'user-only' : key in AT_MOST ? 'at-most' : 'any';
    assert.equal(kind, expected, key);
  }
});

test('user-only settings are machine- or application-scoped in package.json; the others a workspace can set', () => {
  for (const key of declared) {
    const scope = properties[`orchestra.${key}`]?.scope;
    if (key in USER_ONLY) assert.ok(scope === 'machine' || scope === 'application', `${key}: ${scope}`);
    else assert.ok(scope === undefined || scope === 'window' || scope === 'resource', `${key}: ${scope}`);
  }
});

test('Restricted Mode is declared "limited" and every setting is restricted there', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual([...trust.restrictedConfigurations].sort(), Object.keys(properties).sort());
});

test('with no user or workspace value, every setting is its default, from "default"', () => {
  const merged = merge({});
  for (const key of declared) {
    assert.deepEqual(merged.values[key], properties[`orchestra.${key}`]?.default, key);
    assert.equal(merged.origins[key], 'default', key);
  }
  assert.deepEqual(merged.ignored, []);
});

for (const [key, { user, workspace }] of Object.entries(USER_ONLY)) {
  test(`orchestra.${key} comes from the user alone: workspace, folder and settings-file values are ignored and said`, () => {
    const fromUser = merge({ user: { [key]: user } });
    assert.equal(fromUser.values[key], user);
    assert.equal(fromUser.origins[key], 'user');
    for (const attempt of [
      merge({ user: { [key]: user }, workspace: { [key]: workspace } }),
      merge({ user: { [key]: user }, folder: { [key]: workspace } }),
      merge({ user: { [key]: user } }, { files: { workspace: { [key]: workspace } } }),
    ]) {
      assert.equal(attempt.values[key], user);
      assert.equal(attempt.origins[key], 'user');
      assert.equal(attempt.ignored.length, 1);
      assert.equal(attempt.ignored[0]?.key, key);
      assert.match(
        attempt.ignored[0]!.message,
        new RegExp(`^This workspace tried to set orchestra\\.${key}`),
      );
    }
    // No user value: the default stays, the workspace's is still refused.
    const noUser = merge({ workspace: { [key]: workspace } });
    assert.deepEqual(noUser.values[key], properties[`orchestra.${key}`]?.default);
    assert.equal(noUser.origins[key], 'default');
    assert.equal(noUser.ignored.length, 1);
  });
}

for (const [key, cases] of Object.entries(AT_MOST)) {
  test(`orchestra.${key}: a workspace or folder may lower it, never raise it`, () => {
    for (const [user, value, honoured] of cases) {
      const userLayer = user === undefined ? {} : { [key]: user };
      const userValue = user ?? properties[`orchestra.${key}`]?.default;
      for (const layer of ['workspace', 'folder'] as const) {
        const merged = merge({ user: userLayer, [layer]: { [key]: value } });
        const what = `${key}: user ${JSON.stringify(user)}, ${layer} ${JSON.stringify(value)}`;
        assert.deepEqual(merged.values[key], honoured ? value : userValue, what);
        assert.equal(merged.origins[key], honoured ? layer : user === undefined ? 'default' : 'user', what);
        assert.equal(merged.ignored.length, honoured ? 0 : 1, what);
        if (!honoured) {
          assert.deepEqual(merged.ignored[0]?.value, value);
          assert.equal(merged.ignored[0]?.origin, layer);
          assert.match(
            merged.ignored[0]!.message,
            new RegExp(`^This workspace tried to set orchestra\\.${key}`),
          );
        }
      }
    }
  });
}

for (const [key, [user, workspace]] of Object.entries(ANY)) {
  test(`orchestra.${key}: the folder's value, else the workspace's, else the user's`, () => {
    assert.deepEqual(merge({ user: { [key]: user } }).values[key], user);
    const ws = merge({ user: { [key]: user }, workspace: { [key]: workspace } });
    assert.deepEqual([ws.values[key], ws.origins[key], ws.ignored], [workspace, 'workspace', []]);
    const folder = merge({ workspace: { [key]: user }, folder: { [key]: workspace } });
    assert.deepEqual([folder.values[key], folder.origins[key]], [workspace, 'folder']);
  });
}

test('a folder raising a limit falls back to the workspace lowering it, and says so once', () => {
  const merged = merge({ user: { budgetUsd: 5 }, workspace: { budgetUsd: 2 }, folder: { budgetUsd: 50 } });
  assert.equal(merged.values.budgetUsd, 2);
  assert.equal(merged.origins.budgetUsd, 'workspace');
  assert.deepEqual(
    merged.ignored.map((i) => i.message),
    [
      'This workspace tried to set orchestra.budgetUsd to 50 (folder settings), a bigger budget than your 5 (user settings); ignored: a workspace may lower a limit, never raise it.',
    ],
  );
});

test('the refusals read as the user sees them', () => {
  const merged = merge({
    workspace: {
      'anthropic.baseUrl': 'http://attacker.example',
      budgetUsd: 1000,
      maxWorkers: 64,
      'models.worker': 'claude-opus-4-1',
      maxConcurrency: '32',
    },
  });
  assert.deepEqual(
    merged.ignored.map((i) => i.message),
    [
      'This workspace tried to set orchestra.models.worker to "claude-opus-4-1" (workspace settings), a more expensive model than your "claude-haiku-4-5" (default); ignored: a workspace may lower a limit, never raise it.',
      'This workspace tried to set orchestra.maxWorkers to 64 (workspace settings), a higher cap on workers than your 8 (default); ignored: a workspace may lower a limit, never raise it.',
      'This workspace tried to set orchestra.maxConcurrency to "32" (workspace settings), which cannot be compared with your 4 (default); ignored: a workspace may lower a limit, never raise it.',
      'This workspace tried to set orchestra.budgetUsd to 1000 (workspace settings), a bigger budget than your 1 (default); ignored: a workspace may lower a limit, never raise it.',
      'This workspace tried to set orchestra.anthropic.baseUrl to "http://attacker.example" (workspace settings); ignored: endpoints and credentials come only from your user settings (here: (not set), default).',
    ],
  );
});

test('Restricted Mode: no workspace or folder value is read, and nothing is reported as tried', () => {
  const merged = merge(
    {
      user: { budgetUsd: 5 },
      workspace: { budgetUsd: 2, include: ['x/**'], 'anthropic.baseUrl': 'http://attacker.example' },
      folder: { maxWorkers: 2 },
    },
    { trusted: false, files: { workspace: { 'anthropic.baseUrl': 'http://attacker.example' } } },
  );
  assert.equal(merged.values.budgetUsd, 5);
  assert.deepEqual(merged.values.include, []);
  assert.equal(merged.values.maxWorkers, 8);
  assert.equal(merged.values['anthropic.baseUrl'], '');
  assert.deepEqual(merged.ignored, []);
});

test('merged values parse into the run config, with the scope carried along', () => {
  const merged = merge({
    user: { budgetUsd: 5, maxWorkers: 20, 'anthropic.baseUrl': 'https://gateway.example/' },
    workspace: { budgetUsd: 0.5, maxWorkers: 40, 'anthropic.baseUrl': 'http://attacker.example' },
  });
  const parsed = parseSettings((key) => merged.values[key], merged);
  assert.ok(parsed.ok);
  assert.equal(parsed.value.run.budgetUsd, 0.5);
  assert.equal(parsed.value.run.maxWorkers, 20);
  assert.equal(parsed.value.baseUrl, 'https://gateway.example');
  assert.equal(parsed.value.scope.origins.budgetUsd, 'workspace');
  assert.deepEqual(
    parsed.value.scope.ignored.map((i) => i.key),
    ['maxWorkers', 'anthropic.baseUrl'],
  );
});

test("a bad value a workspace set is reported as the workspace's", () => {
  const merged = merge({ workspace: { budgetUsd: -1 } });
  const parsed = parseSettings((key) => merged.values[key], merged);
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.equal(parsed.error.setting, 'orchestra.budgetUsd');
  assert.match(
    parsed.error.message,
    /^The setting "orchestra\.budgetUsd" is invalid: .*\(It is set in this workspace's settings\.\)$/,
  );
});
