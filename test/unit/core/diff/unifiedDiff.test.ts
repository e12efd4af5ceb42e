import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
