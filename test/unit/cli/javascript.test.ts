/**
 * JavaScript workspaces end to end through the CLI (in process, real SDK over HTTP to the loopback mock):
 * a jsconfig project of CommonJS, ESM and JSX (test/fixtures/js-jsconfig) and a tsconfig `allowJs` project
 * mixing TypeScript and JavaScript (test/fixtures/js-mixed): facts, a deterministic rename, an llm edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';
import { fixtureFiles, fixturePath } from '../../support/workspace';

const suite = cliMock();

/** `orchestra refactor "<instruction>" --cwd <dir> --apply` against the mock. */
function applyRefactor(instruction: string, dir: string): ReturnType<typeof cli> {
  return cli(['refactor', instruction, '--cwd', dir, '--apply'], suite.env);
}

const JS = fixtureFiles('js-jsconfig');
const MIXED = fixtureFiles('js-mixed');

async function factsJson(cwd: string, symbol: string): Promise<{ code: number; json: FactsJson }> {
  const run = await cli(['facts', '--symbol', symbol, '--cwd', cwd, '--json'], suite.env);
  return { code: run.code, json: JSON.parse(run.stdout) as FactsJson };
}
interface FactsJson {
  source: string;
  fileCount: number;
  symbols: Array<{ kind: string; file: string; line: number; exported: boolean }>;
  candidates: Array<{ file: string; reasons: string[]; references: number }>;
}
const summary = (json: FactsJson): string[] =>
  json.candidates.map((c) => `${c.file} ${c.reasons.join('+')} ${c.references}`);

test('orchestra facts on a jsconfig project: requirers, importers and the JSX view, exact', async () => {
  const price = await factsJson(fixturePath('js-jsconfig'), 'formatPrice');
  assert.equal(price.code, ExitCode.done);
  assert.equal(price.json.source, 'jsconfig.json');
  assert.equal(price.json.fileCount, 6);
  assert.deepEqual(price.json.symbols, [
    {
      name: 'formatPrice',
      kind: 'function',
      file: 'src/money.js',
      line: 7,
      exported: true,
      signature: 'function formatPrice(cents) {',
    },
  ]);
  assert.deepEqual(summary(price.json), [
    'src/money.js definition+reference 1',
    'src/CartView.jsx reference 2',
    'src/cart.js reference 2',
    'src/receipt.mjs reference 1',
  ]);
  const total = await factsJson(fixturePath('js-jsconfig'), 'cartTotal');
  assert.equal(total.code, ExitCode.done);
  assert.deepEqual(summary(total.json), [
    'src/cart.js definition 0',
    'src/CartView.jsx reference 2',
    'src/cart.test.js reference+test 2',
  ]);
  const symbol = await factsJson(fixturePath('js-jsconfig'), 'symbol');
  assert.deepEqual(summary(symbol.json), ['src/currency.cjs definition 0', 'src/money.js reference 2']);
});

test('orchestra facts on a mixed tsconfig allowJs project: TypeScript symbols used from JavaScript and back', async () => {
  const id = await factsJson(fixturePath('js-mixed'), 'toUserId');
  assert.equal(id.code, ExitCode.done);
  assert.equal(id.json.source, 'tsconfig.json');
  assert.equal(id.json.fileCount, 4);
  assert.deepEqual(summary(id.json), [
    'src/ids.ts definition 0',
    'src/app.ts reference 2',
    'src/legacy/format.cjs reference 2',
    'src/legacy/users.js reference 2',
  ]);
  const user = await factsJson(fixturePath('js-mixed'), 'loadUser');
  assert.deepEqual(summary(user.json), ['src/legacy/users.js definition 0', 'src/app.ts reference 2']);
});

