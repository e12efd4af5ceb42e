import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import type { PlannedRun } from '../../../../src/core/runTypes';
import { PlanReviewModel } from '../../../../src/vscode/refactor/planReviewModel';
import {
  groupDescription,
  groupIndex,
  memberSubtasks,
  planRows,
  setGroupTicked,
} from '../../../../src/vscode/refactor/planViewGroups';
import { CALLERS_GROUP, callersSubtasks } from '../../../support/groupedPlan';

const sub = (id: string, file: string, instructions = 'pass { method }'): Subtask => ({
  id,
  file,
  handler: 'llm',
  instructions,
  priority: 5,
});

const subtasks = callersSubtasks(
  sub('decl', 'src/http.ts', 'take { method }'),
  sub,
  sub('after', 'src/main.ts', 'log it'),
);
const group = CALLERS_GROUP;
const planned = { plan: { summary: 's', subtasks }, groups: [group] } as unknown as PlannedRun;

test('a group is one row where its first member is; it expands to its members', () => {
  const index = groupIndex([group]);
  const keys = subtasks.map((s) => s.id ?? s.file);
  assert.deepEqual(planRows(subtasks, keys, index), [
    { kind: 'subtask', subtask: subtasks[0], key: 'decl' },
    { kind: 'group', group },
    { kind: 'subtask', subtask: subtasks[3], key: 'after' },
  ]);
  assert.deepEqual(
    memberSubtasks(subtasks, group).map((s) => s.file),
    ['src/a.ts', 'src/b.ts', 'src/c.ts'],
  );
  // A plan without groups keeps one row per subtask.
  assert.deepEqual(
    planRows(subtasks, keys, groupIndex(undefined)).map((r) =>
      r.kind === 'subtask' ? r.subtask.file : r.kind,
    ),
    subtasks.map((s) => s.file),
  );
});

test('unticking the group drops every member from the plan the workers get; ticking brings them back', () => {
  const model = new PlanReviewModel(planned);
  assert.equal(
    groupDescription(model, group),
    'llm group · 3 files (4 matched) · references of fetchJson (declared in src/http.ts) · pass { method }',
  );
  setGroupTicked(model, group, false);
  assert.deepEqual(
    model.plan().subtasks.map((s) => s.file),
    ['src/http.ts', 'src/main.ts'],
  );
  assert.match(groupDescription(model, group), /^llm group · 0 of 3 files ticked/);
  setGroupTicked(model, group, true);
  // Members are ticked by their review key, the member's id.
  model.setTicked('callers.2', false);
  assert.match(groupDescription(model, group), /^llm group · 2 of 3 files ticked/);
  assert.deepEqual(
    model.plan().subtasks.map((s) => s.file),
    ['src/http.ts', 'src/a.ts', 'src/main.ts', 'src/c.ts'],
  );
});
