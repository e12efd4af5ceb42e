import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFocusedSlice, buildSlice, linesMentioning } from '../../../../src/core/facts/slices';
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

test('linesMentioning matches whole identifiers only ($ and _ are identifier characters)', () => {
  const lines = [
    'const alpha = 1;',
    'alphaBeta();',
    'x.alpha',
    '$alpha',
    'alpha_2',
    '  return alpha',
    'a$b $ b',
  ];
  assert.deepEqual(linesMentioning(lines, ['alpha']), [1, 3, 6]);
  assert.deepEqual(linesMentioning(lines, ['$alpha', 'a$b']), [4, 7]);
  assert.deepEqual(linesMentioning(lines, ['not an identifier', '']), []);
});

test('a focused excerpt holds the named declaration whole, every text mention, and the lines pointed at', async () => {
  const lines = [
    "import { x } from './x';", // 1
    filler('a', 10), // 2-11
    '/** The store. */', // 12
    'export class Store {', // 13
    '  add(): void {}', // 14
    '}', // 15
    filler('b', 10), // 16-25
    '// Store is documented in the README', // 26: a text-only mention
    filler('c', 10), // 27-36
    'export const last = 0;', // 37: pointed at
  ];
  const ws = await makeWorkspace({ 'big.ts': `${lines.join('\n')}\n` });
  const focus = {
    lines: [],
    terms: ['Store'],
    declarations: [13],
    ranges: [[37, 37]] as Array<[number, number]>,
  };
  // Nothing fits: no context, but every line that matters.
  assert.equal(
    buildFocusedSlice(ws, 'big.ts', focus, () => false).text,
    [
      " 1 | import { x } from './x';",
      '…',
      '12 | /** The store. */',
      '13 | export class Store {',
      '14 |   add(): void {}',
      '15 | }',
      '…',
      '26 | // Store is documented in the README',
      '…',
      '37 | export const last = 0;',
    ].join('\n'),
  );
  // Room for context: the widest that fits (8 lines either side of each mention).
  const wide = buildFocusedSlice(ws, 'big.ts', focus, () => true);
  assert.equal(wide.whole, false);
  assert.equal(wide.totalLines, 37);
  const shown = wide.text.split('\n');
  assert.deepEqual(shown.slice(0, 3), [" 1 | import { x } from './x';", '…', ' 5 | export const a3 = 3;']);
  assert.deepEqual(shown.slice(-3), ['34 | export const c7 = 7;', '…', '37 | export const last = 0;']);
  assert.equal(shown.length, 2 + 30 + 2, 'lines 5–34 without a gap: the two windows merge');
  const steps: number[] = [];
  buildFocusedSlice(ws, 'big.ts', focus, (text) => {
    steps.push(text.split('\n').length);
    return false;
  });
  assert.equal(steps.length, 4, 'four renderings tried, from the widest context to none');
  assert.ok(
    steps.every((n, i) => i === 0 || n <= steps[i - 1]!),
    `${steps.join(' ≥ ')}`,
  );
});
