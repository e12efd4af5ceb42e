import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyToDisk, applyToDiskOrThrow, type ApplyFs } from '../../../../src/core/apply/applyToDisk';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import { OrchestraError } from '../../../../src/core/errors';
import type { FileChange } from '../../../../src/core/runTypes';
import { writeTree } from '../../../support/tempTree';

// Temp trees go at process exit, read-only folders included (test/support/tempTree.ts).
const tree = writeTree;

function edit(file: string, before: string, after: string): FileChange {
  return { file, before, after, beforeHash: sha256Hex(before), isNew: false };
}
function create(file: string, after: string): FileChange {
  return { file, before: '', after, beforeHash: undefined, isNew: true };
}
function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}
/** Every file under root (relative), to prove no temp files or directories are left behind. */
function listing(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
}

test('writes edits and new files (creating directories) and reports them', async () => {
  const root = tree({ 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n' });
  const report = await applyToDisk(root, [
    edit('src/a.ts', 'a1\n', 'a2\n'),
    edit('src/b.ts', 'b1\n', 'b1\n'),
    create('src/deep/new/n.ts', 'n\n'),
  ]);
  assert.deepEqual(report, {
    ok: true,
    written: ['src/a.ts', 'src/deep/new/n.ts'],
    created: ['src/deep/new/n.ts'],
    moved: [],
    deleted: [],
    stale: [],
    message: 'Wrote 2 file(s): src/a.ts, src/deep/new/n.ts.',
  });
  assert.equal(read(root, 'src/a.ts'), 'a2\n');
  assert.equal(read(root, 'src/deep/new/n.ts'), 'n\n');
  assert.deepEqual(listing(root), [
    'src',
    'src/a.ts',
    'src/b.ts',
    'src/deep',
    'src/deep/new',
    'src/deep/new/n.ts',
  ]);
});

test('a file modified between read and apply is refused and nothing is written', async () => {
  const root = tree({ 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n', 'src/taken.ts': 'mine\n' });
  const changes = [
    edit('src/a.ts', 'a1\n', 'a2\n'),
    edit('src/b.ts', 'b1\n', 'b2\n'),
    create('src/n.ts', 'n\n'),
  ];
  writeFileSync(path.join(root, 'src/b.ts'), 'b1 edited by the user\n');
  const report = await applyToDisk(root, changes);
  assert.deepEqual(report, {
    ok: false,
    written: [],
    created: [],
    moved: [],
    deleted: [],
    stale: [{ file: 'src/b.ts', reason: 'changed' }],
    message: 'src/b.ts changed since planning; re-run the refactoring (nothing was written).',
  });
  assert.equal(read(root, 'src/a.ts'), 'a1\n');
  assert.equal(existsSync(path.join(root, 'src/n.ts')), false);

  const more = await applyToDisk(root, [
    create('src/taken.ts', 'x\n'),
    edit('src/gone.ts', 'g\n', 'h\n'),
    edit('src', 'x', 'y'),
  ]);
  assert.equal(
    more.message,
    'src/taken.ts already exists (created since planning); src/gone.ts was deleted since planning; ' +
      'src is no longer a regular file; re-run the refactoring (nothing was written).',
  );
  await assert.rejects(applyToDiskOrThrow(root, changes), (e: unknown) => {
    assert.ok(e instanceof OrchestraError);
    assert.equal(e.reason, 'stale-file');
    assert.deepEqual(e.details.files, ['src/b.ts']);
    return true;
  });
});

test('a write that fails on disk restores the files already written', async () => {
  // `lib` is a regular file, so creating lib/x.ts fails after a.ts and b.ts were written.
  const root = tree({ 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n', lib: 'not a dir\n' });
  const changes = [
    edit('src/a.ts', 'a1\n', 'a2\n'),
    create('src/fresh/n.ts', 'n\n'),
    create('lib/x.ts', 'x\n'),
  ];
  await assert.rejects(applyToDisk(root, changes), (e: unknown) => {
    assert.ok(e instanceof OrchestraError);
    assert.equal(e.reason, 'write-failed');
    assert.match(
      e.message,
      /^Could not write lib\/x\.ts \(ENOTDIR: .*\); the 2 file\(s\) already written were restored\. Check permissions and re-run\.$/,
    );
    assert.deepEqual(e.details.files, ['lib/x.ts']);
    return true;
  });
  assert.equal(read(root, 'src/a.ts'), 'a1\n');
  assert.deepEqual(listing(root), ['lib', 'src', 'src/a.ts', 'src/b.ts']);
});

test('an injected rename fault on the second file restores the first and keeps its mode', async () => {
  const root = tree({ 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n' });
  chmodSync(path.join(root, 'src/a.ts'), 0o640);
  const failing: ApplyFs = {
    ...nodeFs,
    rename: async (from, to) => {
      if (String(to).endsWith('b.ts'))
        throw Object.assign(new Error('EIO: simulated fault'), { code: 'EIO' });
      return nodeFs.rename(from, to);
    },
  };
  await assert.rejects(
    applyToDisk(root, [edit('src/a.ts', 'a1\n', 'a2\n'), edit('src/b.ts', 'b1\n', 'b2\n')], { fs: failing }),
    {
      name: 'OrchestraError',
      message:
        'Could not write src/b.ts (EIO: simulated fault); the 1 file(s) already written were restored. Check permissions and re-run.',
    },
  );
  assert.equal(read(root, 'src/a.ts'), 'a1\n');
  assert.equal(read(root, 'src/b.ts'), 'b1\n');
  assert.equal((await nodeFs.stat(path.join(root, 'src/a.ts'))).mode & 0o777, 0o640);
  assert.deepEqual(listing(root), ['src', 'src/a.ts', 'src/b.ts']);
});

test(
  'a read-only directory fails the write and restores earlier files',
  { skip: process.getuid?.() === 0 && 'root ignores permissions' },
  async () => {
    const root = tree({ 'a/x.ts': '1\n', 'b/y.ts': '2\n' });
    chmodSync(path.join(root, 'b'), 0o555);
    await assert.rejects(applyToDisk(root, [edit('a/x.ts', '1\n', '10\n'), edit('b/y.ts', '2\n', '20\n')]), {
      name: 'OrchestraError',
    });
    assert.equal(read(root, 'a/x.ts'), '1\n');
  },
);

test('paths outside the root, also through a symlink, are refused before anything is written', async () => {
  const outside = tree({ 'victim.ts': 'v\n' });
  const root = tree({ 'src/a.ts': 'a1\n' });
  symlinkSync(outside, path.join(root, 'link'));
  for (const file of ['../victim.ts', 'link/victim.ts', path.join(outside, 'victim.ts')]) {
    await assert.rejects(
      applyToDisk(root, [edit('src/a.ts', 'a1\n', 'a2\n'), edit(file, 'v\n', 'pwned\n')]),
      {
        name: 'OrchestraError',
        message: `${file} is outside the workspace; refusing to write it.`,
      },
    );
  }
  assert.equal(read(root, 'src/a.ts'), 'a1\n');
  assert.equal(read(outside, 'victim.ts'), 'v\n');
});
