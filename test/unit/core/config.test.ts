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
