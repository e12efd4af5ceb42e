import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_WORKERS_CEILING, RunConfigSchema, defaultConfig } from '../../../src/core/config';

test('defaults are complete and valid', () => {
  const c = defaultConfig();
  assert.equal(c.maxWorkers, 8);
  assert.equal(c.maxConcurrency, 4);
  assert.equal(c.models.worker, 'claude-haiku-4-5');
});

test('a bad value names the setting', () => {
  const r = RunConfigSchema.safeParse({ maxWorkers: 0 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0]?.path, ['maxWorkers']);
});

test('workerFileTokens: whole files up to 24,000 tokens by default; 0 means always an excerpt', () => {
  assert.equal(defaultConfig().workerFileTokens, 24_000);
  assert.equal(RunConfigSchema.parse({ workerFileTokens: 0 }).workerFileTokens, 0);
  const r = RunConfigSchema.safeParse({ workerFileTokens: 1.5 });
  assert.deepEqual(r.error?.issues[0]?.path, ['workerFileTokens']);
});

test('maxWorkers: a hard cap up to 5000 (groups name thousands of files), 5001 refused naming the setting', () => {
  assert.equal(MAX_WORKERS_CEILING, 5000);
  assert.equal(RunConfigSchema.parse({ maxWorkers: 5000 }).maxWorkers, 5000);
  const r = RunConfigSchema.safeParse({ maxWorkers: 5001 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error?.issues[0]?.path, ['maxWorkers']);
  assert.match(r.error?.issues[0]?.message ?? '', /<=5000/);
  // The setting VS Code offers has the same ceiling.
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { maximum?: number }> } };
  };
  assert.equal(manifest.contributes.configuration.properties['orchestra.maxWorkers']?.maximum, 5000);
});
