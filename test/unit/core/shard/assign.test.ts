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

// One rename and the four workers on files it changes (one component, their requests large), then twelve small
// workers on files of their own.
const rename: Plan['subtasks'][number] = {
  id: 'r',
  file: 'src/ids.ts',
  handler: 'rename',
  instructions: 'rename UserId to AccountId',
  priority: 9,
  rename: { from: 'UserId', to: 'AccountId' },
};
const WEIGHED: Plan = {
  summary: 'a large rename component and many small workers',
  subtasks: [
    rename,
    ...['u1', 'u2', 'u3', 'u4'].map((id) => step(id, `src/${id}.ts`)),
    ...Array.from({ length: 12 }, (_, i) => step(`m${i + 1}`, `src/m${i + 1}.ts`)),
  ],
};
// The rename's files: it and its four workers share a shard (the links the plan file's `touched` gives).
const RENAME_LINKS: Array<[number, number]> = [1, 2, 3, 4].map((i) => [0, i]);
// The estimate's tokens: the rename calls no model; its workers' requests are large, the others small.
const WEIGHTS = [0, 3000, 3000, 3000, 3000, ...Array.from({ length: 12 }, () => 500)];

test('shares are balanced by estimated cost: the large rename component alone, the small workers spread', () => {
  // The component weighs 12,000, the twelve small ones 500 each (6,000 in all).
  assert.deepEqual(assignShards(WEIGHED, 2, RENAME_LINKS, WEIGHTS), [
    [0, 1, 2, 3, 4],
    [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
  ]);
  assert.deepEqual(assignShards(WEIGHED, 3, RENAME_LINKS, WEIGHTS), [
    [0, 1, 2, 3, 4],
    [5, 7, 9, 11, 13, 15],
    [6, 8, 10, 12, 14, 16],
  ]);
  // By count (no weights) the component of five shares its shard with small workers.
  assert.deepEqual(assignShards(WEIGHED, 2, RENAME_LINKS), [
    [0, 1, 2, 3, 4, 10, 12, 14, 16],
    [5, 6, 7, 8, 9, 11, 13, 15],
  ]);
  // Weights of another length than the plan (a stale file) are not used: balanced by count.
  assert.deepEqual(assignShards(WEIGHED, 2, RENAME_LINKS, [1, 2, 3]), assignShards(WEIGHED, 2, RENAME_LINKS));
});

test('shares by cost are still the whole plan, every subtask once, the same from the same plan', () => {
  const all = WEIGHED.subtasks.map((_, i) => i);
  for (const n of [1, 2, 3, 4, 5, 8, 20]) {
    const shares = assignShards(WEIGHED, n, RENAME_LINKS, WEIGHTS);
    assert.equal(shares.length, n);
    assert.deepEqual(shares, assignShards(structuredClone(WEIGHED), n, RENAME_LINKS, [...WEIGHTS]));
    assert.deepEqual(
      shares.flat().sort((a, b) => a - b),
      all,
    );
    // The rename's component is never split.
    assert.equal(shares.filter((s) => s.some((i) => i <= 4)).length, 1);
  }
});
