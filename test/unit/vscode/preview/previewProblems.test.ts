import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RefactorResult } from '../../../../src/core/runTypes';
import { previewProblems, problemSummary } from '../../../../src/vscode/preview/previewProblems';

/** The parts of a result the preview reads; the rest is irrelevant here. */
function result(parts: Partial<RefactorResult>): RefactorResult {
  return {
    changes: [{ file: 'src/a.ts', before: 'a', after: 'b', beforeHash: 'h', isNew: false }],
    outcomes: [],
    diagnostics: { before: [], after: [], introduced: [] },
    obligations: [],
    outOfScope: [],
    ...parts,
  } as RefactorResult;
}

test('a done result has no problems to show', () => {
  const r = result({
    outcomes: [{ file: 'src/a.ts', handler: 'llm', status: 'done', attempts: 1, costUsd: 0 }],
  });
  assert.deepEqual(previewProblems(r), []);
  assert.equal(problemSummary(r), '');
});

test('type errors, subtasks not done (with reasons), out-of-scope hunks and old names left, each at its line', () => {
  const r = result({
    diagnostics: {
      before: [],
      after: [],
      introduced: [{ file: 'src/b.ts', line: 4, code: 2554, message: 'Expected 1 arguments, but got 2.' }],
    },
    outcomes: [
      { file: 'src/a.ts', handler: 'llm', status: 'done', attempts: 1, costUsd: 0 },
      {
        file: 'src/b.ts',
        handler: 'llm',
        status: 'unchanged',
        attempts: 2,
        costUsd: 0,
        notes: 'b only logs',
      },
      { file: 'src/c.ts', handler: 'llm', status: 'failed', attempts: 2, costUsd: 0, reason: 'bad edits' },
    ],
    outOfScope: [
      {
        subtask: 'src/a.ts',
        file: 'src/a.ts',
        line: 9,
        removed: [],
        added: ['// TODO: tidy this up'],
        dropped: false,
      },
    ],
    obligations: [
      { subtask: 'src/b.ts', kind: 'unchanged', file: 'src/b.ts', message: 'src/b.ts: unchanged' },
      {
        subtask: 'src/a.ts',
        kind: 'old-name',
        file: 'src/a.ts',
        line: 3,
        message: 'src/a.ts:3: `x` is still referenced',
      },
    ],
  });
  assert.deepEqual(
    previewProblems(r).map((p) => [p.kind, p.label, p.detail, p.file, p.line, p.side]),
    [
      [
        'type-error',
        '$(error) src/b.ts:4',
        'TS2554 Expected 1 arguments, but got 2.',
        'src/b.ts',
        4,
        'after',
      ],
      ['subtask', '$(warning) src/b.ts: unchanged', 'b only logs', 'src/b.ts', 1, 'after'],
      ['subtask', '$(warning) src/c.ts: failed', 'bad edits', 'src/c.ts', 1, 'after'],
      [
        'out-of-scope',
        '$(circle-slash) src/a.ts:9 out of scope (kept)',
        'src/a.ts:9 (kept, 1 line): + // TODO: tidy this up',
        'src/a.ts',
        9,
        'before',
      ],
      [
        'left-to-do',
        '$(warning) src/a.ts:3 left to do',
        'src/a.ts:3: `x` is still referenced',
        'src/a.ts',
        3,
        'after',
      ],
    ],
  );
  assert.equal(
    problemSummary(r),
    '1 new type error, 2 subtasks not done, 1 out-of-scope hunk kept, 1 renamed name left',
  );
});

test('plan steps the plan check rejected are named with their reasons in the summary, not as rows to open', () => {
  const r = result({
    outcomes: [{ file: 'src/a.ts', handler: 'llm', status: 'done', attempts: 1, costUsd: 0 }],
    rejected: [
      { file: '../x.ts', reason: 'path is outside the workspace' },
      { file: 'src/c.ts/extra.ts', reason: 'src/c.ts is a file, so it cannot hold a new file' },
    ],
  });
  assert.deepEqual(previewProblems(r), []);
  assert.equal(
    problemSummary(r),
    '2 plan steps rejected (../x.ts: path is outside the workspace; src/c.ts/extra.ts: src/c.ts is a file, so it cannot hold a new file)',
  );
});

test('files the maxWorkers cap dropped are one row saying which were left undone and why, and in the summary', () => {
  const r = result({
    outcomes: [{ file: 'src/a.ts', handler: 'llm', status: 'done', attempts: 1, costUsd: 0 }],
    droppedFiles: ['src/d.ts', 'src/e.ts', 'src/new.ts', 'src/f.ts'],
  });
  assert.deepEqual(
    previewProblems(r).map((p) => [p.kind, p.label, p.detail, p.file, p.line, p.side]),
    [
      [
        'dropped-cap',
        '$(circle-slash) 4 planned files left undone by the maxWorkers cap',
        'Never worked on: src/d.ts, src/e.ts, src/new.ts, src/f.ts. The plan named more files than maxWorkers ' +
          'allows, so the lowest-priority ones were dropped; raise orchestra.maxWorkers (--max-workers) or run ' +
          'again for them.',
        'src/d.ts',
        1,
        'after',
      ],
    ],
  );
  assert.equal(
    problemSummary(r),
    '4 planned files dropped by the maxWorkers cap (src/d.ts, src/e.ts, src/new.ts, …)',
  );
});

test('a cap that dropped many files names the first ten in its row and counts the rest', () => {
  const dropped = Array.from({ length: 13 }, (_, i) => `src/m${i + 1}.ts`);
  const r = result({ droppedFiles: dropped });
  const rows = previewProblems(r);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.label, '$(circle-slash) 13 planned files left undone by the maxWorkers cap');
  assert.equal(
    rows[0]?.detail,
    'Never worked on: src/m1.ts, src/m2.ts, src/m3.ts, src/m4.ts, src/m5.ts, src/m6.ts, src/m7.ts, src/m8.ts, ' +
      'src/m9.ts, src/m10.ts, … (3 more, all in Show Report). The plan named more files than maxWorkers allows, ' +
      'so the lowest-priority ones were dropped; raise orchestra.maxWorkers (--max-workers) or run again for them.',
  );
  assert.equal(
    problemSummary(result({ droppedFiles: ['src/only.ts'] })),
    '1 planned file dropped by the maxWorkers cap (src/only.ts)',
  );
});
