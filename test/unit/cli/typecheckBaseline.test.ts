/**
 * The type-check baseline on a fresh clone (no node_modules, no @types): a created file's environmental
 * errors are the environment's, not the refactoring's — no repair call, listed apart in --json. A genuinely
 * new error in a created file still goes to repair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { WorkspaceFacts } from '../../../src/core/facts/types';
import { formatRunReport } from '../../../src/core/report';
import type { RefactorResult } from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { isPlan, isRepair, isWorker } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const suite = cliMock();

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
  },
  include: ['src', 'test'],
});

const PROJECT: Record<string, string> = {
  'tsconfig.json': TSCONFIG,
  'src/sum.ts': `export function sum(a: number, b: number): number {
  return a + b;
}
`,
  'src/schema.ts': `import { z } from 'zod';

export const Id = z.string();
`,
  'test/sum.test.ts': `import { sum } from '../src/sum';

describe('sum', () => {
  it('adds', () => {
    expect(sum(1, 2)).toBe(3);
  });
});
`,
};

const TEST_RUNNER_HINT =
  'Do you need to install type definitions for a test runner? Try `npm i --save-dev @types/jest` or ' +
  "`npm i --save-dev @types/mocha` and then add 'jest' or 'mocha' to the types field in your tsconfig.";

type JsonResult = Omit<RefactorResult, 'facts'>;

/** `--json` leaves facts out; the report does not read them. */
const NO_FACTS: WorkspaceFacts = {
  root: '',
  source: 'tsconfig.json',
  fileCount: 0,
  seeds: [],
  symbols: [],
  candidates: [],
  importEdges: [],
  skipped: [],
  timings: {},
};

/** Plans one `create` subtask for `file` and lets its worker answer with `content`. */
function scriptCreate(file: string, content: string): void {
  suite.mock.on(
    isPlan,
    toolUseReply({
      summary: `Create ${file}.`,
      subtasks: [{ file, handler: 'create', instructions: `Write ${file}.`, priority: 10 }],
    }),
  );
  suite.mock.on(isWorker(file), toolUseReply({ file, content }));
}

async function refactor(
  dir: string,
): Promise<{ code: number; stderr: string; diagnostics: JsonResult['diagnostics']; report: string }> {
  const run = await cli(['refactor', 'add the file', '--cwd', dir, '--json', '--apply'], suite.env);
  const json = JSON.parse(run.stdout) as JsonResult;
  const report = formatRunReport({ ...json, facts: NO_FACTS });
  return { code: run.code, stderr: run.stderr, diagnostics: json.diagnostics, report };
}

const DOUBLE_TEST = `import { sum } from '../src/sum';

describe('double', () => {
  it('is sum with itself', () => {
    expect(sum(2, 2)).toBe(4);
  });
});
`;

test('a created test file whose siblings lack test-runner types too: 0 new errors, no repair', async () => {
  const dir = writeTree(PROJECT);
  scriptCreate('test/double.test.ts', DOUBLE_TEST);
  const run = await refactor(dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const globals = [
    {
      file: 'test/double.test.ts',
      line: 3,
      code: 2593,
      message: `Cannot find name 'describe'. ${TEST_RUNNER_HINT}`,
    },
    {
      file: 'test/double.test.ts',
      line: 4,
      code: 2593,
      message: `Cannot find name 'it'. ${TEST_RUNNER_HINT}`,
    },
    { file: 'test/double.test.ts', line: 5, code: 2304, message: "Cannot find name 'expect'." },
  ];
  assert.deepEqual(run.diagnostics, {
    before: [],
    after: globals,
    introduced: [],
    environmental: globals,
    environmentSummary: 'not checked: test globals have no type definitions: describe, expect, it',
  });
  assert.equal(suite.mock.requests.filter(isRepair()).length, 0);
  assert.equal(suite.mock.requests.length, 2, 'one plan, one worker');
  assert.doesNotMatch(run.stderr, /new type error|Repairing/);
  assert.deepEqual(readTree(dir, ['test/double.test.ts']), { 'test/double.test.ts': DOUBLE_TEST });
});

const EMAIL = `import { z } from 'zod';

export const Email = z.string().email();
`;

test('a created file importing a package the workspace imports but has not installed: 0 new errors', async () => {
  const dir = writeTree(PROJECT);
  scriptCreate('src/email.ts', EMAIL);
  const run = await refactor(dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const zod = {
    file: 'src/email.ts',
    line: 1,
    code: 2307,
    message: "Cannot find module 'zod' or its corresponding type declarations.",
  };
  assert.deepEqual(run.diagnostics, {
    before: [],
    after: [zod],
    introduced: [],
    environmental: [zod],
    environmentSummary: 'not checked: 1 package is not installed: zod',
  });
  assert.equal(suite.mock.requests.filter(isRepair()).length, 0);
  assert.equal(suite.mock.requests.length, 2);
  assert.deepEqual(readTree(dir, ['src/email.ts']), { 'src/email.ts': EMAIL });
  assert.deepEqual(run.report.split('\n').slice(-3), [
    '**Diagnostics:** 0 before, 1 after, 0 introduced',
    '',
    '**Environment:** not checked: 1 package is not installed: zod (1 error not counted as new)',
  ]);
});

test('a wrong type in a created file is still new and goes to repair', async () => {
  const dir = writeTree(PROJECT);
  const file = 'src/total.ts';
  scriptCreate(file, "import { sum } from './sum';\n\nexport const total: string = sum(1, 2);\n");
  suite.mock.on(
    isRepair(file),
    toolUseReply({
      file,
      edits: [{ search: 'export const total: string', replace: 'export const total: number' }],
    }),
  );
  const run = await refactor(dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const repairs = suite.mock.requests.filter(isRepair(file));
  assert.equal(repairs.length, 1);
  assert.match(
    repairs[0]!.userText,
    /^- line 3: TS2322 Type 'number' is not assignable to type 'string'\.$/m,
  );
  assert.match(run.stderr, /Repairing 1 new type errors/);
  assert.deepEqual(run.diagnostics, {
    before: [],
    after: [],
    introduced: [],
    environmental: [],
    environmentSummary: '',
  });
  assert.deepEqual(readTree(dir, [file]), {
    [file]: "import { sum } from './sum';\n\nexport const total: number = sum(1, 2);\n",
  });
});
