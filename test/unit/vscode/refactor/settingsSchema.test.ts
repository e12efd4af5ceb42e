import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../../../src/core/config';
import { DEFAULT_PARSE_AHEAD_HEAP_BYTES } from '../../../../src/core/facts/parseAhead';
import {
  parseSettings,
  shouldReview,
  type SettingReader,
} from '../../../../src/vscode/refactor/settingsSchema';
import { REPO_ROOT } from '../../../support/paths';

interface Property {
  default?: unknown;
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const properties = manifest.contributes.configuration.properties;

/** Reads settings the way VS Code does: the user's value, else package.json's default. */
function reader(overrides: Record<string, unknown> = {}): SettingReader {
  return (key) => (key in overrides ? overrides[key] : properties[`orchestra.${key}`]?.default);
}

function doTest(overrides: Record<string, unknown>, expected: { setting: string; message: RegExp }): void {
  const r = parseSettings(reader(overrides));
  assert.equal(r.ok, false, `expected ${JSON.stringify(overrides)} to be rejected`);
  if (r.ok) return;
  assert.equal(r.error.setting, expected.setting);
  assert.match(r.error.message, expected.message);
  assert.match(r.error.message, new RegExp(`"${expected.setting.replace(/\./g, '\\.')}"`));
}

test("package.json's setting defaults are exactly the engine's defaults", () => {
  const r = parseSettings(reader());
  assert.ok(r.ok);
  assert.deepEqual(r.value.run, defaultConfig());
  assert.equal(r.value.reviewPlan, 'always');
  assert.equal(r.value.reviewPlanThreshold, 3);
  assert.equal(r.value.baseUrl, undefined);
  assert.equal(r.value.parseAheadMB, DEFAULT_PARSE_AHEAD_HEAP_BYTES / (1024 * 1024));
});

test('bedrock and vertex: platform model ids by default, their region/project and base URLs read', () => {
  const bedrock = parseSettings(
    reader({
      provider: 'bedrock',
      'bedrock.region': 'eu-west-3',
      'bedrock.baseUrl': 'https://vpce.example/',
    }),
  );
  assert.ok(bedrock.ok);
  assert.deepEqual(bedrock.value.run.models, {
    orchestrator: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    worker: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  });
  assert.deepEqual(bedrock.value.run.bedrock, { region: 'eu-west-3' });
  assert.deepEqual(bedrock.value.cloudBaseUrls, { bedrock: 'https://vpce.example', vertex: undefined });
  const vertex = parseSettings(
    reader({
      provider: 'vertex',
      'vertex.projectId': 'my-project',
      'vertex.region': 'us-east5',
      'models.worker': 'claude-3-5-haiku@20241022',
    }),
  );
  assert.ok(vertex.ok);
  assert.deepEqual(vertex.value.run.models, {
    orchestrator: 'claude-sonnet-4-5@20250929',
    worker: 'claude-3-5-haiku@20241022',
  });
  assert.deepEqual(vertex.value.run.vertex, { projectId: 'my-project', region: 'us-east5' });
  doTest(
    { 'vertex.baseUrl': 'not a url' },
    { setting: 'orchestra.vertex.baseUrl', message: /http\(s\) URL/ },
  );
});

test('every orchestra.* setting in package.json is read', () => {
  const read = new Set<string>();
  parseSettings((key) => {
    read.add(`orchestra.${key}`);
    return properties[`orchestra.${key}`]?.default;
  });
  assert.deepEqual(
    Object.keys(properties).filter((k) => !read.has(k)),
    [],
  );
});

test('values map onto the run config (seconds → ms, nested models, trailing slash dropped)', () => {
  const r = parseSettings(
    reader({
      maxWorkers: 3,
      timeoutSeconds: 2.5,
      'models.worker': 'claude-x',
      'anthropic.baseUrl': 'http://127.0.0.1:9000/',
      include: ['lib/**'],
      reviewPlan: 'aboveThreshold',
      reviewPlanThreshold: 5,
      parseAheadMB: 0,
    }),
  );
  assert.ok(r.ok);
  assert.equal(r.value.parseAheadMB, 0);
  assert.ok(r.ok);
  assert.equal(r.value.run.maxWorkers, 3);
  assert.equal(r.value.run.timeoutMs, 2500);
  assert.equal(r.value.run.models.worker, 'claude-x');
  assert.equal(r.value.run.models.orchestrator, defaultConfig().models.orchestrator);
  assert.deepEqual(r.value.run.include, ['lib/**']);
  assert.equal(r.value.baseUrl, 'http://127.0.0.1:9000');
  assert.equal(shouldReview(r.value, 5), false);
  assert.equal(shouldReview(r.value, 6), true);
});

test('bad values are reported under the setting the user edits', () => {
  doTest({ maxWorkers: 0 }, { setting: 'orchestra.maxWorkers', message: />=1/ });
  doTest({ maxConcurrency: 'four' }, { setting: 'orchestra.maxConcurrency', message: /number/ });
  doTest({ budgetUsd: 0 }, { setting: 'orchestra.budgetUsd', message: />0/ });
  doTest({ 'models.orchestrator': '' }, { setting: 'orchestra.models.orchestrator', message: /1 character/ });
  doTest({ provider: 'openai' }, { setting: 'orchestra.provider', message: /anthropic/ });
  doTest({ timeoutSeconds: -2 }, { setting: 'orchestra.timeoutSeconds', message: /greater than 0/ });
  doTest({ timeoutSeconds: '60' }, { setting: 'orchestra.timeoutSeconds', message: /number of seconds/ });
  doTest({ exclude: [1] }, { setting: 'orchestra.exclude', message: /string/ });
  doTest({ strictScope: 'yes' }, { setting: 'orchestra.strictScope', message: /boolean/ });
  doTest(
    { reviewPlan: 'sometimes' },
    { setting: 'orchestra.reviewPlan', message: /always, aboveThreshold, never/ },
  );
  doTest({ reviewPlanThreshold: -1 }, { setting: 'orchestra.reviewPlanThreshold', message: /whole number/ });
  doTest({ parseAheadMB: -1 }, { setting: 'orchestra.parseAheadMB', message: /megabytes/ });
  doTest({ parseAheadMB: '96' }, { setting: 'orchestra.parseAheadMB', message: /megabytes/ });
  doTest({ workerFileTokens: -1 }, { setting: 'orchestra.workerFileTokens', message: />=0/ });
  doTest(
    { 'anthropic.baseUrl': 'ftp://x' },
    { setting: 'orchestra.anthropic.baseUrl', message: /http\(s\) URL/ },
  );
  doTest(
    { 'providers.worker': 'gemini' },
    { setting: 'orchestra.providers.worker', message: /openai-compatible/ },
  );
  doTest(
    { 'openai.baseUrl': 'localhost:11434' },
    { setting: 'orchestra.openai.baseUrl', message: /http\(s\) URL/ },
  );
  doTest(
    { 'openai.apiVersion': 20241021 },
    { setting: 'orchestra.openai.apiVersion', message: /api-version/ },
  );
  doTest(
    { prices: { 'gpt-4.1': { inputPerMTok: 2 } } },
    { setting: 'orchestra.prices', message: /expected number, received undefined/ },
  );
  doTest(
    { prices: { 'gpt-4.1': { input: 2, outputPerMTok: 8 } } },
    { setting: 'orchestra.prices', message: /input/ },
  );
  doTest({ contextWindows: { llama3: 100 } }, { setting: 'orchestra.contextWindows', message: />=1024/ });
  doTest({ budgetTokens: 10 }, { setting: 'orchestra.budgetTokens', message: />=1000/ });
  doTest({ budgetTokens: 2500.5 }, { setting: 'orchestra.budgetTokens', message: /expected int/ });
});

test('per-role providers, the openai-compatible endpoint and prices map onto the run config', () => {
  const r = parseSettings(
    reader({
      'providers.worker': 'openai-compatible',
      'openai.baseUrl': 'http://localhost:11434/v1/',
      'openai.apiVersion': '',
      prices: { 'qwen2.5-coder': { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
      contextWindows: { 'qwen2.5-coder:7b': 32768 },
    }),
  );
  assert.ok(r.ok);
  assert.equal(r.value.run.provider, 'anthropic');
  assert.deepEqual(r.value.run.providers, { worker: 'openai-compatible' });
  assert.deepEqual(r.value.openai, { baseUrl: 'http://localhost:11434/v1', apiVersion: undefined });
  assert.deepEqual(r.value.run.prices, {
    'qwen2.5-coder': { inputPerMTok: 0.1, outputPerMTok: 0.2, cacheReadPerMTok: 0.1, cacheWritePerMTok: 0.1 },
  });
  assert.deepEqual(r.value.run.contextWindows, { 'qwen2.5-coder:7b': 32768 });
});

test('review modes', () => {
  assert.equal(shouldReview({ reviewPlan: 'always', reviewPlanThreshold: 3 }, 0), true);
  assert.equal(shouldReview({ reviewPlan: 'never', reviewPlanThreshold: 0 }, 50), false);
  assert.equal(shouldReview({ reviewPlan: 'aboveThreshold', reviewPlanThreshold: 3 }, 3), false);
  assert.equal(shouldReview({ reviewPlan: 'aboveThreshold', reviewPlanThreshold: 3 }, 4), true);
});
