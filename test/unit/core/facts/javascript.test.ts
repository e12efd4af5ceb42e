import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import type { WorkspaceFacts } from '../../../../src/core/facts/types';
import { candidateLines, makeWorkspace } from '../../../support/workspace';

async function factsFor(
  files: Record<string, string>,
  seed: string | undefined,
  instruction = 'change it',
): Promise<WorkspaceFacts> {
  const ws = await makeWorkspace(files);
  return gatherFacts(ws, {
    instruction,
    seed: seed === undefined ? undefined : { name: seed },
    importDepth: 1,
  });
}

/** Requirers of `./price` in every CommonJS and ES spelling, the last one without the name. */
const PRICE_USERS = {
  'destructure.js': "const { formatPrice } = require('./price');\n\nformatPrice(1);\n",
  'member.js': "const price = require('./price');\n\nprice.formatPrice(2);\n",
  'property.js': "const formatPrice = require('./price').formatPrice;\n\nformatPrice(3);\n",
  'esm.mjs': "import { formatPrice } from './price.js';\n\nformatPrice(4);\n",
  'view.jsx': "import { formatPrice as fp } from './price';\n\nexport const V = () => <b>{fp(5)}</b>;\n",
  'other.js': "const price = require('./price');\n\nmodule.exports = price;\n",
};

test('module.exports = { X }: every requirer and importer of X is a confirmed reference', async () => {
  const facts = await factsFor(
    {
      ...PRICE_USERS,
      'price.js':
        '/** @param {number} cents */\nfunction formatPrice(cents) {\n  return (cents / 100).toFixed(2);\n}\n\nmodule.exports = { formatPrice };\n',
    },
    'formatPrice',
  );
  assert.deepEqual(facts.symbols, [
    {
      name: 'formatPrice',
      kind: 'function',
      file: 'price.js',
      line: 2,
      exported: true,
      signature: 'function formatPrice(cents) {',
    },
  ]);
  // `const formatPrice = require(…).formatPrice` counts the property and the local; `fp` its binding and use.
  assert.deepEqual(candidateLines(facts), [
    'price.js [definition,reference] 1 @6',
    'property.js [reference] 3 @1,3',
    'destructure.js [reference] 2 @1,3',
    'esm.mjs [reference] 2 @1,3',
    'view.jsx [reference] 2 @1,3',
    'member.js [reference] 1 @3',
    'other.js [importer] 0 @',
  ]);
});

test('exports.X = function …: a declaration of its own, found by name in the instruction too', async () => {
  const files = {
    ...PRICE_USERS,
    'price.js': 'exports.formatPrice = function (cents) {\n  return (cents / 100).toFixed(2);\n};\n',
  };
  const facts = await factsFor(files, undefined, 'make `formatPrice` round to whole units');
  assert.deepEqual(facts.seeds, [{ name: 'formatPrice' }]);
  assert.deepEqual(facts.symbols, [
    {
      name: 'formatPrice',
      kind: 'function',
      file: 'price.js',
      line: 1,
      exported: true,
      signature: 'exports.formatPrice = function (cents) {',
    },
  ]);
  assert.deepEqual(candidateLines(facts), [
    'price.js [definition] 0 @',
    'property.js [reference] 3 @1,3',
    'view.jsx [reference] 3 @1,3',
    'destructure.js [reference] 2 @1,3',
    'esm.mjs [reference] 2 @1,3',
    'member.js [reference] 1 @3',
    'other.js [importer] 0 @',
  ]);
});

test('module.exports = X: required under any name, so every requirer is a candidate', async () => {
  const facts = await factsFor(
    {
      'layer.js': 'module.exports = Layer;\n\nfunction Layer(path) {\n  this.path = path;\n}\n',
      'route.js': "var Layer = require('./layer');\n\nexports.route = new Layer('/');\n",
      'router.js': "const L = require('./layer');\n\nmodule.exports = () => L('/');\n",
      'notes.js': '// Layer is described in the docs.\n',
    },
    'Layer',
  );
  assert.deepEqual(
    facts.symbols.map((s) => `${s.kind} ${s.file}:${s.line} exported=${s.exported}`),
    ['function layer.js:3 exported=true'],
  );
  assert.deepEqual(candidateLines(facts), [
    'layer.js [definition,reference] 1 @1',
    'route.js [reference] 2 @1,3',
    'router.js [reference] 2 @1,3',
    'notes.js [text-match] 0 @',
  ]);
});

test('properties and methods of module.exports = { … } are declarations; a require() binding is not', async () => {
  const files = {
    'currency.cjs': "module.exports = {\n  symbol: '$',\n  format(cents) {\n    return cents;\n  },\n};\n",
    'money.js':
      "const { symbol, format } = require('./currency.cjs');\n\nexports.show = (c) => symbol + format(c);\n",
  };
  const symbol = await factsFor(files, 'symbol');
  assert.deepEqual(
    symbol.symbols.map((s) => `${s.kind} ${s.file}:${s.line} ${s.signature}`),
    ["variable currency.cjs:2 symbol: '$'"],
  );
  assert.deepEqual(candidateLines(symbol), ['currency.cjs [definition] 0 @', 'money.js [reference] 2 @1,3']);
  const format = await factsFor(files, 'format');
  assert.deepEqual(
    format.symbols.map((s) => `${s.kind} ${s.file}:${s.line} ${s.signature}`),
    ['function currency.cjs:3 format(cents) {'],
  );
  assert.deepEqual(candidateLines(format), ['currency.cjs [definition] 0 @', 'money.js [reference] 2 @1,3']);
  // `const { symbol } = require(…)` in money.js imports, it does not declare: no seed there.
  const show = await factsFor(files, undefined, 'rename `symbol` to `sign`');
  assert.deepEqual(
    show.symbols.map((s) => s.file),
    ['currency.cjs'],
  );
});

test('a TypeScript file spelling exports.X = … is not read as CommonJS', async () => {
  const facts = await factsFor(
    {
      'a.ts': 'declare const exports: { total: unknown };\nexports.total = function () {};\n',
      'b.ts': "import './a';\nexport const total = 1;\n",
    },
    'total',
  );
  assert.deepEqual(
    facts.symbols.map((s) => `${s.kind} ${s.file}:${s.line}`),
    ['variable b.ts:2'],
  );
});
