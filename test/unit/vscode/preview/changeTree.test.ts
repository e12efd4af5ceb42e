import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { textHunks } from '../../../../src/core/diff/textHunks';
import type { ChangeHunk, FileChange, RefactorResult } from '../../../../src/core/runTypes';
import { ChangeTreeModel, EXPAND_FILES_UP_TO } from '../../../../src/vscode/preview/changeTree';
import { createPreviewSession } from '../../../../src/vscode/preview/previewSession';

/** The hunk list the engine attaches (merge/provenance), one llm subtask writing every hunk. */
function described(before: string, after: string, file: string): ChangeHunk[] {
  return textHunks(before, after).map((h) => ({
    index: h.index,
    line: h.start + 1,
    removed: h.removed.length,
    added: h.added.length,
    origin: {
      subtasks: [{ file, handler: 'llm', attempts: 1, costShareUsd: 0.001 }],
      repair: false,
      repairCostShareUsd: 0,
    },
  }));
}

function resultOf(changes: FileChange[]): RefactorResult {
  return {
    instruction: 'synthetic',
    changes,
    outcomes: changes.map((c) => ({ file: c.file, handler: 'llm', status: 'done', attempts: 1, costUsd: 0 })),
    diagnostics: { introduced: [], fixed: [], before: [], after: [] },
  } as unknown as RefactorResult;
}

/** A 300-line module with three changed lines far apart: three hunks per file. */
function syntheticChange(i: number): FileChange {
  const lines = Array.from({ length: 300 }, (_, n) => `export const v${i}_${n} = ${n};\n`);
  const before = lines.join('');
  const after = lines.map((l, n) => (n % 100 === 50 ? l.replace('= ', '= 1 + ') : l)).join('');
  const file = `src/m${String(i).padStart(4, '0')}.ts`;
  return { file, before, after, beforeHash: 'h', isNew: false, hunks: described(before, after, file) };
}

test('1,000 changed files: the file rows are built with no file diffed, well inside 500 ms', () => {
  const changes = Array.from({ length: 1000 }, (_, i) => syntheticChange(i));
  const start = performance.now();
  const model = new ChangeTreeModel(createPreviewSession('s', resultOf(changes)));
  const rows = model.files().map((c) => model.fileRow(c));
  const ms = performance.now() - start;
  console.log(
    `change view, 1,000 files: run result → all file rows in ${ms.toFixed(1)} ms (target ≤ 500 ms)`,
  );
  assert.equal(rows.length, 1000);
  assert.equal(model.diffed, 0, 'no file is diffed before its row is expanded');
  assert.deepEqual(rows[7], {
    label: 'src/m0007.ts',
    description: 'done · +3 −3',
    tooltip: 'src/m0007.ts\ndone · +3 −3',
    ticked: true,
    expand: 'collapsed',
    errors: 0,
  });
  assert.ok(ms <= 500, `the rows took ${ms.toFixed(1)} ms`);
  // For scale, not asserted: what diffing every file up front (the view before) costs on this machine.
  const eager = performance.now();
  for (const c of changes) textHunks(c.before, c.after);
  console.log(`  (diffing all 1,000 files up front: ${(performance.now() - eager).toFixed(1)} ms)`);

  // Expanding one row diffs that file alone, once.
  const hunks = model.hunksOf(changes[7]!);
  model.hunksOf(changes[7]!);
  assert.equal(model.diffed, 1);
  assert.deepEqual(
    hunks.map((h) => model.hunkRow(changes[7]!, h).description),
    ['+1 −1 · line 51', '+1 −1 · line 151', '+1 −1 · line 251'],
  );
});

test('a small result starts expanded; unticking a hunk keeps the rest of its file', () => {
  const changes = Array.from({ length: EXPAND_FILES_UP_TO }, (_, i) => syntheticChange(i));
  const session = createPreviewSession('s', resultOf(changes));
  const model = new ChangeTreeModel(session);
  const first = changes[0]!;
  assert.equal(model.fileRow(first).expand, 'expanded');
  const [, second] = model.hunksOf(first);
  model.tick(first, second, false);
  assert.deepEqual([...session.selection.hunks.get(first.file)!], [0, 2]);
  assert.equal(model.hunkRow(first, second!).ticked, false);
  assert.equal(model.fileRow(first).description, 'done · +3 −3 · 2 of 3 hunks ticked');
  model.tick(first, second, true);
  assert.equal(session.selection.hunks.has(first.file), false, 'all ticked again: the whole file');
  assert.equal(model.fileRow(first).description, 'done · +3 −3');
});

