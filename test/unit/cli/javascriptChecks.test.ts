/**
 * The type check and the `create` handler on a JavaScript workspace, through the CLI (in process, real SDK
 * over HTTP to the loopback mock): what counts as a new error in JavaScript, and new .js files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { isPlan, isRepair as repairOf, isWorker } from '../../support/mockRequests';

const isRepair = repairOf();
import { readTree, writeTree } from '../../support/tempTree';

const suite = cliMock();

const MONEY = `/** @returns {string} */
function formatPrice(cents) {
  return (cents / 100).toFixed(2);
}

module.exports = { formatPrice };
`;
const CART = `const { formatPrice } = require('./money');

/** @param {number[]} prices */
exports.cartTotal = function (prices) {
  return formatPrice(prices.reduce((a, b) => a + b, 0));
};
`;
const project = (compilerOptions: object): Record<string, string> => ({
  'jsconfig.json': JSON.stringify({
    compilerOptions: { lib: ['ES2022'], ...compilerOptions },
    include: ['src'],
  }),
  'src/money.js': MONEY,
  'src/cart.js': CART,
});
const CART_PLAN = {
  summary: 'The cart total is padded.',
  subtasks: [{ file: 'src/cart.js', handler: 'llm', instructions: 'Pad the total.', priority: 10 }],
};
/** A number method on formatPrice's string: wrong, but only a type-checked file knows. */
const TYPE_ERROR_EDIT = {
  file: 'src/cart.js',
  edits: [{ search: 'a + b, 0));', replace: 'a + b, 0)).toFixed(1);' }],
};

test('JavaScript without checkJs: an edit with a type error is no new type error, no repair call (exit 0)', async () => {
  const dir = writeTree(project({}));
  suite.mock.on(isPlan, toolUseReply(CART_PLAN));
  suite.mock.on(isWorker(), toolUseReply(TYPE_ERROR_EDIT));
  const run = await cli(['refactor', 'pad the cart total', '--cwd', dir, '--apply'], suite.env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.doesNotMatch(run.stderr, /new type error|Repairing/);
  assert.equal(suite.mock.requests.length, 2, '1 plan + 1 worker');
  assert.equal(
    readTree(dir, ['src/cart.js'])['src/cart.js'],
    CART.replace('a + b, 0));', 'a + b, 0)).toFixed(1);'),
  );
});

test('the same edit with checkJs is a new type error: one repair call gets it, and its fix is written', async () => {
  const dir = writeTree(project({ checkJs: true }));
  suite.mock.on(isPlan, toolUseReply(CART_PLAN));
  suite.mock.on(
    isRepair,
    toolUseReply({
      file: 'src/cart.js',
      edits: [{ search: 'a + b, 0)).toFixed(1);', replace: 'a + b, 0)).padStart(8);' }],
    }),
  );
  suite.mock.on(isWorker(), toolUseReply(TYPE_ERROR_EDIT));
  const run = await cli(['refactor', 'pad the cart total', '--cwd', dir, '--apply'], suite.env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.match(run.stderr, /Repairing 1 new type errors/);
  const repairs = suite.mock.requests.filter(isRepair);
  assert.equal(repairs.length, 1);
  assert.match(
    repairs[0]!.userText,
    /- line 5: TS2551 Property 'toFixed' does not exist on type 'string'\. Did you mean 'fixed'\?/,
  );
  assert.doesNotMatch(run.stderr, /new type error:/);
  assert.equal(suite.mock.requests.length, 3, '1 plan + 1 worker + 1 repair');
  assert.equal(
    readTree(dir, ['src/cart.js'])['src/cart.js'],
    `const { formatPrice } = require('./money');

/** @param {number[]} prices */
exports.cartTotal = function (prices) {
  return formatPrice(prices.reduce((a, b) => a + b, 0)).padStart(8);
};
`,
  );
});

test('JavaScript without checkJs: a syntax error an edit introduces is reported, and stays reported when the repair fails', async () => {
  const dir = writeTree(project({}));
  suite.mock.on(isPlan, toolUseReply(CART_PLAN));
  // The repair answers an edit that does not apply: the error is reported, not hidden.
  suite.mock.on(
    isRepair,
    toolUseReply({ file: 'src/cart.js', edits: [{ search: 'no such text', replace: 'x' }] }),
  );
  suite.mock.on(
    isWorker(),
    toolUseReply({ file: 'src/cart.js', edits: [{ search: 'a + b, 0));', replace: 'a + b, 0);' }] }),
  );
  const run = await cli(['refactor', 'pad the cart total', '--cwd', dir], suite.env);
  assert.match(run.stderr, /Repairing 1 new type errors/);
  assert.match(run.stderr, /^new type error: src\/cart\.js:5 TS1005 '\)' expected\.$/m);
  assert.match(suite.mock.requests.filter(isRepair)[0]!.userText, /- line 5: TS1005 '\)' expected\./);
  // A result with a new error is not done: its own exit code, whatever the language.
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  assert.equal(readTree(dir, ['src/cart.js'])['src/cart.js'], CART, 'a dry run writes nothing');
});

test('create accepts a new .js file in a JavaScript project and writes it', async () => {
  const dir = writeTree(project({}));
  suite.mock.on(
    isPlan,
    toolUseReply({
      summary: 'A discount helper.',
      subtasks: [
        { file: 'src/discount.cjs', handler: 'create', instructions: 'Add discount().', priority: 10 },
      ],
    }),
  );
  const created =
    "const { formatPrice } = require('./money');\n\nexports.discount = (cents) => formatPrice(cents * 0.9);\n";
  suite.mock.on(isWorker('src/discount.cjs'), toolUseReply({ file: 'src/discount.cjs', content: created }));
  const run = await cli(['refactor', 'add a discount helper', '--cwd', dir, '--apply'], suite.env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(suite.mock.requests.length, 2);
  assert.deepEqual(readTree(dir, ['src/discount.cjs', 'src/money.js', 'src/cart.js']), {
    'src/discount.cjs': created,
    'src/money.js': MONEY,
    'src/cart.js': CART,
  });
});
