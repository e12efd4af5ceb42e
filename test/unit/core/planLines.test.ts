/** The CLI's plan lines: a file group is one line with its member count, then its query and first files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlanGroup } from '../../../src/core/plan/groupSchema';
import type { Subtask } from '../../../src/core/plan/planSchema';
import { planSubtaskLines } from '../../../src/core/planLines';
import { printable, usd } from '../../../src/core/report';
import type { SubtaskEstimate } from '../../../src/core/runTypes';

const member = (i: number): Subtask => ({
  id: `callers.${i}`,
  file: `src/c${String(i).padStart(2, '0')}.ts`,
  handler: 'llm',
  tier: 'fast',
  instructions: 'Pass { method }.',
  priority: 8,
  dependsOn: ['decl'],
});

function groupOf(n: number, matched = n): { subtasks: Subtask[]; group: PlanGroup } {
  const members = Array.from({ length: n }, (_, i) => member(i + 1));
  return {
    subtasks: members,
    group: {
      id: 'callers',
      label: 'callers of fetchJson',
      query: 'references of fetchJson (declared in src/http.ts)',
      handler: 'llm',
      instructions: 'Pass { method }.',
      matched,
      members: members.map((m) => ({ id: m.id ?? '', file: m.file })),
    },
  };
}

const decl: Subtask = {
  id: 'decl',
  file: 'src/http.ts',
  handler: 'llm',
  tier: 'strong',
  instructions: 'Take { method }.',
  priority: 10,
};
const after: Subtask = {
  id: 'log',
  file: 'src/main.ts',
  handler: 'llm',
  instructions: 'Log it.',
  priority: 3,
  dependsOn: ['callers.1', 'callers.2', 'callers.3', 'decl'],
};
const price = (s: Subtask, usdValue: number, model: string): SubtaskEstimate => ({
  id: s.id ?? s.file,
  file: s.file,
  handler: s.handler,
  model,
  usd: usdValue,
});

test('a group of 3 is one line (count, summed estimate) and its files; a dependency on it names the group', () => {
  const { subtasks, group } = groupOf(3, 4);
  const all = [decl, ...subtasks, after];
  const priced = [
    price(decl, 0.02, 'claude-sonnet-4-6'),
    ...subtasks.map((s) => price(s, 0.001, 'claude-haiku-4-5')),
    price(after, 0.0005, 'claude-haiku-4-5'),
  ];
  assert.deepEqual(planSubtaskLines({ subtasks: all, priced, groups: [group] }, { printable, usd }), [
    '  decl src/http.ts  [llm, strong, p10, claude-sonnet-4-6 $0.020]  Take { method }.',
    '  callers group "callers of fetchJson": Pass { method }. — 3 files (4 matched)  [llm, fast, p8, claude-haiku-4-5 $0.0030, after decl]',
    '    references of fetchJson (declared in src/http.ts): src/c01.ts, src/c02.ts, src/c03.ts',
    '  log src/main.ts  [llm, p3, claude-haiku-4-5 $0.0005, after callers, decl]  Log it.',
  ]);
});

test('a group of 1,000: the first 5 files, then "… and 995 more"', () => {
  const { subtasks, group } = groupOf(1000);
  const lines = planSubtaskLines(
    { subtasks, priced: subtasks.map((s) => price(s, 0.01, 'claude-haiku-4-5')), groups: [group] },
    { printable, usd },
  );
  assert.deepEqual(lines, [
    '  callers group "callers of fetchJson": Pass { method }. — 1000 files  [llm, fast, p8, claude-haiku-4-5 $10.000, after decl]',
    '    references of fetchJson (declared in src/http.ts): src/c01.ts, src/c02.ts, src/c03.ts, src/c04.ts, src/c05.ts … and 995 more',
  ]);
});

test('a plan without groups prints one line per subtask, as before; a member not priced leaves the sum out', () => {
  const plain: Subtask = {
    file: 'src/a.ts',
    handler: 'move',
    to: 'src/b.ts',
    instructions: 'move',
    priority: 5,
  };
  assert.deepEqual(planSubtaskLines({ subtasks: [plain], priced: [] }, { printable, usd }), [
    '  src/a.ts → src/b.ts  [move, p5]  move',
  ]);
  const { subtasks, group } = groupOf(2);
  assert.deepEqual(
    planSubtaskLines(
      { subtasks, priced: [price(subtasks[0]!, 0.01, 'claude-haiku-4-5')], groups: [group] },
      { printable, usd },
    ),
    [
      '  callers group "callers of fetchJson": Pass { method }. — 2 files  [llm, fast, p8, after decl]',
      '    references of fetchJson (declared in src/http.ts): src/c01.ts, src/c02.ts',
    ],
  );
});

test('model-written label and instruction are made printable', () => {
  const { subtasks, group } = groupOf(1);
  const lines = planSubtaskLines(
    { subtasks, priced: [], groups: [{ ...group, label: 'x\u001b[2Jy', instructions: 'go\u0007' }] },
    { printable, usd },
  );
  assert.equal(lines[0], '  callers group "x\\u001b[2Jy": go\\u0007 — 1 file  [llm, fast, p8, after decl]');
});
