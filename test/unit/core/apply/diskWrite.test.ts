import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  missingParentDirs,
  removeEmptyDirs,
  writeAllOrNothing,
  type ApplyFs,
} from '../../../../src/core/apply/diskWrite';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import { OrchestraError } from '../../../../src/core/errors';
import { writeTree } from '../../../support/tempTree';

function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}
function listing(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
}

test('writes, creates and deletes in one go, each checked against its expected hash or absence', async () => {
  const root = writeTree({ 'src/a.ts': 'a2\n', 'src/new/n.ts': 'n\n' });
  const outcome = await writeAllOrNothing(root, [
    { file: 'src/a.ts', expectedHash: sha256Hex('a2\n'), content: 'a1\n' },
    { file: 'src/new/n.ts', expectedHash: sha256Hex('n\n'), content: undefined },
    { file: 'src/old.ts', expectedHash: undefined, content: 'old\n' },
  ]);
  assert.deepEqual(outcome, {
    ok: true,
    value: { written: ['src/a.ts', 'src/old.ts'], created: ['src/old.ts'], deleted: ['src/new/n.ts'] },
  });
  assert.equal(read(root, 'src/a.ts'), 'a1\n');
  assert.equal(read(root, 'src/old.ts'), 'old\n');
  assert.deepEqual(listing(root), ['src', 'src/a.ts', 'src/new', 'src/old.ts']);
});

test('a delete whose file changed is refused with the others, and nothing is touched', async () => {
  const root = writeTree({ 'src/a.ts': 'a2\n', 'src/n.ts': 'n edited\n' });
  const outcome = await writeAllOrNothing(root, [
    { file: 'src/a.ts', expectedHash: sha256Hex('a2\n'), content: 'a1\n' },
    { file: 'src/n.ts', expectedHash: sha256Hex('n\n'), content: undefined },
    { file: 'src/gone.ts', expectedHash: sha256Hex('g\n'), content: undefined },
  ]);
  assert.deepEqual(outcome, {
    ok: false,
    error: [
      { file: 'src/n.ts', reason: 'changed' },
      { file: 'src/gone.ts', reason: 'deleted' },
    ],
  });
  assert.equal(read(root, 'src/a.ts'), 'a2\n');
  assert.equal(read(root, 'src/n.ts'), 'n edited\n');
});

test('a failed delete puts back the files already written and deleted, with their modes', async () => {
  const root = writeTree({ 'src/a.ts': 'a2\n', 'src/b.ts': 'b\n', 'src/c.ts': 'c\n' });
  chmodSync(path.join(root, 'src/b.ts'), 0o640);
  const failing: ApplyFs = {
    ...nodeFs,
    unlink: async (p) => {
      if (String(p).endsWith('c.ts')) throw Object.assign(new Error('EIO: simulated fault'), { code: 'EIO' });
      return nodeFs.unlink(p);
    },
  };
  await assert.rejects(
    writeAllOrNothing(
      root,
      [
        { file: 'src/a.ts', expectedHash: sha256Hex('a2\n'), content: 'a1\n' },
        { file: 'src/b.ts', expectedHash: sha256Hex('b\n'), content: undefined },
        { file: 'src/c.ts', expectedHash: sha256Hex('c\n'), content: undefined },
      ],
      { fs: failing },
    ),
    (e: unknown) => {
      assert.ok(e instanceof OrchestraError);
      assert.equal(e.reason, 'write-failed');
      assert.equal(
        e.message,
        'Could not remove src/c.ts (EIO: simulated fault); the 2 file(s) already written were restored. Check permissions and re-run.',
      );
      return true;
    },
  );
  assert.equal(read(root, 'src/a.ts'), 'a2\n');
  assert.equal(read(root, 'src/b.ts'), 'b\n');
  assert.equal((await nodeFs.stat(path.join(root, 'src/b.ts'))).mode & 0o777, 0o640);
  assert.deepEqual(listing(root), ['src', 'src/a.ts', 'src/b.ts', 'src/c.ts']);
});

test('the directories new files would need are listed before the write; empty ones are removed after', async () => {
  const root = writeTree({ 'src/a.ts': 'a\n' });
  assert.deepEqual(await missingParentDirs(root, ['src/x/y/n.ts', 'src/x/m.ts', 'src/b.ts', 'top.ts']), [
    'src/x',
    'src/x/y',
  ]);
  mkdirSync(path.join(root, 'src/x/y'), { recursive: true });
  mkdirSync(path.join(root, 'keep'));
  writeFileSync(path.join(root, 'keep/user.ts'), 'mine\n');
  assert.deepEqual(await removeEmptyDirs(root, ['src/x', 'src/x/y', 'keep']), ['src/x/y', 'src/x']);
  assert.equal(existsSync(path.join(root, 'keep/user.ts')), true);
  await assert.rejects(removeEmptyDirs(root, ['../elsewhere']), { name: 'OrchestraError' });
});