test('orchestra facts on a folder of CommonJS without any config', async () => {
  const dir = writeTree({
    'index.js': "module.exports = require('./lib/app');\n",
    'lib/app.js': "const { parse } = require('./parse');\n\nmodule.exports = (s) => parse(s);\n",
    'lib/parse.js': 'exports.parse = function (s) {\n  return JSON.parse(s);\n};\n',
  });
  const run = await factsJson(dir, 'parse');
  assert.equal(run.code, ExitCode.done);
  assert.equal(run.json.source, 'glob');
  assert.equal(run.json.fileCount, 3);
  assert.deepEqual(summary(run.json), ['lib/parse.js definition 0', 'lib/app.js reference 2']);
});

function planRename(file: string, from: string, to: string): void {
  const subtask = { file, handler: 'rename', instructions: `rename ${from}`, priority: 10 };
  suite.mock.on(
    isPlan,
    toolUseReply({ summary: `Rename ${from}.`, subtasks: [{ ...subtask, rename: { from, to } }] }),
  );
}

test('a rename in a JavaScript project: exports.X, the JSX import and the destructured require follow', async () => {
  const dir = writeTree(JS);
  planRename('src/cart.js', 'cartTotal', 'computeTotal');
  const run = await applyRefactor('rename `cartTotal` to `computeTotal`', dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(suite.mock.requests.length, 1, 'the plan only: a rename needs no worker');
  assert.deepEqual(readTree(dir, Object.keys(JS)), {
    ...JS,
    'src/cart.js': `const { formatPrice } = require('./money');

/** @param {Array<{ id: string, cents: number }>} items */
exports.computeTotal = function (items) {
  const cents = items.reduce((sum, item) => sum + item.cents, 0);
  return formatPrice(cents);
};
`,
    'src/CartView.jsx': `import { computeTotal } from './cart';
import { formatPrice } from './money';

export function CartView({ items }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id}>{formatPrice(item.cents)}</li>
      ))}
      <li>Total: {computeTotal(items)}</li>
    </ul>
  );
}
`,
    'src/cart.test.js': `const assert = require('node:assert');
const { computeTotal } = require('./cart');

assert.equal(computeTotal([{ id: 'a', cents: 250 }]), '$2.50');
`,
  });
});

test('renaming a function exported as module.exports = { X } renames the local and keeps the export name', async () => {
  const dir = writeTree(JS);
  planRename('src/money.js', 'formatPrice', 'toPrice');
  const run = await applyRefactor('rename `formatPrice` to `toPrice`', dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  // As TypeScript's own rename does: `{ formatPrice: toPrice }`, so every requirer keeps working unchanged.
  assert.deepEqual(readTree(dir, Object.keys(JS)), {
    ...JS,
    'src/money.js': `const { symbol } = require('./currency.cjs');

/**
 * @param {number} cents
 * @returns {string}
 */
function toPrice(cents) {
  return \`\${symbol}\${(cents / 100).toFixed(2)}\`;
}

module.exports = { formatPrice: toPrice };
`,
  });
});

test('a rename in a mixed project: the TypeScript function, its TypeScript, ESM and CommonJS users', async () => {
  const dir = writeTree(MIXED);
  planRename('src/ids.ts', 'toUserId', 'asUserId');
  const run = await applyRefactor('rename `toUserId` to `asUserId`', dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(suite.mock.requests.length, 1);
  assert.deepEqual(readTree(dir, Object.keys(MIXED)), {
    ...MIXED,
    'src/ids.ts': `export type UserId = string & { readonly brand: 'UserId' };

export function asUserId(raw: string): UserId {
  return raw.trim() as UserId;
}
`,
    'src/app.ts': `import { asUserId } from './ids';
import { loadUser } from './legacy/users.js';

export const admin = loadUser('admin');
export const guest = asUserId('guest');
`,
    'src/legacy/users.js': `import { asUserId } from '../ids';

export function loadUser(raw) {
  return { id: asUserId(raw), name: 'unknown' };
}
`,
    'src/legacy/format.cjs': `const { asUserId } = require('../ids');

module.exports = { formatUser: (raw) => \`user:\${asUserId(raw)}\` };
`,
  });
});

/** Scripts the plan and one reply per worker file. */
function scriptEdits(plan: object, edits: Record<string, object>): void {
  suite.mock.on(isPlan, toolUseReply(plan));
  suite.mock.on(isWorker(), (req) => toolUseReply(edits[workerFile(req) ?? '']!)(req));
}

test('an llm edit in a JavaScript project, end to end: the .js files written exactly, JSDoc kept', async () => {
  const dir = writeTree(JS);
  scriptEdits(
    {
      summary: 'formatPrice can round to whole units; the cart total does.',
      subtasks: [
        { file: 'src/money.js', handler: 'llm', instructions: 'Add a `whole` flag.', priority: 10 },
        { file: 'src/cart.js', handler: 'llm', instructions: 'Round the total.', priority: 8 },
      ],
    },
    {
      'src/money.js': {
        file: 'src/money.js',
        edits: [
          {
            search:
              ' * @returns {string}\n */\nfunction formatPrice(cents) {\n  return `${symbol}${(cents / 100).toFixed(2)}`;',
            replace:
              ' * @param {boolean} [whole] round to whole units\n * @returns {string}\n */\nfunction formatPrice(cents, whole = false) {\n  const units = cents / 100;\n  return `${symbol}${whole ? Math.round(units) : units.toFixed(2)}`;',
          },
        ],
      },
      'src/cart.js': {
        file: 'src/cart.js',
        edits: [{ search: 'formatPrice(cents)', replace: 'formatPrice(cents, true)' }],
      },
    },
  );
  const run = await applyRefactor('let `formatPrice` round to whole units', dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(suite.mock.requests.length, 3, '1 plan + 2 workers, no repair');
  assert.doesNotMatch(run.stderr, /new type error/);
  assert.deepEqual(readTree(dir, Object.keys(JS)), {
    ...JS,
    'src/money.js': `const { symbol } = require('./currency.cjs');

/**
 * @param {number} cents
 * @param {boolean} [whole] round to whole units
 * @returns {string}
 */
function formatPrice(cents, whole = false) {
  const units = cents / 100;
  return \`\${symbol}\${whole ? Math.round(units) : units.toFixed(2)}\`;
}

module.exports = { formatPrice };
`,
    'src/cart.js': `const { formatPrice } = require('./money');

/** @param {Array<{ id: string, cents: number }>} items */
exports.cartTotal = function (items) {
  const cents = items.reduce((sum, item) => sum + item.cents, 0);
  return formatPrice(cents, true);
};
`,
  });
});

test('an llm edit in a mixed project, end to end: a .js file and the .ts file using it', async () => {
  const dir = writeTree(MIXED);
  scriptEdits(
    {
      summary: 'loadUser takes a display name.',
      subtasks: [
        { file: 'src/legacy/users.js', handler: 'llm', instructions: 'Add a name parameter.', priority: 10 },
        { file: 'src/app.ts', handler: 'llm', instructions: 'Pass a name.', priority: 8 },
      ],
    },
    {
      'src/legacy/users.js': {
        file: 'src/legacy/users.js',
        edits: [
          {
            search: "export function loadUser(raw) {\n  return { id: toUserId(raw), name: 'unknown' };",
            replace:
              "export function loadUser(raw, name = 'unknown') {\n  return { id: toUserId(raw), name };",
          },
        ],
      },
      'src/app.ts': {
        file: 'src/app.ts',
        edits: [{ search: "loadUser('admin')", replace: "loadUser('admin', 'Administrator')" }],
      },
    },
  );
  const run = await applyRefactor('let `loadUser` take a display name', dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(suite.mock.requests.length, 3, '1 plan + 2 workers, no repair');
  assert.deepEqual(readTree(dir, Object.keys(MIXED)), {
    ...MIXED,
    'src/legacy/users.js': `import { toUserId } from '../ids';

export function loadUser(raw, name = 'unknown') {
  return { id: toUserId(raw), name };
}
`,
    'src/app.ts': `import { toUserId } from './ids';
import { loadUser } from './legacy/users.js';

export const admin = loadUser('admin', 'Administrator');
export const guest = toUserId('guest');
`,
  });
});
