/**
 * `orchestra plan --out` keeps each subtask's estimated cost (its worker request's tokens, 0 for a deterministic
 * step), and the shares every `run --shard` computes are balanced by it. The CLI in-process, the real SDK over
 * HTTP against the loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../../src/cli/exitCodes';
import { parsePlanFile, sharesOf } from '../../../src/core/shard/planFile';
import { cli, cliMock } from '../../support/cli';
import { TEST_MODELS } from '../../support/mockRun';
import { scriptShardRun, SHARD_INSTRUCTION, SHARD_PLAN, SHARD_PROJECT } from '../../support/shardProject';
import { tempDir, writeTree } from '../../support/tempTree';

const api = cliMock();

test('the plan file weighs each subtask by its request; the shares follow the weights, each subtask once', async () => {
  scriptShardRun(api.mock);
  const dir = writeTree(SHARD_PROJECT);
  const out = join(tempDir('orchestra-weights-'), 'plan.json');
  const made = await cli(
    [
      ...['plan', SHARD_INSTRUCTION, '--cwd', dir, '--out', out],
      ...['--orchestrator-model', TEST_MODELS.orchestrator, '--worker-model', TEST_MODELS.worker],
      ...['--max-workers', '12'],
    ],
    api.env,
  );
  assert.equal(made.code, ExitCode.done, made.stderr);
  const read = parsePlanFile(JSON.parse(readFileSync(out, 'utf8')), out);
  assert.ok(read.ok, read.ok ? '' : read.error);
  const file = read.value;
  const weights = file.weights ?? [];
  assert.equal(weights.length, SHARD_PLAN.subtasks.length);
  SHARD_PLAN.subtasks.forEach((s, i) => {
    if (s.handler === 'rename') assert.equal(weights[i], 0, `${s.id}: a deterministic step weighs 0`);
    // A worker's request holds at least its file, the instruction and the edit tool: hundreds of tokens.
    else assert.ok((weights[i] ?? 0) > 100, `${s.id} weighs ${weights[i]}`);
  });
  for (const n of [1, 2, 3, 4]) {
    const shares = sharesOf(file, n);
    assert.deepEqual(
      shares.flat().sort((a, b) => a - b),
      SHARD_PLAN.subtasks.map((_, i) => i),
    );
    // Greedy heaviest-first: no shard is heavier than the lightest by more than the heaviest single component.
    const load = shares.map((s) => s.reduce((sum, i) => sum + (weights[i] ?? 0), 0));
    const chain = [0, 1, 2].reduce((sum, i) => sum + (weights[i] ?? 0), 0);
    assert.ok(Math.max(...load) - Math.min(...load) <= chain, `${n} shards: ${load.join(', ')}`);
  }
  // The plan file without weights (an older one) is balanced by count, as before.
  const { weights: _dropped, ...older } = file;
  assert.deepEqual(sharesOf(older, 2), [
    [0, 1, 2, 4, 6],
    [3, 5, 7, 8],
  ]);
});
