import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseSubtaskRecord,
  serializeSubtaskRecord,
  staleFiles,
  type SubtaskRecord,
} from '../../../../src/core/journal/subtaskRecord';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';

const record: SubtaskRecord = {
  version: 1,
  id: 's1',
  file: 'src/a.ts',
  handler: 'llm',
  base: { 'src/a.ts': sha256Hex('export const a = 1;\n'), 'src/new.ts': null },
  proposals: [{ file: 'src/a.ts', after: 'export const a = 2;\n' }],
  outcome: { id: 's1', status: 'done', attempts: 1, costUsd: 0.0123 },
  usage: { inputTokens: 900, outputTokens: 40, cacheCreationInputTokens: 0, cacheReadInputTokens: 800 },
};

test('a record survives JSON exactly', () => {
  const back = parseSubtaskRecord(JSON.parse(serializeSubtaskRecord(record)));
  assert.deepEqual(back, { ok: true, value: record });
});

test('a record naming a path outside the workspace is refused with the field', () => {
  const bad = { ...record, proposals: [{ file: '../etc/passwd', after: '' }] };
  const back = parseSubtaskRecord(bad);
  assert.equal(back.ok, false);
  assert.match(back.ok ? '' : back.error, /proposals\.0\.file: must be a path inside the workspace/);
});

test('a record with an unknown status or a bad hash is refused', () => {
  assert.equal(parseSubtaskRecord({ ...record, outcome: { ...record.outcome, status: 'great' } }).ok, false);
  assert.equal(parseSubtaskRecord({ ...record, base: { 'src/a.ts': 'abc' } }).ok, false);
  assert.equal(parseSubtaskRecord('not an object').ok, false);
});

test('staleFiles names the files whose text changed, appeared or vanished since the subtask started', () => {
  const now = new Map([['src/a.ts', sha256Hex('export const a = 1;\n')]]);
  assert.deepEqual(
    staleFiles(record, (f) => now.get(f)),
    [],
  );
  now.set('src/a.ts', sha256Hex('export const a = 3;\n'));
  now.set('src/new.ts', sha256Hex(''));
  assert.deepEqual(
    staleFiles(record, (f) => now.get(f)),
    ['src/a.ts', 'src/new.ts'],
  );
});
