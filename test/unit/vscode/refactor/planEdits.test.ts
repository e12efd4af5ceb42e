import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../../../src/core/plan/planSchema';
import { applyReviewChoices, editedPlan } from '../../../../src/vscode/refactor/planEdits';

const PLAN: Plan = {
  summary: 'area takes a Size object.',
  subtasks: [
    { file: 'src/a.ts', handler: 'llm', instructions: 'Change area.', priority: 10 },
    {
      file: 'src/b.ts',
      handler: 'rename',
      instructions: 'Rename.',
      priority: 5,
      rename: { from: 'x', to: 'y' },
    },
  ],
};

test('a review that changed nothing hands no edited plan on (no second estimate)', () => {
  const reviewed = applyReviewChoices(PLAN, {});
  assert.notEqual(reviewed, PLAN, 'the review builds a new object');
  assert.equal(editedPlan(PLAN, reviewed), undefined);
  assert.equal(editedPlan(PLAN, applyReviewChoices(PLAN, { instructions: { 'src/a.ts': '  ' } })), undefined);
});

test('an unticked file or a new instruction is an edited plan', () => {
  const unticked = applyReviewChoices(PLAN, { excluded: ['src/b.ts'] });
  assert.deepEqual(editedPlan(PLAN, unticked), {
    summary: 'area takes a Size object.',
    subtasks: [{ file: 'src/a.ts', handler: 'llm', instructions: 'Change area.', priority: 10 }],
  });
  const reworded = applyReviewChoices(PLAN, { instructions: { 'src/a.ts': 'Change area, keep the name.' } });
  assert.equal(editedPlan(PLAN, reworded)?.subtasks[0]?.instructions, 'Change area, keep the name.');
});
