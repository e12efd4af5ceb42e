import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfigSchema, defaultConfig } from '../../../src/core/config';

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
