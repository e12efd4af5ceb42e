import { test } from 'node:test';
import assert from 'node:assert/strict';
import { focusTerms, pointedRanges, sliceFocus } from '../../../../src/core/worker/focus';
import type { Plan } from '../../../../src/core/plan/planSchema';

const facts = {
  symbols: [
    { name: 'fetchJson', kind: 'function', file: 'src/http.ts', line: 3, exported: true, signature: 'x' },
  ],
  seeds: [{ name: 'Api.fetchJson' }],
  candidates: [{ file: 'src/users.ts', reasons: ['reference' as const], references: 1, lines: [4] }],
};
const plan: Plan = {
  summary: 'Options object.',
  subtasks: [
    {
      file: 'src/http.ts',
      handler: 'rename',
      instructions: 'Rename.',
      priority: 5,
      rename: { from: 'fetchJson', to: 'getJson' },
    },
    {
      file: 'src/users.ts',
      handler: 'llm',
      instructions: 'Pass `new RequestOptions()` to "loadUser" and fix lines 40-42 and line 7.',
      priority: 5,
    },
  ],
};

test('focus terms: plan symbols, renames, names the subtask and the instruction quote; no keywords', () => {
  assert.deepEqual(
    focusTerms('make `fetchJson` take an `ApiOptions` object', plan, facts, plan.subtasks[1]!),
    ['fetchJson', 'getJson', 'RequestOptions', 'loadUser', 'ApiOptions'],
  );
});

test('lines the instructions point at', () => {
  assert.deepEqual(pointedRanges('fix lines 40-42, line 7 and lines 9 to 3'), [
    [40, 42],
    [7, 7],
    [3, 9],
  ]);
  assert.deepEqual(pointedRanges('no numbers here, nor "line zero"'), []);
});

test("a subtask's slice focus: its confirmed references, terms, declarations in its file, pointed ranges", () => {
  assert.deepEqual(sliceFocus('`fetchJson`', plan, facts, plan.subtasks[1]!), {
    lines: [4],
    terms: ['fetchJson', 'getJson', 'RequestOptions', 'loadUser'],
    declarations: [],
    ranges: [
      [40, 42],
      [7, 7],
    ],
  });
  assert.deepEqual(sliceFocus('`fetchJson`', plan, facts, plan.subtasks[0]!).declarations, [3]);
});
