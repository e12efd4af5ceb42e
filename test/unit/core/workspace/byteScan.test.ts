/** The byte-level scans of the instant stage give exactly what their string counterparts give. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesHaveWord, checkBytes, scanImportBytes } from '../../../../src/core/workspace/byteScan';
import { scanImports } from '../../../../src/core/workspace/importScan';
import { wordRegExp } from '../../../../src/core/workspace/textChecks';

const SOURCE = [
  "import { a } from './a';",
  'import type { B } from "./b.js";',
  "export * from './star';",
  "export * as ns from './ns';",
  "export { c as d } from './c';",
  'export const sum = (x: number) => x',
  '/**',
  ' * import { Example } from "in-a-doc-comment"',
  ' */',
  "import x = require('./req');",
  "import './side';",
  "const lazy = await import('./lazy' );",
  "const r = require ( './r' );",
  "const reimport = 1; myimport('./not');",
  "export const s = 'from';",
  "import type from './default-named-type';",
  "const ünïcode = 'x'; import { u } from './ünï';",
].join('\n');

test('scanImportBytes finds the same imports as scanImports, in order', () => {
  const expected = scanImports(SOURCE).map((r) => `${r.kind}${r.typeOnly ? ' type' : ''} ${r.specifier}`);
  const actual = scanImportBytes(Buffer.from(SOURCE)).map(
    (r) => `${r.kind}${r.typeOnly ? ' type' : ''} ${r.specifier}`,
  );
  assert.deepEqual(actual, expected);
  assert.deepEqual(actual, [
    'import ./a',
    'import type ./b.js',
    'export-star ./star',
    'export-star-as ./ns',
    'export-from ./c',
    'import ./req',
    'side-effect ./side',
    'dynamic ./lazy',
    'dynamic ./r',
    'import ./default-named-type',
    'import ./ünï',
  ]);
});

test('bytesHaveWord matches whole words like wordRegExp', () => {
  const text = 'const $Order = 1; // Orders, _Order, Order2, order\nexport type Order = {}; x.Order;ü';
  for (const word of ['Order', '$Order', 'Orders', 'order', 'rder', 'x', 'type', 'Missing']) {
    assert.equal(bytesHaveWord(Buffer.from(text), word), wordRegExp(word).test(text), word);
  }
  assert.equal(bytesHaveWord(Buffer.from('üOrderü'), 'Order'), true);
  assert.equal(bytesHaveWord(Buffer.from('$Order'), 'Order'), false);
});

test('checkBytes rejects what checkText rejects', () => {
  assert.deepEqual(checkBytes(Buffer.from([0x61, 0xff, 0x62])), { ok: false, error: 'not UTF-8 text' });
  assert.deepEqual(checkBytes(Buffer.from('a\0b')), { ok: false, error: 'not UTF-8 text' });
  assert.deepEqual(checkBytes(Buffer.from('const a = 1;\n')), { ok: true, value: undefined });
  const minified = `var a=${'1+'.repeat(3000)}1;`;
  assert.deepEqual(checkBytes(Buffer.from(minified)), {
    ok: false,
    error: `minified or generated (a line of ${minified.length} characters)`,
  });
});