test('a deleted file is a whole-file choice (no hunk rows); a moved file says where it came from', () => {
  const gone = 'export const old = 1;\nexport const older = 2;\n';
  const deleted: FileChange = {
    file: 'src/legacy.ts',
    before: gone,
    after: '',
    beforeHash: 'h',
    isNew: false,
    deleted: true,
    hunks: described(gone, '', 'src/legacy.ts'),
  };
  const movedBefore = "import { a } from './a';\nexport const b = a;\n";
  const movedAfter = "import { a } from '../a';\nexport const b = a;\n";
  const moved: FileChange = {
    file: 'src/lib/b.ts',
    before: movedBefore,
    after: movedAfter,
    beforeHash: 'h',
    isNew: false,
    movedFrom: 'src/b.ts',
    hunks: described(movedBefore, movedAfter, 'src/lib/b.ts'),
  };
  const session = createPreviewSession('s', resultOf([deleted, moved]));
  const model = new ChangeTreeModel(session);
  assert.deepEqual(model.fileRow(deleted), {
    label: 'src/legacy.ts',
    description: 'deleted · done · +0 −2',
    tooltip: 'src/legacy.ts\ndeleted · done · +0 −2\nA delete is applied whole: tick or untick the file.',
    ticked: true,
    expand: 'none',
    errors: 0,
  });
  assert.deepEqual(model.hunksOf(deleted), [], 'no hunk to tick apart');
  model.tick(deleted, undefined, false);
  assert.equal(session.selection.files.has('src/legacy.ts'), false);
  assert.deepEqual(model.fileRow(moved), {
    label: 'src/lib/b.ts',
    description: 'moved from src/b.ts · done · +1 −1',
    tooltip: 'src/lib/b.ts\nmoved from src/b.ts · done · +1 −1',
    ticked: true,
    expand: 'expanded',
    errors: 0,
  });
  assert.equal(model.diffed, 0);
});

test('a change the engine gave no hunk list is diffed for its counts; a pure move has no hunk rows', () => {
  const plain: FileChange = {
    file: 'src/p.ts',
    before: 'a\nb\n',
    after: 'a\nc\nd\n',
    beforeHash: 'h',
    isNew: false,
  };
  const pureMove: FileChange = {
    file: 'src/new.ts',
    before: 'x\n',
    after: 'x\n',
    beforeHash: 'h',
    isNew: false,
    movedFrom: 'src/old.ts',
    hunks: [],
  };
  const model = new ChangeTreeModel(createPreviewSession('s', resultOf([plain, pureMove])));
  assert.equal(model.fileRow(plain).description, 'done · +2 −1');
  assert.equal(model.diffed, 1);
  assert.equal(model.fileRow(pureMove).description, 'moved from src/old.ts · done · +0 −0');
  assert.equal(model.fileRow(pureMove).expand, 'none');
});

test('a file several subtasks worked on: its row shows the combined outcome, its tooltip each step', () => {
  const before = 'export const a = 1;\nexport const b = 2;\n';
  const after = 'export const a = 10;\nexport const bb = 2;\n';
  const change: FileChange = {
    file: 'src/ab.ts',
    before,
    after,
    beforeHash: 'h',
    isNew: false,
    hunks: described(before, after, 'src/ab.ts'),
  };
  const result = {
    ...resultOf([change]),
    outcomes: [
      { id: 'r1', file: 'src/ab.ts', handler: 'rename', status: 'done', attempts: 0, costUsd: 0 },
      {
        id: 'w1',
        file: 'src/ab.ts',
        handler: 'llm',
        status: 'failed',
        reason: 'the search text is not in the file',
        attempts: 2,
        costUsd: 0.002,
      },
      {
        id: 'w2',
        file: 'src/ab.ts',
        handler: 'llm',
        status: 'skipped-dependency',
        reason: 'w1 did not finish',
        attempts: 0,
        costUsd: 0,
      },
      { id: 'other', file: 'src/other.ts', handler: 'llm', status: 'done', attempts: 1, costUsd: 0.001 },
    ],
  } as unknown as RefactorResult;
  const model = new ChangeTreeModel(createPreviewSession('s', result));
  assert.deepEqual(model.fileRow(change), {
    label: 'src/ab.ts',
    description: '3 steps: done, failed, skipped-dependency — the search text is not in the file · +2 −2',
    tooltip: [
      'src/ab.ts',
      '3 steps: done, failed, skipped-dependency — the search text is not in the file · +2 −2',
      'step 1 (r1, rename): done',
      'step 2 (w1, llm): failed: the search text is not in the file',
      'step 3 (w2, llm): skipped-dependency: w1 did not finish',
    ].join('\n'),
    ticked: true,
    expand: 'expanded',
    errors: 0,
  });
});
