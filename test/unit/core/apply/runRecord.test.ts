import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRunRecord,
  checkRunRecord,
  describeEdited,
  remainingRecord,
  restoreOps,
  type RunRecord,
} from '../../../../src/core/apply/runRecord';
import { parseRunRecord, serializeRunRecord } from '../../../../src/core/apply/runRecordJson';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import type { FileChange } from '../../../../src/core/runTypes';

const A_BEFORE = 'export const a = 1;\n';
const A_AFTER = 'export const a = 2;\n';
const N_AFTER = 'export const n = 0;\n';

const CHANGES: FileChange[] = [
  { file: 'src/a.ts', before: A_BEFORE, after: A_AFTER, beforeHash: sha256Hex(A_BEFORE), isNew: false },
  { file: 'src/same.ts', before: 'x\n', after: 'x\n', beforeHash: sha256Hex('x\n'), isNew: false },
  { file: 'src/new/n.ts', before: '', after: N_AFTER, beforeHash: undefined, isNew: true },
];

function record(): RunRecord {
  return buildRunRecord(
    {
      root: '/ws',
      instruction: 'bump a',
      appliedAt: new Date('2025-01-02T03:04:05Z'),
      createdDirs: ['src/new'],
    },
    CHANGES,
  );
}

test('the record keeps each written file before and after with hashes; a created file has no before', () => {
  assert.deepEqual(record(), {
    version: 1,
    root: '/ws',
    instruction: 'bump a',
    appliedAt: '2025-01-02T03:04:05.000Z',
    files: [
      {
        path: 'src/a.ts',
        before: { text: A_BEFORE, sha256: sha256Hex(A_BEFORE) },
        after: { text: A_AFTER, sha256: sha256Hex(A_AFTER) },
      },
      { path: 'src/new/n.ts', after: { text: N_AFTER, sha256: sha256Hex(N_AFTER) } },
    ],
    createdDirs: ['src/new'],
  });
});

test('check: files still as the run left them are restorable; edited, deleted and re-created ones are named', () => {
  const disk = new Map<string, string | undefined>([
    ['src/a.ts', A_AFTER],
    ['src/new/n.ts', N_AFTER],
  ]);
  const clean = checkRunRecord(record(), (p) => disk.get(p));
  assert.deepEqual(
    clean.restorable.map((f) => f.path),
    ['src/a.ts', 'src/new/n.ts'],
  );
  assert.deepEqual([clean.alreadyRestored, clean.edited], [[], []]);

  // Bytes compare like texts (the hash is of the UTF-8 bytes).
  const bytes = checkRunRecord(record(), (p) => (p === 'src/a.ts' ? Buffer.from(A_AFTER) : disk.get(p)));
  assert.equal(bytes.restorable.length, 2);

  const edited = checkRunRecord(record(), (p) => (p === 'src/a.ts' ? `${A_AFTER}// mine\n` : undefined));
  assert.deepEqual(edited, {
    restorable: [],
    alreadyRestored: ['src/new/n.ts'],
    edited: [{ path: 'src/a.ts', why: 'changed' }],
  });
  const gone = checkRunRecord(record(), () => undefined);
  assert.deepEqual(gone.edited, [{ path: 'src/a.ts', why: 'deleted' }]);
  assert.equal(
    describeEdited([...edited.edited, ...gone.edited]),
    'src/a.ts (changed since the refactor was applied), src/a.ts (deleted since the refactor was applied)',
  );
});

test('check: a file already holding its before-text needs nothing; a file the run deleted fits the same shape', () => {
  const undone = checkRunRecord(record(), (p) => (p === 'src/a.ts' ? A_BEFORE : undefined));
  assert.deepEqual(undone, { restorable: [], alreadyRestored: ['src/a.ts', 'src/new/n.ts'], edited: [] });

  // A delete (the coming move/delete handlers): before present, after absent.
  const deleted: RunRecord = {
    ...record(),
    files: [{ path: 'src/old.ts', before: { text: 'old\n', sha256: sha256Hex('old\n') } }],
  };
  assert.equal(checkRunRecord(deleted, () => undefined).restorable.length, 1);
  assert.deepEqual(checkRunRecord(deleted, () => 'other\n').edited, [{ path: 'src/old.ts', why: 'created' }]);
  assert.deepEqual(restoreOps(deleted.files), [
    { file: 'src/old.ts', expectedHash: undefined, content: 'old\n' },
  ]);
});

test('restore ops expect the after-text and put back the before-text (absent = delete)', () => {
  assert.deepEqual(restoreOps(record().files), [
    { file: 'src/a.ts', expectedHash: sha256Hex(A_AFTER), content: A_BEFORE },
    { file: 'src/new/n.ts', expectedHash: sha256Hex(N_AFTER), content: undefined },
  ]);
});

test('a partial revert keeps only the files it left alone', () => {
  assert.deepEqual(
    remainingRecord(record(), ['src/a.ts'])?.files.map((f) => f.path),
    ['src/a.ts'],
  );
  assert.equal(remainingRecord(record(), []), undefined);
});

test('the stored JSON reads back equal; a damaged one is refused with the reason', () => {
  const text = serializeRunRecord(record());
  assert.deepEqual(parseRunRecord(text), { ok: true, value: record() });

  assert.deepEqual(parseRunRecord('{'), {
    ok: false,
    error: `it is not JSON (${jsonError('{')})`,
  });
  const wrongVersion = JSON.stringify({ ...record(), version: 2 });
  const shape = parseRunRecord(wrongVersion);
  assert.ok(!shape.ok);
  assert.match(shape.error, /^it does not have the expected shape \(version: /);
  const escaping = JSON.stringify({ ...record(), files: [{ path: '../outside.ts' }] });
  const outside = parseRunRecord(escaping);
  assert.ok(!outside.ok);
  assert.match(outside.error, /files\.0\.path: must be a path inside the workspace/);
  const tampered = record();
  tampered.files[0]!.after = { text: 'changed\n', sha256: sha256Hex(A_AFTER) };
  assert.deepEqual(parseRunRecord(JSON.stringify(tampered)), {
    ok: false,
    error: 'the text kept for src/a.ts does not match its hash',
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
