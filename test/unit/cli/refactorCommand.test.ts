import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply, rateLimitReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import {
  FETCH_AFTER,
  FETCH_EDITS,
  FETCH_PLAN,
  FETCH_PROJECT,
  FETCH_RENAMED,
} from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;
const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

/** A plan with one deterministic rename subtask, run with --apply. */
function renameFetchJson(dir: string): ReturnType<typeof cli> {
  const subtask = { file: 'src/http.ts', handler: 'rename', instructions: 'rename', priority: 10 };
  const rename = { from: 'fetchJson', to: 'requestJson' };
  mock.on(
    isPlan,
    toolUseReply({ summary: 'Rename fetchJson to requestJson.', subtasks: [{ ...subtask, rename }] }),
  );
  return cli(['refactor', 'rename `fetchJson` to `requestJson`', '--cwd', dir, '--apply'], env);
}

function scriptFetchRefactor(): void {
  mock.on(isPlan, toolUseReply(FETCH_PLAN, { usage: { input_tokens: 2000, output_tokens: 300 } }));
  mock.on(isWorker(), (req) =>
    toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, { usage: { input_tokens: 800, output_tokens: 120 } })(
      req,
    ),
  );
}

test('refactor --apply writes exactly the merged result and reports usage', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptFetchRefactor();
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--apply'],
    env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.match(run.stdout, /^--- a\/src\/http\.ts$/m);
  assert.match(run.stdout, /^\+  return fetchJson\('\/orders', \{ method: 'POST' \}\);$/m);
  // 1 plan + 3 workers, each billed once: (2000×3 + 300×15 + 3×(800×1 + 120×5)) / 1e6 = $0.0147
  assert.equal(mock.requests.length, 4);
  assert.match(
    run.stderr,
    /4 calls, 4400 input \+ 0 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.015 /,
  );
});

test('without --apply nothing is written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptFetchRefactor();
  const run = await cli(['refactor', 'make `fetchJson` take an options object', '--cwd', dir], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]])));
  assert.match(run.stderr, /nothing written/);
});

test('a rename plan runs through ts-morph with no worker call', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const run = await renameFetchJson(dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.length, 1);
  assert.deepEqual(readTree(dir, FILES), FETCH_RENAMED);
});

test('a file changed on disk after planning is refused and nothing is written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  mock.on(isWorker(), (req) => {
    // The user edits users.ts while the workers run.
    if (workerFile(req) === 'src/orders.ts')
      writeFileSync(join(dir, 'src/users.ts'), '// edited by the user\n');
    return toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req);
  });
  const run = await cli(
    [
      'refactor',
      'make `fetchJson` take an options object',
      '--cwd',
      dir,
      '--apply',
      '--max-concurrency',
      '1',
    ],
    env,
  );
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.match(run.stderr, /src\/users\.ts/);
  const files = readTree(dir, FILES);
  assert.equal(files['src/http.ts'], FETCH_PROJECT['src/http.ts']);
  assert.equal(files['src/orders.ts'], FETCH_PROJECT['src/orders.ts']);
  assert.equal(files['src/users.ts'], '// edited by the user\n');
});

test('the cap is enforced in code: 3 planned subtasks, --max-workers 2 → 2 workers, the lowest priority dropped', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptFetchRefactor();
  const plan = {
    ...FETCH_PLAN,
    subtasks: FETCH_PLAN.subtasks.map((s, i) => ({ ...s, priority: [10, 3, 8][i] })),
  };
  mock.reset();
  mock.on(isPlan, toolUseReply(plan));
  mock.on(isWorker(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--max-workers', '2', '--json'],
    env,
  );
  // The plan over the cap is re-asked once (the mock answers the same), then capped in code.
  assert.equal(mock.requests.filter(isPlan).length, 2);
  assert.equal(mock.requests.filter(isWorker()).length, 2);
  const out = JSON.parse(run.stdout) as { droppedFiles: string[]; changes: Array<{ file: string }> };
  assert.deepEqual(out.droppedFiles, ['src/users.ts']);
  assert.deepEqual(
    out.changes.map((c) => c.file),
    ['src/http.ts', 'src/orders.ts'],
  );
});

test('429 with retry-after is retried and the run completes; the retry is not billed twice', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, rateLimitReply(0.1), { times: 1 });
  scriptFetchRefactor();
  const run = await cli(['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.length, 5);
  const out = JSON.parse(run.stdout) as { usage: { calls: number } };
  assert.equal(out.usage.calls, 4);
});

test('a file with a UTF-8 BOM is not mistaken for a stale file, and keeps its BOM', async () => {
  const files = { ...FETCH_PROJECT, 'src/orders.ts': '\uFEFF' + FETCH_PROJECT['src/orders.ts'] };
  const dir = writeTree(files);
  const run = await renameFetchJson(dir);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(readTree(dir, ['src/orders.ts'])['src/orders.ts'], '\uFEFF' + FETCH_RENAMED['src/orders.ts']);
});

test('model text with terminal escape sequences is printed inert', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply({ ...FETCH_PLAN, summary: 'evil \u001b]0;pwned\u0007 \u001b[2J summary' }));
  mock.on(isWorker(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
  const run = await cli(['refactor', 'make `fetchJson` take an options object', '--cwd', dir], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.doesNotMatch(run.stderr, /\u001b/);
  assert.match(run.stderr, /Plan: evil \\u001b\]0;pwned\\u0007 \\u001b\[2J summary/);
});

test('cancelling after a billed plan attempt reports the spend so far', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const controller = new AbortController();
  // The first plan is over the cap (re-asked); the re-ask hangs and the user cancels.
  mock.on(isPlan, toolUseReply(FETCH_PLAN, { usage: { input_tokens: 1000, output_tokens: 100 } }), {
    times: 1,
  });
  mock.on(isPlan, () => {
    setTimeout(() => controller.abort(), 50);
    return { hang: true };
  });
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--max-workers', '2'],
    env,
    { signal: controller.signal },
  );
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  assert.match(run.stderr, /cancelled\. Spent so far: 1 calls, 1000 input .* \$0\.0045/);
});
