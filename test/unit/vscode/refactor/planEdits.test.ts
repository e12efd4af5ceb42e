import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../../../src/core/plan/planSchema';
import { applyReviewChoices, editedPlan, reviewKeys } from '../../../../src/vscode/refactor/planEdits';

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

const TWO_RENAMES: Plan = {
  summary: 'Two names declared in one file change.',
  subtasks: [
    {
      file: 'src/g.ts',
      handler: 'rename',
      instructions: 'Rename area.',
      priority: 5,
      rename: { from: 'area', to: 'surface' },
    },
    {
      file: 'src/g.ts',
      handler: 'rename',
      instructions: 'Rename width.',
      priority: 5,
      rename: { from: 'width', to: 'breadth' },
    },
    { file: 'src/a.ts', handler: 'llm', instructions: 'Change a.', priority: 5 },
  ],
};

test('review keys: the id when the plan gives ids, the file when it has one subtask, else file#n', () => {
  assert.deepEqual(reviewKeys(TWO_RENAMES), ['src/g.ts#1', 'src/g.ts#2', 'src/a.ts']);
  const withIds: Plan = {
    ...TWO_RENAMES,
    subtasks: TWO_RENAMES.subtasks.map((s, i) => ({ ...s, id: `step${i}` })),
  };
  assert.deepEqual(reviewKeys(withIds), ['step0', 'step1', 'step2']);
});

test('two renames in one file: unticking or editing one leaves the other as planned', () => {
  assert.deepEqual(applyReviewChoices(TWO_RENAMES, { excluded: ['src/g.ts#1'] }), {
    summary: 'Two names declared in one file change.',
    subtasks: [
      {
        file: 'src/g.ts',
        handler: 'rename',
        instructions: 'Rename width.',
        priority: 5,
        rename: { from: 'width', to: 'breadth' },
      },
      { file: 'src/a.ts', handler: 'llm', instructions: 'Change a.', priority: 5 },
    ],
  });
  const edited = applyReviewChoices(TWO_RENAMES, { instructions: { 'src/g.ts#2': 'Rename width only.' } });
  assert.deepEqual(
    edited.subtasks.map((s) => s.instructions),
    ['Rename area.', 'Rename width only.', 'Change a.'],
  );
  const byId: Plan = {
    ...TWO_RENAMES,
    subtasks: TWO_RENAMES.subtasks.map((s, i) => ({ ...s, id: `s${i + 1}` })),
  };
  assert.deepEqual(
    applyReviewChoices(byId, { excluded: ['s2'] }).subtasks.map((s) => s.id),
    ['s1', 's3'],
  );
});

test("a file named in the command's arguments stands for every subtask of that file", () => {
  const byId: Plan = {
    ...TWO_RENAMES,
    subtasks: TWO_RENAMES.subtasks.map((s, i) => ({ ...s, id: `s${i + 1}` })),
  };
  assert.deepEqual(
    applyReviewChoices(byId, { excluded: ['src/g.ts'] }).subtasks.map((s) => s.id),
    ['s3'],
  );
  assert.deepEqual(
    applyReviewChoices(byId, { instructions: { 'src/g.ts': 'Both.' } }).subtasks.map((s) => s.instructions),
    ['Both.', 'Both.', 'Change a.'],
  );
});
