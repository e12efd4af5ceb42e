import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeHunk, RefactorResult } from '../../../../src/core/runTypes';
import {
  fileOutcome,
  provenanceSection,
  provenanceText,
  stepLines,
} from '../../../../src/vscode/preview/changeRows';

const repaired: ChangeHunk = {
  index: 0,
  line: 2,
  removed: 1,
  added: 2,
  origin: {
    subtasks: [{ file: 'src/g.ts', handler: 'llm', attempts: 2, costShareUsd: 0.0021 }],
    repair: true,
    repairCostShareUsd: 0.0012,
  },
};

test('a hunk names its subtask, handler, attempts, retries and cost share, and the repair round', () => {
  assert.equal(
    provenanceText(repaired),
    'subtask src/g.ts (llm): 2 attempts (1 retry), cost share $0.0021\nrepair round: rewrote this hunk, cost share $0.0012',
  );
  const rename: ChangeHunk = {
    ...repaired,
    origin: {
      subtasks: [{ file: 'src/a.ts', handler: 'rename', attempts: 0, costShareUsd: 0 }],
      repair: false,
      repairCostShareUsd: 0,
    },
  };
  assert.equal(provenanceText(rename), 'subtask src/a.ts (rename): no model call, cost share $0.0000');
});

test('a file row says done, or the status with its reason; the report lists every hunk', () => {
  const result = {
    changes: [
      { file: 'src/g.ts', before: 'a\n', after: 'b\nc\n', beforeHash: 'h', isNew: false, hunks: [repaired] },
    ],
    outcomes: [
      {
        file: 'src/g.ts',
        handler: 'llm',
        status: 'failed',
        reason: 'invalid edits',
        attempts: 2,
        costUsd: 0.0021,
      },
    ],
  } as unknown as RefactorResult;
  assert.equal(fileOutcome(result, result.changes[0]!), 'failed: invalid edits');
  assert.equal(
    provenanceSection(result),
    [
      '## Hunks and where they came from',
      '',
      '- `src/g.ts` (failed: invalid edits)',
      '  - line 2, +2 −1: subtask src/g.ts (llm): 2 attempts (1 retry), cost share $0.0021; repair round: rewrote this hunk, cost share $0.0012',
    ].join('\n'),
  );
});

test('a file with several steps: each status in step order (counted when repeated) and the worst reason', () => {
  const change = { file: 'src/g.ts', before: 'a\n', after: 'b\n', beforeHash: 'h', isNew: false };
  const step = (id: string, status: string, reason?: string) => ({
    id,
    file: 'src/g.ts',
    handler: 'llm',
    status,
    attempts: 1,
    costUsd: 0,
    ...(reason ? { reason } : {}),
  });
  const withOutcomes = (outcomes: unknown[]) =>
    ({ changes: [change], outcomes }) as unknown as RefactorResult;
  assert.equal(
    fileOutcome(withOutcomes([step('a', 'done'), step('b', 'failed', 'invalid edits')]), change),
    '2 steps: done, failed — invalid edits',
  );
  assert.equal(fileOutcome(withOutcomes([step('a', 'done'), step('b', 'done')]), change), '2 steps: 2 done');
  assert.equal(
    fileOutcome(
      withOutcomes([
        step('a', 'unchanged', 'already takes options'),
        step('b', 'done'),
        step('c', 'skipped-budget', 'the budget ran out'),
        step('d', 'done'),
      ]),
      change,
    ),
    '4 steps: unchanged, 2 done, skipped-budget — the budget ran out',
  );
  assert.equal(
    fileOutcome(withOutcomes([step('a', 'done'), step('b', 'unchanged', 'nothing to do')]), change),
    '2 steps: done, unchanged — nothing to do',
  );
  assert.deepEqual(
    stepLines(
      withOutcomes([step('a', 'done'), { ...step('b', 'failed', 'x'), origin: 'follow-up' }]),
      'src/g.ts',
    ),
    ['step 1 (a, llm): done', 'step 2 (b, llm, added by the type-check): failed: x'],
  );
});
