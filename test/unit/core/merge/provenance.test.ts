import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProvenance } from '../../../../src/core/merge/provenance';
import type { FileChange, SubtaskOutcome } from '../../../../src/core/runTypes';

const before =
  'import { loadUser } from "./a";\n\nexport function f() {\n  return loadUser(1);\n}\nexport const x = 1;\n';

function outcome(
  file: string,
  handler: SubtaskOutcome['handler'],
  attempts: number,
  costUsd: number,
): SubtaskOutcome {
  return { file, handler, status: 'done', attempts, costUsd };
}

const plan = {
  summary: 's',
  subtasks: [
    { file: 'src/m.ts', handler: 'llm' as const, instructions: 'i', priority: 5 },
    { file: 'src/n.ts', handler: 'create' as const, instructions: 'c', priority: 3 },
  ],
};

test('each hunk names the subtask that proposed it, its attempts and an even share of its cost', () => {
  const after = before.replace('import { loadUser }', 'import { fetchUser }').replace('x = 1', 'x = 2');
  const changes: FileChange[] = [
    { file: 'src/m.ts', before, after, beforeHash: 'h', isNew: false },
    { file: 'src/n.ts', before: '', after: 'export {};\n', beforeHash: undefined, isNew: true },
  ];
  const described = withProvenance({
    changes,
    plan,
    proposals: [
      { subtask: 'src/m.ts', file: 'src/m.ts', after },
      { subtask: 'src/n.ts', file: 'src/n.ts', after: 'export {};\n' },
    ],
    outcomes: [outcome('src/m.ts', 'llm', 2, 0.004), outcome('src/n.ts', 'create', 1, 0.001)],
    repairCostUsd: new Map(),
  });
  assert.deepEqual(
    described.map((c) => c.hunks),
    [
      [
        {
          index: 0,
          line: 1,
          removed: 1,
          added: 1,
          origin: {
            subtasks: [{ file: 'src/m.ts', handler: 'llm', attempts: 2, costShareUsd: 0.002 }],
            repair: false,
            repairCostShareUsd: 0,
          },
        },
        {
          index: 1,
          line: 6,
          removed: 1,
          added: 1,
          origin: {
            subtasks: [{ file: 'src/m.ts', handler: 'llm', attempts: 2, costShareUsd: 0.002 }],
            repair: false,
            repairCostShareUsd: 0,
          },
        },
      ],
      [
        {
          index: 0,
          line: 1,
          removed: 0,
          added: 1,
          origin: {
            subtasks: [{ file: 'src/n.ts', handler: 'create', attempts: 1, costShareUsd: 0.001 }],
            repair: false,
            repairCostShareUsd: 0,
          },
        },
      ],
    ],
  );
  assert.equal(described[0]!.after, after, 'the texts are untouched');
});

test('a repaired file: the hunk the repair rewrote is marked repair, the one it kept is not', () => {
  const worker = before
    .replace('import { loadUser }', 'import { fetchUser }')
    .replace('loadUser(1)', 'fetchUser(1, )');
  const repaired = worker.replace('fetchUser(1, )', 'fetchUser(1)');
  const described = withProvenance({
    changes: [{ file: 'src/m.ts', before, after: repaired, beforeHash: 'h', isNew: false }],
    plan,
    proposals: [{ subtask: 'src/m.ts', file: 'src/m.ts', after: worker }],
    outcomes: [outcome('src/m.ts', 'llm', 1, 0.006)],
    repairCostUsd: new Map([['src/m.ts', 0.003]]),
  });
  assert.deepEqual(
    described[0]!.hunks!.map((h) => ({ line: h.line, origin: h.origin })),
    [
      {
        line: 1,
        origin: {
          subtasks: [{ file: 'src/m.ts', handler: 'llm', attempts: 1, costShareUsd: 0.003 }],
          repair: false,
          repairCostShareUsd: 0,
        },
      },
      {
        line: 4,
        origin: {
          subtasks: [{ file: 'src/m.ts', handler: 'llm', attempts: 1, costShareUsd: 0.003 }],
          repair: true,
          repairCostShareUsd: 0.003,
        },
      },
    ],
  );
});

test('a rename and a worker on different lines of one file: each hunk names the subtask that wrote it', () => {
  const rename = before.replace('return loadUser(1);', 'return fetchUser(1);');
  const worker = before
    .replace('export const x = 1;', 'export const x = 2;')
    .replace('}\nexport', '}\n\nexport');
  const after = rename.replace('}\nexport const x = 1;', '}\n\nexport const x = 2;');
  const described = withProvenance({
    changes: [{ file: 'src/m.ts', before, after, beforeHash: 'h', isNew: false }],
    plan,
    proposals: [
      { subtask: 'rename:src/m.ts', file: 'src/m.ts', after: rename },
      { subtask: 'src/m.ts', file: 'src/m.ts', after: worker },
    ],
    outcomes: [outcome('src/m.ts', 'llm', 1, 0.002)],
    repairCostUsd: new Map(),
  });
  assert.deepEqual(
    described[0]!.hunks!.map((h) => h.origin.subtasks.map((s) => s.file)),
    [['rename:src/m.ts'], ['src/m.ts']],
  );
});
