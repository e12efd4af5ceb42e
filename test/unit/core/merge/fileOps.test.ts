/** Moves and deletes in the merge (conflicts with a clear message) and in the type-check (gone from the program). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFileOps } from '../../../../src/core/merge/fileOps';
import { compareDiagnostics } from '../../../../src/core/merge/typecheck';
import type { Proposal } from '../../../../src/core/merge/combineChanges';
import { makeWorkspace } from '../../../support/workspace';
import { TSCONFIG } from '../handlers/runDeterministic';

const moveA: Proposal = { subtask: 'src/a.ts', file: 'src/lib/a.ts', after: 'a\n', movedFrom: 'src/a.ts' };

test('an edit of a moved file at its old path, a second move of it, a move onto a taken target: conflicts', () => {
  const split = splitFileOps([
    moveA,
    { subtask: 'src/b.ts', file: 'src/lib/a.ts', after: 'b\n', movedFrom: 'src/b.ts' },
    { subtask: 'src/x.ts', file: 'src/other/a.ts', after: 'a\n', movedFrom: 'src/a.ts' },
    { subtask: 'src/c.ts', file: 'src/a.ts', after: 'edited a\n' },
    { subtask: 'src/c.ts', file: 'src/c.ts', after: 'c\n' },
  ]);
  assert.deepEqual([...split.ops.moved], [['src/lib/a.ts', 'src/a.ts']]);
  assert.deepEqual(split.texts, [
    { subtask: 'src/a.ts', file: 'src/lib/a.ts', after: 'a\n' },
    { subtask: 'src/c.ts', file: 'src/c.ts', after: 'c\n' },
  ]);
  assert.deepEqual(split.conflicts, [
    {
      file: 'src/lib/a.ts',
      subtasks: ['src/a.ts', 'src/b.ts'],
      message:
        "src/lib/a.ts: src/a.ts and src/b.ts both move to src/lib/a.ts; kept src/a.ts's step and dropped src/b.ts's",
    },
    {
      file: 'src/a.ts',
      subtasks: ['src/a.ts', 'src/x.ts'],
      message:
        "src/a.ts: moved twice (to src/lib/a.ts and to src/other/a.ts); kept src/a.ts's step and dropped src/x.ts's",
    },
    {
      file: 'src/a.ts',
      subtasks: ['src/a.ts', 'src/c.ts'],
      message:
        "src/a.ts: moved to src/lib/a.ts, so edits at its old path cannot apply; kept src/a.ts's step and dropped src/c.ts's",
    },
  ]);
});

test('a delete of an edited file, and a move of a deleted one: conflicts; the delete stands', () => {
  const split = splitFileOps([
    { subtask: 'src/d.ts', file: 'src/d.ts', after: '', deleted: true },
    { subtask: 'src/e.ts', file: 'src/e/d.ts', after: 'd\n', movedFrom: 'src/d.ts' },
    { subtask: 'src/w.ts', file: 'src/d.ts', after: 'worker text\n' },
  ]);
  assert.deepEqual([...split.ops.deleted], ['src/d.ts']);
  assert.deepEqual([...split.ops.moved], []);
  assert.deepEqual(split.texts, []);
  assert.deepEqual(
    split.conflicts.map((c) => c.message),
    [
      "src/d.ts: deleted by src/d.ts and moved to src/e/d.ts; kept src/d.ts's step and dropped src/e.ts's",
      "src/d.ts: deleted by src/d.ts, so edits to it cannot apply; kept src/d.ts's step and dropped src/w.ts's",
    ],
  );
});

test("type-check: a deleted file is gone (its importer's import is an error); a moved file is checked against its origin", async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': TSCONFIG,
    'src/a.ts': 'export const a: number = 1;\nexport const broken: string = 1;\n',
    'src/b.ts': "import { a } from './a';\nexport const b = a;\n",
  });
  const deleted = compareDiagnostics(ws, [{ file: 'src/a.ts', after: '', deleted: true }]);
  assert.deepEqual(deleted.introduced, [
    {
      file: 'src/b.ts',
      line: 1,
      code: 2307,
      message: "Cannot find module './a' or its corresponding type declarations.",
    },
  ]);
  // The move's old path is gone too: an importer the move did not update points at nothing.
  const stale = compareDiagnostics(ws, [
    { file: 'src/lib/a.ts', after: ws.readText('src/a.ts')!, movedFrom: 'src/a.ts' },
  ]);
  assert.deepEqual(
    stale.introduced.map((d) => `${d.file}:${d.line} TS${d.code}`),
    ['src/b.ts:1 TS2307'],
  );
  // Updated: the moved file keeps its own error (not new: its origin had it), nothing else appears.
  const moved = compareDiagnostics(ws, [
    { file: 'src/lib/a.ts', after: ws.readText('src/a.ts')!, movedFrom: 'src/a.ts' },
    { file: 'src/b.ts', after: "import { a } from './lib/a';\nexport const b = a;\n" },
  ]);
  assert.deepEqual(moved.introduced, []);
  assert.deepEqual(
    moved.after.map((d) => `${d.file}:${d.line} TS${d.code}`),
    ['src/lib/a.ts:2 TS2322'],
  );
  // The check runs in programs of its own: the workspace project is left untouched (nothing loaded into it).
  assert.equal(ws.getProject().getSourceFile(`${ws.root}/src/a.ts`), undefined);
});
