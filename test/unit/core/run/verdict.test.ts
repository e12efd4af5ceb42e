import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOutcomeLines, formatRunReport } from '../../../../src/core/report';
import type { RefactorResult, SubtaskOutcome } from '../../../../src/core/runTypes';
import { judgeRun, type VerdictInput } from '../../../../src/core/run/verdict';

const USAGE = {
  calls: 2,
  usage: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  costUsd: 0.0123,
  byRole: {},
};
const CHANGE = { file: 'src/a.ts', before: 'a\n', after: 'b\n', beforeHash: 'h', isNew: false };

function outcome(
  file: string,
  status: SubtaskOutcome['status'],
  extra: Partial<SubtaskOutcome> = {},
): SubtaskOutcome {
  return { file, handler: 'llm', status, attempts: 1, costUsd: 0, ...extra };
}

function input(parts: Partial<VerdictInput>): VerdictInput {
  return {
    changes: [CHANGE],
    outcomes: [outcome('src/a.ts', 'done')],
    diagnostics: { before: [], after: [], introduced: [] },
    obligations: [],
    outOfScope: [],
    cancelled: false,
    usage: USAGE,
    ...parts,
  };
}

test('done only when every subtask did what the plan said', () => {
  assert.deepEqual(judgeRun(input({})), {
    kind: 'done',
    message: 'Done: 1 file(s) changed, $0.0123',
    problems: [],
  });
});

test('each way of not being done has its kind, and the message names every problem', () => {
  const cases: Array<[Partial<VerdictInput>, string, string]> = [
    [
      { outcomes: [outcome('src/a.ts', 'done'), outcome('src/b.ts', 'unchanged', { notes: 'already so' })] },
      'partial',
      'Not done: src/b.ts unchanged: already so. 1 file(s) changed, $0.0123',
    ],
    [
      {
        diagnostics: {
          before: [],
          after: [],
          introduced: [{ file: 'src/a.ts', line: 1, code: 2304, message: 'x' }],
        },
      },
      'type-errors',
      'Not done: 1 new type error. 1 file(s) changed, $0.0123',
    ],
    [
      {
        changes: [],
        outcomes: [
          {
            ...outcome('src/a.ts', 'failed', {
              reason: 'rename a → b: `b` is taken',
              errorReason: 'bad-input',
            }),
            handler: 'rename',
          },
        ],
      },
      'refused',
      'Not done: src/a.ts rename refused: rename a → b: `b` is taken. 0 file(s) changed, $0.0123',
    ],
    [
      {
        changes: [],
        outcomes: [outcome('src/a.ts', 'failed', { reason: 'overloaded', errorReason: 'overloaded' })],
      },
      'failed',
      'Not done: src/a.ts failed: overloaded. 0 file(s) changed, $0.0123',
    ],
    [
      {
        outOfScope: [
          { subtask: 'src/a.ts', file: 'src/a.ts', line: 3, removed: [], added: ['// x'], dropped: false },
          { subtask: 'src/a.ts', file: 'src/a.ts', line: 9, removed: [], added: ['// y'], dropped: true },
        ],
        obligations: [
          {
            subtask: 'src/a.ts',
            kind: 'old-name',
            file: 'src/a.ts',
            line: 2,
            message: 'src/a.ts:2: `x` left',
          },
        ],
      },
      'partial',
      'Not done: 1 reference to a renamed name left (first at src/a.ts:2); 1 out-of-scope hunk kept. 1 file(s) changed, $0.0123',
    ],
  ];
  for (const [parts, kind, message] of cases) {
    const v = judgeRun(input(parts));
    assert.deepEqual([v.kind, v.message], [kind, message]);
  }
  assert.equal(
    judgeRun(input({ changes: [], outcomes: [outcome('src/a.ts', 'failed', { errorReason: 'overloaded' })] }))
      .reason,
    'overloaded',
  );
  // A worker with nothing to do in a file the rename changed kept its promise.
  assert.equal(judgeRun(input({ outcomes: [outcome('src/a.ts', 'unchanged')] })).kind, 'done');
});

