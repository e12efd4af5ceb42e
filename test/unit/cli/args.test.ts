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
