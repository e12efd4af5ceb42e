/**
 * A rename-only plan is type-checked like any other: new errors give exit 9 and are not written; errors in a
 * file it changed get the repair round, through a request built for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { FETCH_PROJECT, STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isRepair } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const suite = cliMock();

const RENAME = 'rename `fetchJson` to `requestJson`';

function renamePlan(from: string, to: string): unknown {
  return {
    summary: `Rename ${from} to ${to}.`,
    subtasks: [
      { file: 'src/http.ts', handler: 'rename', instructions: 'rename', priority: 10, rename: { from, to } },
    ],
  };
}

test('a rename-only result is type-checked like any other: a new error in a file it did not change → exit 9, not written', async () => {
  const files = {
    ...FETCH_PROJECT,
    'src/legacy.ts': 'export function requestJson(): void {}\n',
    'src/index.ts': "export * from './http';\nexport * from './legacy';\n",
  };
  const dir = writeTree(files);
  suite.mock.on(isPlan, toolUseReply(renamePlan('fetchJson', 'requestJson')));
  // Without follow-ups an error in a file the run did not change is reported as it is.
  const run = await cli(['refactor', RENAME, '--cwd', dir, '--apply', '--no-follow-ups'], suite.env);
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  assert.match(
    run.stderr,
    /^new type error: src\/index\.ts:2 TS2308 Module '\.\/http' has already exported a member named 'requestJson'\./m,
  );
  assert.match(run.stderr, /1 new type error\(s\) in files the run did not change; they are not repaired/);
  assert.deepEqual(readTree(dir, Object.keys(files)), files);
  assert.equal(suite.mock.requests.length, 1, 'the plan only: nothing of ours to repair');
});

const OPTIONS_PROJECT: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/http.ts': `export interface Options {
  method: string;
}

export function fetchJson(url: string, options: Options): string {
  return \`\${options.method} \${url}\`;
}
`,
  'src/orders.ts': `import { fetchJson, type Options } from './http';

const post: Options = { method: 'POST' };
const get = { method: 'GET' };

export const created = fetchJson('/orders', post);
export const listed = fetchJson('/orders', get);
`,
};

test('a rename-only plan gets the repair round too (a request built for it), and the repaired result is done', async () => {
  const dir = writeTree(OPTIONS_PROJECT);
  suite.mock.on(isPlan, toolUseReply(renamePlan('Options.method', 'verb')));
  suite.mock.on(
    isRepair('src/orders.ts'),
    toolUseReply({
      file: 'src/orders.ts',
      edits: [{ search: "const get = { method: 'GET' };", replace: "const get = { verb: 'GET' };" }],
    }),
  );
  const run = await cli(
    ['refactor', 'rename `Options.method` to `verb`', '--cwd', dir, '--apply'],
    suite.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const repairs = suite.mock.requests.filter(isRepair());
  assert.equal(repairs.length, 1);
  assert.match(repairs[0]!.userText, /^Your file: src\/orders\.ts\n/);
  assert.match(repairs[0]!.userText, /- line 7: TS2345 Argument of type '\{ method: string; \}'/);
  assert.deepEqual(readTree(dir, ['src/http.ts', 'src/orders.ts']), {
    'src/http.ts': `export interface Options {
  verb: string;
}

export function fetchJson(url: string, options: Options): string {
  return \`\${options.verb} \${url}\`;
}
`,
    'src/orders.ts': `import { fetchJson, type Options } from './http';

const post: Options = { verb: 'POST' };
const get = { verb: 'GET' };

export const created = fetchJson('/orders', post);
export const listed = fetchJson('/orders', get);
`,
  });
});
