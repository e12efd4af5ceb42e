import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { changeStats, unifiedDiff } from '../../../../src/core/diff/unifiedDiff';
import type { FileChange } from '../../../../src/core/runTypes';
import { writeTree } from '../../../support/tempTree';

function change(file: string, before: string, after: string, isNew = false): FileChange {
  return { file, before, after, beforeHash: isNew ? undefined : 'h', isNew };
}

const changes: FileChange[] = [
  change('src/a.ts', 'one\ntwo\nthree\n', 'one\nTWO\nthree\n'),
  change('src/same.ts', 'x\n', 'x\n'),
  change('src/new.ts', '', 'export const n = 1;\n', true),
  change('src/tail.ts', 'a\nb', 'a\nc'),
];

test('git-style patch with a/ b/ headers, /dev/null for new files, unchanged files left out', () => {
  assert.equal(
    unifiedDiff(changes),
    [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,3 +1,3 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      'diff --git a/src/new.ts b/src/new.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/src/new.ts',
      '@@ -0,0 +1,1 @@',
      '+export const n = 1;',
      'diff --git a/src/tail.ts b/src/tail.ts',
      '--- a/src/tail.ts',
      '+++ b/src/tail.ts',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+c',
      '\\ No newline at end of file',
      '',
    ].join('\n'),
  );
});

test('changeStats counts insertions and deletions per file', () => {
  assert.deepEqual(changeStats(changes), {
    files: 3,
    insertions: 3,
    deletions: 2,
    byFile: [
      { file: 'src/a.ts', isNew: false, insertions: 1, deletions: 1 },
      { file: 'src/new.ts', isNew: true, insertions: 1, deletions: 0 },
      { file: 'src/tail.ts', isNew: false, insertions: 1, deletions: 1 },
    ],
  });
});

test('git apply accepts the patch and produces the after texts', () => {
  const all = [
    ...changes,
    change('src/crlf.ts', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\nd\r\n'),
    change('src/empty.ts', '', '', true),
  ];
  const dir = writeTree({
    ...Object.fromEntries(all.filter((c) => !c.isNew).map((c) => [c.file, c.before])),
    'patch.diff': unifiedDiff(all),
  });
  execFileSync('git', ['apply', '--whitespace=nowarn', 'patch.diff'], { cwd: dir, stdio: 'pipe' });
  for (const c of all) assert.equal(readFileSync(path.join(dir, c.file), 'utf8'), c.after, c.file);
});

const fileOps: FileChange[] = [
  {
    ...change(
      'src/lib/user.ts',
      'import { a } from "./a";\nexport const u = a;\n',
      'import { a } from "../a";\nexport const u = a;\n',
    ),
    movedFrom: 'src/user.ts',
  },
  {
    ...change('src/people/same.ts', 'export const s = 1;\n', 'export const s = 1;\n'),
    movedFrom: 'src/same.ts',
  },
  { ...change('src/old.ts', 'export const o = 1;\nexport const p = 2;\n', ''), deleted: true },
];

test('a move is a rename with its changes (or the rename alone), a delete a deleted file', () => {
  assert.equal(
    unifiedDiff(fileOps),
    [
      'diff --git a/src/user.ts b/src/lib/user.ts',
      'rename from src/user.ts',
      'rename to src/lib/user.ts',
      '--- a/src/user.ts',
      '+++ b/src/lib/user.ts',
      '@@ -1,2 +1,2 @@',
      '-import { a } from "./a";',
      '+import { a } from "../a";',
      ' export const u = a;',
      'diff --git a/src/same.ts b/src/people/same.ts',
      'rename from src/same.ts',
      'rename to src/people/same.ts',
      'diff --git a/src/old.ts b/src/old.ts',
      'deleted file mode 100644',
      '--- a/src/old.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-export const o = 1;',
      '-export const p = 2;',
      '',
    ].join('\n'),
  );
  assert.deepEqual(changeStats(fileOps).byFile, [
    { file: 'src/lib/user.ts', isNew: false, movedFrom: 'src/user.ts', insertions: 1, deletions: 1 },
    { file: 'src/people/same.ts', isNew: false, movedFrom: 'src/same.ts', insertions: 0, deletions: 0 },
    { file: 'src/old.ts', isNew: false, deleted: true, insertions: 0, deletions: 2 },
  ]);
});

test('git apply performs the moves and the delete', () => {
  const dir = writeTree({
    'src/user.ts': fileOps[0]!.before,
    'src/same.ts': fileOps[1]!.before,
    'src/old.ts': fileOps[2]!.before,
    'patch.diff': unifiedDiff(fileOps),
  });
  execFileSync('git', ['apply', '--whitespace=nowarn', 'patch.diff'], { cwd: dir, stdio: 'pipe' });
  assert.equal(readFileSync(path.join(dir, 'src/lib/user.ts'), 'utf8'), fileOps[0]!.after);
  assert.equal(readFileSync(path.join(dir, 'src/people/same.ts'), 'utf8'), fileOps[1]!.after);
  for (const gone of ['src/user.ts', 'src/same.ts', 'src/old.ts'])
    assert.equal(existsSync(path.join(dir, gone)), false, gone);
});
