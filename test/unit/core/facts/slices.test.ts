import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSlice } from '../../../../src/core/facts/slices';
import { isOrchestraError } from '../../../../src/core/errors';
import { makeWorkspace } from '../../../support/workspace';

function filler(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};`).join('\n');
}

test('a file up to maxWholeLines is sent whole', async () => {
  const text = `import { x } from './x';\n${filler('a', 9)}\n`;
  const ws = await makeWorkspace({ 'a.ts': text });
  assert.deepEqual(buildSlice(ws, 'a.ts', [3]), { file: 'a.ts', whole: true, text, totalLines: 10 });
});

test('a large file: import block, the enclosing declarations (class member with its class header), ±context elsewhere', async () => {
  const lines = [
    "import { a } from './a';", // 1
    "import type { B } from './b';", // 2
    '', // 3
    filler('c', 10), // 4-13
    'export class Store {', // 14
    '  private items: string[] = [];', // 15
    '', // 16
    '  add(item: string): void {', // 17
    '    this.items.push(item);', // 18
    '  }', // 19
    '}', // 20
    filler('d', 10), // 21-30
    'export function handle(b: B): number {', // 31
    '  return a + b.size;', // 32
    '}', // 33
  ];
  const ws = await makeWorkspace({ 'big.ts': `${lines.join('\n')}\n` });
  const slice = buildSlice(ws, 'big.ts', [18, 32, 25], { maxWholeLines: 20, context: 1 });
  assert.equal(slice.whole, false);
  assert.equal(slice.totalLines, 33);
  assert.equal(
    slice.text,
    [
      " 1 | import { a } from './a';",
      " 2 | import type { B } from './b';",
      '…',
      '14 | export class Store {',
      '…',
      '17 |   add(item: string): void {',
      '18 |     this.items.push(item);',
      '19 |   }',
      '…',
      '24 | export const d3 = 3;',
      '25 | export const d4 = 4;',
      '26 | export const d5 = 5;',
      '…',
      '31 | export function handle(b: B): number {',
      '32 |   return a + b.size;',
      '33 | }',
    ].join('\n'),
  );
});

test('a declaration larger than the limit becomes a window around the line; out-of-range lines are ignored', async () => {
  const body = Array.from({ length: 60 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const ws = await makeWorkspace({ 'f.ts': `export function big(): void {\n${body}\n}\n` });
  const slice = buildSlice(ws, 'f.ts', [30, 0, 999], { maxWholeLines: 20, context: 2 });
  assert.equal(
    slice.text,
    [
      '…',
      '28 |   const v26 = 26;',
      '29 |   const v27 = 27;',
      '30 |   const v28 = 28;',
      '31 |   const v29 = 29;',
      '32 |   const v30 = 30;',
      '…',
    ].join('\n'),
  );
});

test('slicing a missing file is a stale-file error', async () => {
  const ws = await makeWorkspace({ 'a.ts': 'export {};\n' });
  assert.throws(
    () => buildSlice(ws, 'gone.ts', [1]),
    (e: unknown) =>
      isOrchestraError(e) && e.reason === 'stale-file' && e.message.startsWith('Cannot read gone.ts'),
  );
});
