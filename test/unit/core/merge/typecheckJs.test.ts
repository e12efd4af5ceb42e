import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDiagnostics, type DiagnosticsComparison } from '../../../../src/core/merge/typecheck';
import { makeWorkspace } from '../../../support/workspace';

const MONEY = `/**
 * @param {number} cents
 * @returns {string}
 */
function formatPrice(cents) {
  return (cents / 100).toFixed(2);
}

module.exports = { formatPrice };
`;
const CART = `const { formatPrice } = require('./money');

/** @param {unknown[]} items */
exports.cartTotal = function (items) {
  return formatPrice(items.length);
};
`;
/** cart.js calling a number method on formatPrice's string: an error only where JavaScript is type-checked. */
const CART_TYPE_ERROR = CART.replace('formatPrice(items.length);', 'formatPrice(items.length).toFixed(1);');
const TYPE_ERROR = {
  file: 'src/cart.js',
  line: 5,
  code: 2551,
  message: "Property 'toFixed' does not exist on type 'string'. Did you mean 'fixed'?",
};

async function check(
  compilerOptions: object,
  files: Record<string, string>,
  change: { file: string; after: string },
): Promise<Omit<DiagnosticsComparison, 'environmental' | 'environmentSummary'>> {
  const ws = await makeWorkspace({
    // No DOM lib: a third of the check's time, and nothing here needs it.
    'jsconfig.json': JSON.stringify({
      include: ['src'],
      compilerOptions: { lib: ['ES2022'], ...compilerOptions },
    }),
    'src/money.js': MONEY,
    'src/cart.js': CART,
    ...files,
  });
  const { environmental, environmentSummary, ...compared } = compareDiagnostics(ws, [change]);
  // Nothing here is left unchecked for want of an installed package or a lib: every case checks both.
  assert.deepEqual({ environmental, environmentSummary }, { environmental: [], environmentSummary: '' });
  return compared;
}

test('JavaScript without checkJs: a type error TypeScript would report is not a new error', async () => {
  const r = await check({}, {}, { file: 'src/cart.js', after: CART_TYPE_ERROR });
  assert.deepEqual(r, { before: [], after: [], introduced: [] });
});

test('the same edit with checkJs, or in a file that says // @ts-check, is a new type error', async () => {
  const checked = await check({ checkJs: true }, {}, { file: 'src/cart.js', after: CART_TYPE_ERROR });
  assert.deepEqual(checked, {
    before: [],
    after: [TYPE_ERROR],
    introduced: [TYPE_ERROR],
  });

  const directive = await check(
    {},
    { 'src/cart.js': `// @ts-check\n${CART}` },
    { file: 'src/cart.js', after: `// @ts-check\n${CART_TYPE_ERROR}` },
  );
  const shifted = { ...TYPE_ERROR, line: 6 };
  assert.deepEqual(directive, {
    before: [],
    after: [shifted],
    introduced: [shifted],
  });

  // `// @ts-nocheck` opts a file out of checkJs again.
  const optedOut = await check(
    { checkJs: true },
    { 'src/cart.js': `// @ts-nocheck\n${CART}` },
    { file: 'src/cart.js', after: `// @ts-nocheck\n${CART_TYPE_ERROR}` },
  );
  assert.deepEqual(optedOut, {
    before: [],
    after: [],
    introduced: [],
  });
});

test('JavaScript without checkJs (unset or false): a syntax error an edit introduces is reported', async () => {
  const expected = [{ file: 'src/cart.js', line: 5, code: 1005, message: "')' expected." }];
  for (const options of [{}, { checkJs: false }]) {
    const r = await check(
      options,
      {},
      { file: 'src/cart.js', after: CART.replace('(items.length);', '(items.length;') },
    );
    assert.deepEqual(r, { before: [], after: expected, introduced: expected }, JSON.stringify(options));
  }
});

test('JavaScript without checkJs: an early error of the language (await outside async, a redeclared const) is reported', async () => {
  const r = await check(
    {},
    {},
    {
      file: 'src/cart.js',
      after: CART.replace(
        'return formatPrice(items.length);',
        'const n = 1;\n  const n = 2;\n  return await formatPrice(n);',
      ),
    },
  );
  const expected = [
    { file: 'src/cart.js', line: 5, code: 2451, message: "Cannot redeclare block-scoped variable 'n'." },
    { file: 'src/cart.js', line: 6, code: 2451, message: "Cannot redeclare block-scoped variable 'n'." },
    {
      file: 'src/cart.js',
      line: 7,
      code: 1308,
      message:
        "'await' expressions are only allowed within async functions and at the top levels of modules.",
      related: [{ file: 'src/cart.js', line: 4, message: "Did you mean to mark this function as 'async'?" }],
    },
  ];
  assert.deepEqual(r, {
    before: [],
    after: expected,
    introduced: expected,
  });
});

test('TypeScript syntax written into a .js file is reported (it is a syntax error there)', async () => {
  const r = await check(
    {},
    {},
    {
      file: 'src/money.js',
      after: MONEY.replace('function formatPrice(cents) {', 'function formatPrice(cents: number) {'),
    },
  );
  const expected = [
    {
      file: 'src/money.js',
      line: 5,
      code: 8010,
      message: 'Type annotations can only be used in TypeScript files.',
    },
  ];
  assert.deepEqual(r, {
    before: [],
    after: expected,
    introduced: expected,
  });
});

test('mixed project: a TypeScript change breaks the TypeScript importer (reported), not the unchecked JavaScript one', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        allowJs: true,
        strict: true,
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022'],
      },
      include: ['src'],
    }),
    'src/ids.ts': 'export function toUserId(raw: string): string {\n  return raw.trim();\n}\n',
    'src/app.ts': "import { toUserId } from './ids';\n\nexport const guest = toUserId('guest');\n",
    'src/legacy.js': "import { toUserId } from './ids';\n\nexport const admin = toUserId('admin');\n",
  });
  const r = compareDiagnostics(ws, [
    {
      file: 'src/ids.ts',
      after: 'export function toUserId(raw: number): string {\n  return String(raw);\n}\n',
    },
  ]);
  const expected = [
    {
      file: 'src/app.ts',
      line: 3,
      code: 2345,
      message: "Argument of type 'string' is not assignable to parameter of type 'number'.",
    },
  ];
  assert.deepEqual(r, {
    before: [],
    after: expected,
    introduced: expected,
    environmental: [],
    environmentSummary: '',
  });
});
