/** The plan review QuickPick's rows: a file group is one row; its tick and its edit reach exactly its members. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanGroup } from '../../../../src/core/plan/groupSchema';
import type { Plan, Subtask } from '../../../../src/core/plan/planSchema';
import type { CostEstimate } from '../../../../src/core/runTypes';
import { applyReviewChoices } from '../../../../src/vscode/refactor/planEdits';
import {
  editRow,
  excludedKeys,
  isRowTicked,
  pickRows,
  type PickRow,
} from '../../../../src/vscode/refactor/planPickItems';
import { CALLERS_GROUP, callersSubtasks } from '../../../support/groupedPlan';

const sub = (id: string, file: string, extra: Partial<Subtask> = {}): Subtask => ({
  id,
  file,
  handler: 'llm',
  instructions: 'pass { method }',
  priority: 8,
  tier: 'fast',
  dependsOn: ['decl'],
  ...extra,
});

const subtasks = callersSubtasks(
  { id: 'decl', file: 'src/http.ts', handler: 'llm', instructions: 'take { method }', priority: 10 },
  sub,
  {
    id: 'log',
    file: 'src/main.ts',
    handler: 'llm',
    instructions: 'log it',
    priority: 3,
    dependsOn: ['callers.1', 'callers.2', 'callers.3'],
  },
);
const group = CALLERS_GROUP;
const plan: Plan = { summary: 's', subtasks };
const priced = (usd: number, s: Subtask, model: string): NonNullable<CostEstimate['subtasks']>[number] => ({
  id: s.id ?? s.file,
  file: s.file,
  handler: s.handler,
  model,
  usd,
});
const estimate = {
  subtasks: [
    priced(0.02, subtasks[0]!, 'claude-sonnet-4-6'),
    priced(0.001, subtasks[1]!, 'claude-haiku-4-5'),
    priced(0.002, subtasks[2]!, 'claude-haiku-4-5'),
    priced(0.0005, subtasks[3]!, 'claude-haiku-4-5'),
    priced(0.003, subtasks[4]!, 'claude-haiku-4-5'),
  ],
} as CostEstimate;
const planned = { plan, estimate, groups: [group] };

const rowsOf = (instructions: Record<string, string> = {}, unfound = new Set<string>()): PickRow[] =>
  pickRows({ planned, instructions, unfound });

test('a group is one row "group <label>: <instruction> — N files" at its first member, with its files', () => {
  const rows = rowsOf({}, new Set(['src/b.ts']));
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.detail, r.keys]),
    [
      [
        'src/http.ts',
        'llm · priority 10 · id decl · default tier (claude-sonnet-4-6) · est. $0.020',
        'take { method }',
        ['decl'],
      ],
      [
        'group callers of fetchJson: pass { method } — 3 files',
        'llm group · references of fetchJson (declared in src/http.ts) (4 matched) · priority 8 · id callers · ' +
          'after decl · fast (claude-haiku-4-5) · est. $0.0060 · ⚠ 1 not found by the analysis',
        'src/a.ts, src/b.ts, src/c.ts',
        ['callers.1', 'callers.2', 'callers.3'],
      ],
      [
        'src/main.ts',
        'llm · priority 3 · id log · after callers · default tier (claude-haiku-4-5) · est. $0.0005',
        'log it',
        ['log'],
      ],
    ],
  );
});

test('unticking the group row hands the workers exactly the other rows; ticking it back restores every member', () => {
  const rows = rowsOf();
  const [decl, callers, log] = rows as [PickRow, PickRow, PickRow];
  const excluded = excludedKeys(rows, new Set([decl, log]));
  assert.deepEqual(excluded, ['callers.1', 'callers.2', 'callers.3']);
  assert.deepEqual(
    applyReviewChoices(plan, { excluded }).subtasks.map((s) => s.id),
    ['decl', 'log'],
  );
  assert.equal(isRowTicked(callers, new Set(excluded)), false);
  assert.equal(isRowTicked(decl, new Set(excluded)), true);
  // Ticked again: nothing excluded, the plan is the planned one.
  const all = excludedKeys(rows, new Set(rows));
  assert.deepEqual(all, []);
  assert.deepEqual(applyReviewChoices(plan, { excluded: all }), plan);
  // Unticking a plain row leaves every member in.
  assert.deepEqual(
    applyReviewChoices(plan, { excluded: excludedKeys(rows, new Set([decl, callers])) }).subtasks.map(
      (s) => s.id,
    ),
    ['decl', 'callers.1', 'callers.2', 'callers.3'],
  );
});

test("editing the group row sets every member's instruction, and the row shows it", () => {
  const instructions: Record<string, string> = {};
  const callers = rowsOf()[1]!;
  assert.equal(callers.editTitle, 'group callers of fetchJson (3 files)');
  assert.equal(callers.instruction, 'pass { method }');
  editRow(instructions, callers, 'pass { method, retries: 0 }');
  assert.deepEqual(instructions, {
    'callers.1': 'pass { method, retries: 0 }',
    'callers.2': 'pass { method, retries: 0 }',
    'callers.3': 'pass { method, retries: 0 }',
  });
  assert.equal(
    rowsOf(instructions)[1]!.label,
    'group callers of fetchJson: pass { method, retries: 0 } — 3 files',
  );
  assert.deepEqual(
    applyReviewChoices(plan, { instructions }).subtasks.map((s) => `${s.id}: ${s.instructions}`),
    [
      'decl: take { method }',
      'callers.1: pass { method, retries: 0 }',
      'callers.2: pass { method, retries: 0 }',
      'log: log it',
      'callers.3: pass { method, retries: 0 }',
    ],
  );
});

test('a group of 7 names its first 5 files, then "… and 2 more"; a plan without groups keeps a row per subtask', () => {
  const many = Array.from({ length: 7 }, (_, i) => sub(`g.${i + 1}`, `src/f${i + 1}.ts`));
  const big: PlanGroup = {
    ...group,
    id: 'g',
    matched: 7,
    members: many.map((s) => ({ id: s.id!, file: s.file })),
  };
  const rows = pickRows({
    planned: { plan: { summary: 's', subtasks: many }, estimate: {} as CostEstimate, groups: [big] },
    instructions: {},
    unfound: new Set(),
  });
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.detail]),
    [
      [
        'group callers of fetchJson: pass { method } — 7 files',
        'llm group · references of fetchJson (declared in src/http.ts) · priority 8 · id g · after decl',
        'src/f1.ts, src/f2.ts, src/f3.ts, src/f4.ts, src/f5.ts … and 2 more',
      ],
    ],
  );
  const plain = pickRows({ planned: { plan, estimate }, instructions: {}, unfound: new Set() });
  assert.deepEqual(
    plain.map((r) => r.keys),
    [['decl'], ['callers.1'], ['callers.2'], ['log'], ['callers.3']],
  );
});
