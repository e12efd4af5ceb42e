import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeHunk, RefactorResult } from '../../../../src/core/runTypes';
import { fileOutcome, provenanceSection, provenanceText } from '../../../../src/vscode/preview/changeRows';

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
