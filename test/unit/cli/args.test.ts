import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCli, USAGE } from '../../../src/cli/args';
import { isOrchestraError } from '../../../src/core/errors';

test('--worker-file-tokens sets workerFileTokens; a bad value names the flag', () => {
  assert.equal(parseCli(['refactor', 'x'], '/w').config.workerFileTokens, 24_000);
  assert.equal(parseCli(['refactor', 'x', '--worker-file-tokens', '0'], '/w').config.workerFileTokens, 0);
  assert.throws(
    () => parseCli(['refactor', 'x', '--worker-file-tokens=-5'], '/w'),
    (e: unknown) =>
      isOrchestraError(e) &&
      e.reason === 'bad-input' &&
      e.message === 'Invalid option --worker-file-tokens: Too small: expected number to be >=0',
  );
  assert.throws(
    () => parseCli(['refactor', 'x', '--worker-file-tokens', 'lots'], '/w'),
    /Invalid option --worker-file-tokens: "lots" is not a number/,
  );
  assert.match(USAGE, /--worker-file-tokens N {2}a worker's file goes whole up to this many tokens/);
});

test('follow-ups are on by default; --no-follow-ups turns them off', () => {
  assert.equal(parseCli(['refactor', 'x'], '/w').config.followUps, true);
  assert.equal(parseCli(['refactor', 'x', '--no-follow-ups'], '/w').config.followUps, false);
  assert.match(
    USAGE,
    /--no-follow-ups {9}report new type errors in files outside the plan instead of adding follow-up/,
  );
});

test('--fast-model / --strong-model set the tiers; unset they follow the worker and orchestrator models', async () => {
  const { workerModelFor } = await import('../../../src/core/config');
  const plain = parseCli(['refactor', 'x', '--model', 'claude-sonnet-4-5'], '/w').config.models;
  assert.equal(workerModelFor(plain, 'fast'), 'claude-sonnet-4-5');
  assert.equal(workerModelFor(plain, 'strong'), 'claude-sonnet-4-5');
  const split = parseCli(['refactor', 'x', '--worker-model', 'claude-haiku-4-5'], '/w').config.models;
  assert.equal(workerModelFor(split, 'fast'), 'claude-haiku-4-5');
  assert.equal(workerModelFor(split, 'strong'), 'claude-sonnet-4-6');
  assert.equal(workerModelFor(split, undefined), 'claude-haiku-4-5');
  const tiers = parseCli(
    ['refactor', 'x', '--fast-model', 'claude-3-haiku', '--strong-model', 'claude-opus-4-5'],
    '/w',
  ).config.models;
  assert.equal(workerModelFor(tiers, 'fast'), 'claude-3-haiku');
  assert.equal(workerModelFor(tiers, 'strong'), 'claude-opus-4-5');
  assert.equal(workerModelFor(tiers, undefined), 'claude-haiku-4-5');
  assert.match(USAGE, /--fast-model ID {9}model of the "fast" worker tier \(default: the worker model\)/);
  assert.match(
    USAGE,
    /--strong-model ID {7}model of the "strong" worker tier \(default: the orchestrator model\)/,
  );
});

test('--provider and per-role provider flags; a bad name names its flag', () => {
  const both = parseCli(['refactor', 'x', '--provider', 'openai-compatible'], '/w').config;
  assert.equal(both.provider, 'openai-compatible');
  assert.deepEqual(both.providers, {});
  const split = parseCli(['refactor', 'x', '--worker-provider', 'openai-compatible'], '/w').config;
  assert.equal(split.provider, 'anthropic');
  assert.deepEqual(split.providers, { worker: 'openai-compatible' });
  assert.throws(
    () => parseCli(['refactor', 'x', '--orchestrator-provider', 'gemini'], '/w'),
    (e: unknown) =>
      isOrchestraError(e) &&
      e.reason === 'bad-input' &&
      e.message.startsWith('Invalid option --orchestrator-provider: Invalid option: expected one of'),
  );
  assert.deepEqual(
    parseCli(['refactor', 'x', '--context-window', 'qwen2.5-coder:7b=32768'], '/w').config.contextWindows,
    { 'qwen2.5-coder:7b': 32768 },
  );
  assert.throws(() => parseCli(['refactor', 'x', '--context-window', 'qwen'], '/w'), /is not MODEL=TOKENS/);
});
