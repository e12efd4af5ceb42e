/**
 * What the check covers: importers outside tsconfig's `include` (a package's `test/`), checked like the rest
 * and against a baseline computed the same way; and only the files that can see a change, in programs that
 * hold them and what they import, never the whole workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChanges } from '../../../../src/core/merge/typecheck';
import { makeWorkspace } from '../../../support/workspace';

const TEST_RUNNER_HINT =
  'Do you need to install type definitions for a test runner? Try `npm i --save-dev @types/jest` or ' +
  "`npm i --save-dev @types/mocha` and then add 'jest' or 'mocha' to the types field in your tsconfig.";

// tsconfig includes only `source/`; the tests are outside it, with no @types for their globals.
const PACKAGE = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      lib: ['ES2022'],
      types: [],
      module: 'ESNext',
      moduleResolution: 'Bundler',
    },
    include: ['source'],
  }),
  'source/greet.ts': 'export function greet(name: string): string {\n  return `hi ${name}`;\n}\n',
  'source/app.ts': "import { greet } from './greet';\n\nexport const hello = greet('app');\n",
  'test/greet.test.ts':
    "import { greet } from '../source/greet';\n\ndescribe('greet', () => {\n  it('greets', () => {\n    expect(greet('a')).toBe('hi a');\n  });\n});\n",
  'test/other.test.ts': "import { hello } from '../source/app';\n\nexport const h: string = hello;\n",
};

const GREET_OPTIONS =
  'export function greet(options: { name: string }): string {\n  return `hi ${options.name}`;\n}\n';
const APP_OPTIONS = "import { greet } from './greet';\n\nexport const hello = greet({ name: 'app' });\n";

const GLOBALS = [
  {
    file: 'test/greet.test.ts',
    line: 3,
    code: 2593,
    message: `Cannot find name 'describe'. ${TEST_RUNNER_HINT}`,
  },
  { file: 'test/greet.test.ts', line: 4, code: 2593, message: `Cannot find name 'it'. ${TEST_RUNNER_HINT}` },
  { file: 'test/greet.test.ts', line: 5, code: 2304, message: "Cannot find name 'expect'." },
];

test('a signature change: a caller under test/ outside include that keeps the old call is a new error', async () => {
  const ws = await makeWorkspace(PACKAGE);
  const r = checkChanges(ws, [
    { file: 'source/greet.ts', after: GREET_OPTIONS },
    { file: 'source/app.ts', after: APP_OPTIONS },
  ]);
  const oldCall = {
    file: 'test/greet.test.ts',
    line: 5,
    code: 2345,
    message: "Argument of type 'string' is not assignable to parameter of type '{ name: string; }'.",
  };
  assert.deepEqual(r.introduced, [oldCall]);
  assert.deepEqual(r.before, GLOBALS);
  assert.deepEqual(r.after, [...GLOBALS, oldCall]);
  assert.deepEqual(r.environmental, GLOBALS);
  // other.test.ts uses `hello`, whose statement the change rewrote: it is checked too (and still fine).
  assert.deepEqual(r.checked, [
    'source/app.ts',
    'source/greet.ts',
    'test/greet.test.ts',
    'test/other.test.ts',
  ]);
  assert.deepEqual(ws.getProject().getSourceFiles(), [], 'the check leaves the workspace project empty');
});

test('a test file outside include without types for its globals: checked, and nothing new in it', async () => {
  const ws = await makeWorkspace(PACKAGE);
  const r = checkChanges(ws, [
    {
      file: 'source/greet.ts',
      after:
        "export function greet(name: string, greeting = 'hi'): string {\n  return `${greeting} ${name}`;\n}\n",
    },
  ]);
  assert.deepEqual(r.checked, ['source/app.ts', 'source/greet.ts', 'test/greet.test.ts']);
  assert.deepEqual(r.before, GLOBALS);
  assert.deepEqual(r.after, GLOBALS);
  assert.deepEqual(r.introduced, []);
  assert.deepEqual(r.environmental, GLOBALS);
  assert.equal(
    r.environmentSummary,
    'not checked: test globals have no type definitions: describe, expect, it',
  );
});

// core.ts is imported by every other file; a change to `format` can only break the files that name it.
const CENTRAL = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, lib: ['ES2022'], types: [] },
    include: ['src'],
  }),
  'src/core.ts':
    "import { pad } from './pad';\n\nexport function format(n: number): string {\n  return pad(String(n));\n}\n\nexport const VERSION = 1;\n",
  'src/pad.ts': "export const pad = (s: string): string => s.padStart(4, ' ');\n",
  'src/price.ts':
    "import { format } from './core';\nimport { currency } from './currency';\n\nexport const price = (n: number): string => currency + format(n);\n",
  'src/currency.ts': "export const currency = '$';\n",
  'src/version.ts': "import { VERSION } from './core';\n\nexport const v = VERSION + 1;\n",
  'src/all.ts': "export * from './core';\n",
  'src/label.ts': "import * as core from './core';\n\nexport const label = core.format(2);\n",
  'src/unrelated.ts': "import { v } from './version';\n\nexport const u = v;\n",
};

test("the check's programs hold the changed file, the importers that name what changed, and what they import", async () => {
  const ws = await makeWorkspace(CENTRAL);
  const r = checkChanges(ws, [
    {
      file: 'src/core.ts',
      after:
        "import { pad } from './pad';\n\nexport function format(n: number, digits = 0): string {\n  return pad(n.toFixed(digits));\n}\n\nexport const VERSION = 1;\n",
    },
  ]);
  assert.deepEqual(r.checked, ['src/all.ts', 'src/core.ts', 'src/label.ts', 'src/price.ts']);
  // version.ts imports core.ts but only VERSION, which did not change; unrelated.ts imports neither.
  assert.deepEqual(r.loaded, [
    'src/all.ts',
    'src/core.ts',
    'src/currency.ts',
    'src/label.ts',
    'src/pad.ts',
    'src/price.ts',
  ]);
  assert.deepEqual(r.introduced, []);
});

test('a changed statement that is no declaration (a side effect) reaches every importer', async () => {
  const ws = await makeWorkspace(CENTRAL);
  const text = ws.readText('src/core.ts') ?? '';
  const r = checkChanges(ws, [{ file: 'src/core.ts', after: `${text}\nconsole.log(VERSION);\n` }]);
  assert.deepEqual(r.checked, [
    'src/all.ts',
    'src/core.ts',
    'src/label.ts',
    'src/price.ts',
    'src/version.ts',
  ]);
  assert.ok(!r.loaded.includes('src/unrelated.ts'));
});
