import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChange } from '../../../src/core/report';

test('the report names a move by both paths and a delete as such in its changed files', () => {
  const base = { before: 'a\n', after: 'a\n', beforeHash: 'h', isNew: false };
  assert.equal(describeChange({ ...base, file: 'src/a.ts' }), 'src/a.ts');
  assert.equal(
    describeChange({ ...base, file: 'src/lib/a.ts', movedFrom: 'src/a.ts' }),
    'src/a.ts → src/lib/a.ts (moved)',
  );
  assert.equal(
    describeChange({ ...base, file: 'src/old.ts', after: '', deleted: true }),
    'src/old.ts (deleted)',
  );
});
