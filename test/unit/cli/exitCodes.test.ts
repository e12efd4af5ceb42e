/**
 * Every exit code in README's table, produced by a real run of the CLI (in-process, the real SDK over HTTP
 * against the loopback mock). The last test checks that the table and this file list the same codes.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorReply, MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli, type CliRun } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';
import { REPO_ROOT } from '../../support/paths';

let mock: MockAnthropic;
let env: Record<string, string>;
const produced = new Set<number>();
const FILES = Object.keys(FETCH_AFTER);
const INSTRUCTION = 'make `fetchJson` take an options object';

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

function expectCode(run: CliRun, code: number): void {
  assert.equal(run.code, code, run.stderr);
  produced.add(run.code);
}

function unchanged(dir: string): void {
  assert.deepEqual(readTree(dir, FILES), Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]])));
}

function scriptWorkers(): void {
  mock.on(isWorker(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
}

test('0 done: every subtask did what the plan said, no new type error', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  scriptWorkers();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.done);
  assert.match(run.stderr, /^» Done: 3 file\(s\) changed, /m);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
});

test('2 bad input: a bad flag, before any request', async () => {
  const run = await cli(['refactor', INSTRUCTION, '--max-workers', 'many'], env);
  expectCode(run, ExitCode.badInput);
  assert.match(run.stderr, /^error: Invalid option --max-workers: "many" is not a number/m);
  assert.equal(mock.requests.length, 0);
});

test('2 bad input: a rename refused because the new name is taken; nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename fetchJson to loadUser.',
      subtasks: [
        {
          file: 'src/http.ts',
          handler: 'rename',
          instructions: 'rename',
          priority: 10,
          rename: { from: 'fetchJson', to: 'loadUser' },
        },
      ],
    }),
  );
  const run = await cli(['refactor', 'rename `fetchJson` to `loadUser`', '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.badInput);
  assert.match(
    run.stderr,
    /^failed: src\/http\.ts: rename fetchJson → loadUser: `loadUser` is already declared in scope in users\.ts/m,
  );
  assert.match(run.stderr, /^» Not done: src\/http\.ts rename refused: /m);
  unchanged(dir);
});

test('2 bad input: every subtask rejected because the instruction names a path outside the workspace', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Edit the shared file.',
      subtasks: [{ file: '../shared/http.ts', handler: 'llm', instructions: 'Edit it.', priority: 5 }],
    }),
  );
  const run = await cli(['refactor', 'make `fetchJson` in ../shared/http.ts async', '--cwd', dir], env);
  expectCode(run, ExitCode.badInput);
  assert.match(
    run.stderr,
    /^error: The instruction names files outside the workspace \(\.\.\/shared\/http\.ts\); Orchestra only changes files under .*\. Nothing was run\. Spent so far: 2 calls/m,
  );
  assert.equal(mock.requests.filter(isWorker()).length, 0);
});

test('3 nothing to change: the plan has no subtasks', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply({ summary: 'Already done: fetchJson takes options.', subtasks: [] }));
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.nothingToChange);
  assert.match(run.stderr, /^Nothing to change\. 1 calls, /m);
  unchanged(dir);
});

test('4 budget exceeded: the plan call alone could cost more than the budget', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--budget', '0.0001'], env);
  expectCode(run, ExitCode.budgetExceeded);
  assert.match(run.stderr, /^error: budget exhausted: the next call \(plan\) could cost up to \$/m);
  assert.equal(mock.requests.length, 0);
});

test('5 invalid model output: every planned file rejected (none exists), after the one re-ask', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Edit the client.',
      subtasks: [{ file: 'src/client.ts', handler: 'llm', instructions: 'Edit it.', priority: 5 }],
    }),
  );
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir], env);
  expectCode(run, ExitCode.invalidModelOutput);
  assert.match(
    run.stderr,
    /^error: The orchestrator's plan named no file that can be changed; every subtask was rejected \(src\/client\.ts: no such file in the workspace \(use handler "create" for new files\)\)\. Nothing was run; /m,
  );
  assert.equal(mock.requests.length, 2);
});

test('6 API error: the API rejects the request', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, errorReply(400, 'invalid_request_error', 'max_tokens: too large'));
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.apiError);
  assert.match(run.stderr, /^error: the API rejected the request \(400\): max_tokens: too large/m);
  unchanged(dir);
});

test('7 stale file: a file changed on disk after planning; nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isWorker(), (req) => {
    if (workerFile(req) === 'src/orders.ts') writeFileSync(join(dir, 'src/orders.ts'), '// edited\n');
    return toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req);
  });
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.staleOrWriteFailed);
  assert.match(run.stderr, /src\/orders\.ts/);
  assert.equal(readTree(dir, ['src/http.ts'])['src/http.ts'], FETCH_PROJECT['src/http.ts']);
});

test('8 partial: subtasks left their files unchanged (their reasons printed)', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(
    isWorker('src/http.ts'),
    toolUseReply({
      file: 'src/http.ts',
      edits: [
        {
          search: '  return { url, method };',
          replace: '  // the request, as data\n  return { url, method };',
        },
      ],
    }),
  );
  mock.on(isWorker(), (req) =>
    toolUseReply({ file: workerFile(req), edits: [], notes: 'nothing here builds the request' })(req),
  );
  const run = await cli(['refactor', 'document how `fetchJson` builds the request', '--cwd', dir], env);
  expectCode(run, ExitCode.partial);
  assert.match(run.stderr, /^unchanged: src\/orders\.ts: nothing here builds the request$/m);
  assert.match(run.stderr, /^unchanged: src\/users\.ts: nothing here builds the request$/m);
  assert.match(run.stderr, /^Dry run: nothing written \(use --apply\)\.$/m);
});

test('9 new type errors: listed, and --apply does not write them', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']!));
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  expectCode(run, ExitCode.typeErrors);
  assert.match(run.stderr, /^new type error: src\/users\.ts:4 TS2345 /m);
  unchanged(dir);
});

test('130 cancelled: the user cancels while a worker runs; nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const controller = new AbortController();
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isWorker(), () => {
    setTimeout(() => controller.abort(), 50);
    return { hang: true };
  });
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env, {
    signal: controller.signal,
  });
  expectCode(run, ExitCode.cancelled);
  assert.match(run.stderr, /^error: The run was cancelled; nothing was written\. Spent so far: /m);
  unchanged(dir);
});

test("README's exit-code table for refactor lists exactly the codes these tests produce", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  // The refactor command's table: from its header row to the first line that is not a table row.
  const start = readme.search(/^\| exit code +\| meaning/m);
  const rows = readme.slice(start).split('\n').slice(2);
  const table = rows
    .slice(
      0,
      rows.findIndex((l) => !l.startsWith('|')),
    )
    .map((l) => Number(/^\| (\d+) +\|/.exec(l)?.[1]));
  assert.deepEqual(table, [0, 2, 3, 4, 5, 6, 7, 8, 9, 130]);
  assert.deepEqual(
    [...produced].sort((a, b) => a - b),
    table,
  );
});
