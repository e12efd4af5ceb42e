import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basePositions } from '../../../../src/core/merge/basePositions';

const BEFORE = `import { a } from './a';
export const ids = [a.id, b.id];
export const n = 1;
`;
const AFTER = `import { a } from './a';
// new line
export const ids = [a.key, b.id];
export const n = 1;
`;

test('kept characters map back to where they were; inserted ones have no base position', () => {
  const toBase = basePositions(BEFORE, AFTER);
  assert.deepEqual(toBase({ line: 0, column: 9 }), { line: 0, column: 9 });
  assert.equal(toBase({ line: 1, column: 0 }), undefined, 'an inserted line');
  // `b.id` in the replaced line: `a.key` is one character longer than `a.id`.
  assert.deepEqual(toBase({ line: 2, column: 29 }), { line: 1, column: 28 });
  assert.equal(toBase({ line: 2, column: 22 }), undefined, '`key` was written by the edit');
  assert.deepEqual(toBase({ line: 3, column: 13 }), { line: 2, column: 13 });
});