test('the report and the terminal summary show the seeds, the verdict, out-of-scope hunks and what is left', () => {
  const parts = input({
    outcomes: [outcome('src/a.ts', 'done'), outcome('src/b.ts', 'unchanged', { notes: 'already so' })],
    outOfScope: [
      { subtask: 'src/a.ts', file: 'src/a.ts', line: 3, removed: [], added: ['// TODO'], dropped: true },
    ],
    obligations: [
      {
        subtask: 'src/b.ts',
        kind: 'unchanged',
        file: 'src/b.ts',
        message: 'src/b.ts: the plan says this file must change; it is unchanged: already so',
      },
    ],
  });
  const result = {
    ...parts,
    instruction: 'document `alpha`',
    plan: { summary: 'Comments.', subtasks: [] },
    facts: { seeds: [{ name: 'alpha' }] },
    droppedFiles: [],
    conflicts: [],
    estimate: {
      totalUsd: 0.01,
      planUsd: 0,
      workersUsd: 0.01,
      workerInputTokens: 1,
      budgetUsd: 1,
      fitsBudget: true,
    },
    verdict: judgeRun(parts),
  } as unknown as RefactorResult;
  assert.deepEqual(formatOutcomeLines(result), [
    'Seeds: alpha',
    'done: src/a.ts',
    'unchanged: src/b.ts: already so',
    'out of scope: src/a.ts:3 (dropped, 1 line): + // TODO',
    'left to do: src/b.ts: the plan says this file must change; it is unchanged: already so',
    'Not done: src/b.ts unchanged: already so. 1 file(s) changed, $0.0123',
  ]);
  const report = formatRunReport(result);
  assert.match(report, /^\*\*Seeds:\*\* alpha$/m);
  assert.match(report, /^\*\*Outcome:\*\* Not done: src\/b\.ts unchanged: already so\. /m);
  assert.match(report, /^\| src\/b\.ts \| llm \| unchanged \| 1 \| \$0\.0000 \| already so \|$/m);
  assert.match(report, /^\*\*Out of scope\*\* .*\n- src\/a\.ts:3 \(dropped, 1 line\): \+ \/\/ TODO$/m);
  assert.match(
    report,
    /^\*\*Left to do:\*\*\n- src\/b\.ts: the plan says this file must change; it is unchanged: already so$/m,
  );
});

test('planned files the maxWorkers cap dropped make the run partial, named (at most three, then a count)', () => {
  assert.deepEqual(judgeRun(input({ droppedFiles: ['src/b.ts'] })), {
    kind: 'partial',
    message: 'Not done: 1 planned file dropped by the maxWorkers cap (src/b.ts). 1 file(s) changed, $0.0123',
    problems: ['1 planned file dropped by the maxWorkers cap (src/b.ts)'],
  });
  const many = ['src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/f.ts'];
  assert.deepEqual(judgeRun(input({ droppedFiles: many })).problems, [
    '5 planned files dropped by the maxWorkers cap (src/b.ts, src/c.ts, src/d.ts, … (2 more))',
  ]);
});

test('a plan step the plan check rejected makes the run partial, each step named with its reason', () => {
  const rejected = [
    { file: '../x.ts', reason: 'path is outside the workspace' },
    { file: 'src/c.ts/extra.ts', reason: 'src/c.ts is a file, so it cannot hold a new file' },
  ];
  assert.deepEqual(judgeRun(input({ rejected })), {
    kind: 'partial',
    message:
      'Not done: plan step ../x.ts rejected: path is outside the workspace; plan step src/c.ts/extra.ts rejected: ' +
      'src/c.ts is a file, so it cannot hold a new file. 1 file(s) changed, $0.0123',
    problems: [
      'plan step ../x.ts rejected: path is outside the workspace',
      'plan step src/c.ts/extra.ts rejected: src/c.ts is a file, so it cannot hold a new file',
    ],
  });
  // New type errors still outrank it; no rejection is still done.
  const introduced = [{ file: 'src/a.ts', line: 1, code: 2304, message: 'x' }];
  assert.equal(
    judgeRun(input({ rejected, diagnostics: { before: [], after: [], introduced } })).kind,
    'type-errors',
  );
  assert.equal(judgeRun(input({ rejected: [] })).kind, 'done');
});

test('the report lists the rejected plan steps with their reasons', () => {
  const parts = input({ rejected: [{ file: '../x.ts', reason: 'path is outside the workspace' }] });
  const result = {
    ...parts,
    instruction: 'document `alpha`',
    plan: { summary: 'Comments.', subtasks: [] },
    facts: { seeds: [{ name: 'alpha' }] },
    droppedFiles: [],
    conflicts: [],
    estimate: {
      totalUsd: 0.01,
      planUsd: 0,
      workersUsd: 0.01,
      workerInputTokens: 1,
      budgetUsd: 1,
      fitsBudget: true,
    },
    verdict: judgeRun(parts),
  } as unknown as RefactorResult;
  const report = formatRunReport(result);
  assert.match(
    report,
    /^\*\*Outcome:\*\* Not done: plan step \.\.\/x\.ts rejected: path is outside the workspace\. /m,
  );
  assert.match(
    report,
    /^\*\*Rejected by the plan check\*\* \(never run\):\n- \.\.\/x\.ts: path is outside the workspace$/m,
  );
  assert.equal(
    formatOutcomeLines(result).at(-1),
    'Not done: plan step ../x.ts rejected: path is outside the workspace. 1 file(s) changed, $0.0123',
  );
});
