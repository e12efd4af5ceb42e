import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlannedRun } from '../../../../src/core/runTypes';
import { PlanReviewModel, wrapText } from '../../../../src/vscode/refactor/planReviewModel';

const planned = {
  plan: {
    summary: 'three files',
    subtasks: [
      { file: 'a.ts', handler: 'llm', instructions: 'do a', priority: 5 },
      { file: 'b.ts', handler: 'llm', instructions: 'do b', priority: 4 },
      {
        file: 'c.ts',
        handler: 'rename',
        instructions: 'rename c',
        priority: 3,
        rename: { from: 'x', to: 'y' },
      },
    ],
  },
} as unknown as PlannedRun;

test('the plan the workers get: unticked subtasks left out, edited instructions in, the rest as planned', () => {
  const model = new PlanReviewModel(planned);
  model.setTicked('b.ts', false);
  model.setInstruction('a.ts', '  do a differently  ');
  assert.equal(model.tickedCount(), 2);
  assert.equal(model.isEdited('a.ts'), true);
  assert.deepEqual(model.plan(), {
    summary: 'three files',
    subtasks: [
      { file: 'a.ts', handler: 'llm', instructions: 'do a differently', priority: 5 },
      {
        file: 'c.ts',
        handler: 'rename',
        instructions: 'rename c',
        priority: 3,
        rename: { from: 'x', to: 'y' },
      },
    ],
  });
});

test('ticking again, an empty edit and an edit back to the planned text leave the plan as planned', () => {
  const model = new PlanReviewModel(planned);
  model.setTicked('b.ts', false);
  model.setTicked('b.ts', true);
  model.setInstruction('a.ts', '   ');
  model.setInstruction('c.ts', 'other');
  model.setInstruction('c.ts', 'rename c');
  assert.equal(model.isEdited('c.ts'), false);
  assert.deepEqual(model.plan(), planned.plan);
  assert.deepEqual(model.choices(), { excluded: [], instructions: {} });
});

test('wrapText splits at spaces within the width and keeps paragraphs', () => {
  assert.deepEqual(wrapText('one two three four five', 9), ['one two', 'three', 'four five']);
  assert.deepEqual(wrapText('a\nb c', 72), ['a', 'b c']);
});

test('two renames in one file are ticked and edited apart: untick one, the other stays in the plan', () => {
  const rename = (from: string, to: string) => ({
    file: 'src/g.ts',
    handler: 'rename',
    instructions: `Rename ${from}.`,
    priority: 5,
    rename: { from, to },
  });
  const twice = {
    plan: { summary: 'two renames', subtasks: [rename('area', 'surface'), rename('width', 'breadth')] },
  } as unknown as PlannedRun;
  const model = new PlanReviewModel(twice);
  assert.deepEqual(model.keys, ['src/g.ts#1', 'src/g.ts#2']);
  model.setTicked('src/g.ts#1', false);
  model.setInstruction('src/g.ts#2', 'Rename width to breadth everywhere.');
  assert.equal(model.isTicked('src/g.ts#2'), true);
  assert.equal(model.isEdited('src/g.ts#1'), false);
  assert.equal(model.instructionOf('src/g.ts#1'), 'Rename area.');
  assert.equal(model.tickedCount(), 1);
  assert.equal(model.keyOfFile('src/g.ts'), 'src/g.ts#1');
  assert.deepEqual(model.plan(), {
    summary: 'two renames',
    subtasks: [{ ...rename('width', 'breadth'), instructions: 'Rename width to breadth everywhere.' }],
  });
});
