import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignShards, parseShardSpec, sharePlan } from '../../../../src/core/shard/assign';
import type { Plan } from '../../../../src/core/plan/planSchema';

const step = (id: string, file: string, dependsOn?: string[]): Plan['subtasks'][number] => ({
  id,
  file,
  handler: 'llm',
  instructions: `edit ${file}`,
  priority: 5,
  ...(dependsOn ? { dependsOn } : {}),
});

const PLAN: Plan = {
  summary: 'a chain, a second step on one file, and singletons',
  subtasks: [
    step('s1', 'a.ts'),
    step('s2', 'b.ts', ['s1']),
    step('s3', 'c.ts'),
    step('s4', 'd.ts'),
    step('s5', 'e.ts'),
    step('s6', 'c.ts', ['s3']),
    step('s7', 'f.ts', ['s2']),
    step('s8', 'g.ts'),
  ],
};

test('shares keep each dependsOn chain and each file together, largest first onto the lightest shard', () => {
  // Components: {s1,s2,s7} (3), {s3,s6} (2: one file), {s4}, {s5}, {s8}.
  assert.deepEqual(assignShards(PLAN, 3), [
    [0, 1, 6],
    [2, 5, 7],
    [3, 4],
  ]);
  assert.deepEqual(assignShards(PLAN, 1), [[0, 1, 2, 3, 4, 5, 6, 7]]);
  // More shards than components: the rest are empty, never a subtask twice.
  assert.deepEqual(assignShards(PLAN, 6), [[0, 1, 6], [2, 5], [3], [4], [7], []]);
});

test('extra links join components (a deterministic step and a worker on a file it changes)', () => {
  // {s4,s5} ties with {s3,s6}; s8 then goes to the lower-numbered of the two lightest shards.
  assert.deepEqual(assignShards(PLAN, 3, [[3, 4]]), [
    [0, 1, 6],
    [2, 5, 7],
    [3, 4],
  ]);
});

test('every share is computed from the plan alone: same plan, same shares, every subtask exactly once', () => {
  for (const n of [1, 2, 3, 4, 5, 8]) {
    const shares = assignShards(PLAN, n);
    assert.deepEqual(shares, assignShards(structuredClone(PLAN), n));
    assert.deepEqual(
      shares.flat().sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  }
});

test('sharePlan keeps the share in plan order; parseShardSpec reads I/N and says what is wrong', () => {
  assert.deepEqual(
    sharePlan(PLAN, [5, 2]).subtasks.map((s) => s.id),
    ['s3', 's6'],
  );
  assert.deepEqual(parseShardSpec('2/4'), { index: 2, count: 4 });
  assert.equal(parseShardSpec('0/4'), '--shard 0/4: I must be between 1 and 4');
  assert.equal(parseShardSpec('5/4'), '--shard 5/4: I must be between 1 and 4');
  assert.equal(parseShardSpec('two'), '--shard takes I/N (e.g. 2/4), not "two"');
});
