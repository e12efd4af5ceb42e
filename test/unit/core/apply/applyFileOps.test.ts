/** `--apply` of moves and deletes: one all-or-nothing transaction with the writes, and its undo record. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyToDisk, type ApplyFs } from '../../../../src/core/apply/applyToDisk';
import { writeAllOrNothing } from '../../../../src/core/apply/diskWrite';
import { buildRunRecord, checkRunRecord, restoreOps } from '../../../../src/core/apply/runRecord';
import { OrchestraError } from '../../../../src/core/errors';
import type { FileChange } from '../../../../src/core/runTypes';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import { writeTree } from '../../../support/tempTree';

const BEFORE = {
  'src/user.ts': "import { a } from './a';\nexport const u = a;\n",
  'src/a.ts': 'export const a = 1;\n',
  'src/old.ts': 'export const o = 1;\n',
  'src/main.ts': "import { u } from './user';\nexport const m = u;\n",
};

const CHANGES: FileChange[] = [
  {
    file: 'src/lib/user.ts',
    before: BEFORE['src/user.ts'],
    after: "import { a } from '../a';\nexport const u = a;\n",
    beforeHash: sha256Hex(BEFORE['src/user.ts']),
    isNew: false,
    movedFrom: 'src/user.ts',
  },
  {
    file: 'src/main.ts',
    before: BEFORE['src/main.ts'],
    after: "import { u } from './lib/user';\nexport const m = u;\n",
    beforeHash: sha256Hex(BEFORE['src/main.ts']),
    isNew: false,
  },
  {
    file: 'src/old.ts',
    before: BEFORE['src/old.ts'],
    after: '',
    beforeHash: sha256Hex(BEFORE['src/old.ts']),
    isNew: false,
    deleted: true,
  },
];

/** Every file under root with its text (directories as `dir/`). */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    out[entry.isDirectory() ? `${rel}/` : rel] = entry.isDirectory()
      ? ''
      : readFileSync(path.join(root, rel), 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const AS_BEFORE = {
  'src/': '',
  'src/a.ts': BEFORE['src/a.ts'],
  'src/main.ts': BEFORE['src/main.ts'],
  'src/old.ts': BEFORE['src/old.ts'],
  'src/user.ts': BEFORE['src/user.ts'],
};

test('a move, an edit and a delete are applied together and reported', async () => {
  const root = writeTree(BEFORE);
  const report = await applyToDisk(root, CHANGES);
  assert.deepEqual(report, {
    ok: true,
    written: ['src/lib/user.ts', 'src/main.ts'],
    created: [],
    moved: [{ from: 'src/user.ts', to: 'src/lib/user.ts' }],
    deleted: ['src/old.ts'],
    stale: [],
    message:
      'Wrote 2 file(s): src/lib/user.ts, src/main.ts; moved src/user.ts → src/lib/user.ts; deleted src/old.ts.',
  });
  assert.deepEqual(tree(root), {
    'src/': '',
    'src/a.ts': 'export const a = 1;\n',
    'src/lib/': '',
    'src/lib/user.ts': "import { a } from '../a';\nexport const u = a;\n",
    'src/main.ts': "import { u } from './lib/user';\nexport const m = u;\n",
  });
});

test('a failure mid-apply restores everything: the moved file at its old path, the deleted one, the edit', async () => {
  const root = writeTree(BEFORE);
  // The last step (removing src/old.ts) fails after the move and the edit were done.
  const failing: ApplyFs = {
    ...nodeFs,
    unlink: async (p) => {
      if (String(p).endsWith('old.ts'))
        throw Object.assign(new Error('EIO: simulated fault'), { code: 'EIO' });
      return nodeFs.unlink(p);
    },
  };
  await assert.rejects(applyToDisk(root, CHANGES, { fs: failing }), (e: unknown) => {
    assert.ok(e instanceof OrchestraError);
    assert.equal(e.reason, 'write-failed');
    assert.equal(
      e.message,
      'Could not remove src/old.ts (EIO: simulated fault); the 3 file(s) already written were restored. Check permissions and re-run.',
    );
    return true;
  });
  assert.deepEqual(tree(root), AS_BEFORE);
});

test('a move onto an existing file is refused, and nothing is written', async () => {
  const root = writeTree({ ...BEFORE, 'src/lib/user.ts': 'mine\n' });
  const report = await applyToDisk(root, CHANGES);
  assert.equal(report.ok, false);
  assert.deepEqual(report.stale, [{ file: 'src/lib/user.ts', reason: 'created' }]);
  assert.equal(
    report.message,
    'src/lib/user.ts already exists, so src/user.ts cannot move there (a move never overwrites a file); ' +
      're-run the refactoring (nothing was written).',
  );
  assert.deepEqual(tree(root), { ...AS_BEFORE, 'src/lib/': '', 'src/lib/user.ts': 'mine\n' });
});

test('a moved or deleted file changed since planning is refused, and nothing is written', async () => {
  const root = writeTree(BEFORE);
  writeFileSync(path.join(root, 'src/user.ts'), 'edited\n');
  writeFileSync(path.join(root, 'src/old.ts'), 'edited too\n');
  const report = await applyToDisk(root, CHANGES);
  assert.equal(
    report.message,
    'src/user.ts changed since planning; src/old.ts changed since planning; re-run the refactoring (nothing was written).',
  );
  assert.deepEqual(tree(root), {
    ...AS_BEFORE,
    'src/old.ts': 'edited too\n',
    'src/user.ts': 'edited\n',
  });
});

test('the run record restores a move and a delete', async () => {
  const root = writeTree(BEFORE);
  await applyToDisk(root, CHANGES);
  const record = buildRunRecord({ root, instruction: 'move user', appliedAt: new Date(0) }, CHANGES);
  assert.deepEqual(
    record.files.map((f) => [f.path, f.before !== undefined, f.after !== undefined]),
    [
      ['src/user.ts', true, false],
      ['src/lib/user.ts', false, true],
      ['src/main.ts', true, true],
      ['src/old.ts', true, false],
    ],
  );
  const check = checkRunRecord(record, (p) => {
    try {
      return readFileSync(path.join(root, p));
    } catch {
      return undefined;
    }
  });
  assert.deepEqual(check.edited, []);
  const outcome = await writeAllOrNothing(root, restoreOps(check.restorable));
  assert.deepEqual(outcome, {
    ok: true,
    value: {
      written: ['src/user.ts', 'src/main.ts', 'src/old.ts'],
      created: ['src/user.ts', 'src/old.ts'],
      deleted: ['src/lib/user.ts'],
    },
  });
  assert.deepEqual(tree(root), { ...AS_BEFORE, 'src/lib/': '' });
});
