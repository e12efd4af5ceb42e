/**
 * The type-check finishes what the plan missed: files outside the plan with new errors the change caused get
 * follow-ups ("added by the type-check"), within the cap, in at most two rounds; an importer's error whose
 * cause is a declaration the plan left behind is repaired in the declaring file, the importers left as their
 * workers wrote them. The CLI in-process, the real SDK over HTTP against the loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { Diagnostic, RunVerdict, SubtaskOutcome, UsageSummary } from '../../../src/core/runTypes';
import { API_KEY, cli } from '../../support/cli';
import {
  FETCH_AFTER,
  FETCH_EDITS,
  FETCH_PROJECT,
  FETCH_RENAME,
  FETCH_RENAMED,
  FETCH_SIGNATURE,
} from '../../support/fetchProject';
import { scriptRenameRepair, scriptSignatureOnly } from '../../support/fetchScripts';
import { isEditCall, isFollowUp, isRepair, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

interface Report {
  outcomes: SubtaskOutcome[];
  verdict: RunVerdict;
  diagnostics: { introduced: Diagnostic[] };
  usage: UsageSummary;
  estimate: { followUpCalls?: number };
}

const outcomeRows = (r: Report): string[] =>
  r.outcomes.map((o) => `${o.file} ${o.status} ${o.origin ?? 'plan'} ${o.attempts}`);

test('a signature change whose plan omits both callers: follow-ups fix them, marked as added by the type-check', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptSignatureOnly(mock);
  mock.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
  const run = await cli(['refactor', FETCH_SIGNATURE, '--cwd', dir, '--apply', '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), FETCH_AFTER);

  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(outcomeRows(report), [
    'src/http.ts done plan 1',
    'src/orders.ts done follow-up 1',
    'src/users.ts done follow-up 1',
  ]);
  assert.deepEqual(report.diagnostics.introduced, []);
  assert.equal(report.verdict.kind, 'done');
  assert.equal(report.usage.byRole['follow-up']?.calls, 2);
  // Two files outside the plan import http.ts (and nothing imports them): two rounds over 2 files, within the
  // 7 slots maxWorkers 8 leaves.
  assert.equal(report.estimate.followUpCalls, 4);
  assert.match(
    run.stderr,
    /^not in the estimate: the type-check's follow-ups \(up to 4 calls\) and repairs \(up to 2 calls per file it finds broken\)/m,
  );
  assert.match(run.stderr, /^done: src\/orders\.ts \(added by the type-check\)$/m);
  assert.match(run.stderr, /^done: src\/users\.ts \(added by the type-check\)$/m);
  assert.match(run.stderr, /^» Follow-ups added by the type-check: src\/orders\.ts, src\/users\.ts$/m);

  // 1 plan + 1 worker + 2 follow-ups, no repair.
  assert.equal(mock.requests.length, 4);
  assert.equal(mock.requests.filter(isRepair()).length, 0);
  const followUp = mock.requests.find(isFollowUp('src/users.ts'));
  assert.ok(followUp, 'a follow-up request for src/users.ts');
  const text = followUp.userText;
  assert.match(text, /^Your file: src\/users\.ts\n/);
  assert.ok(text.includes('Keep the refactoring; fix this file to match it.'), text);
  assert.ok(
    text.includes(
      "- line 4: TS2345 Argument of type 'string' is not assignable to parameter of type '{ method: string; }'.",
    ),
    text,
  );
  // The changed declaration as it is now, and the diff of what changed in it.
  assert.ok(
    text.includes(
      '<definition path="src/http.ts" (declarations the change altered, after it)>\n' +
        FETCH_AFTER['src/http.ts']!.trimEnd() +
        '\n</definition>',
    ),
    text,
  );
  assert.ok(
    text.includes(
      '-export async function fetchJson(url: string, method: string): Promise<unknown> {\n' +
        '-  return { url, method };\n' +
        '+export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {\n' +
        '+  return { url, method: options.method };\n',
    ),
    text,
  );
  assert.ok(
    text.includes(
      `<file path="src/users.ts" (whole file, after the refactoring)>\n${FETCH_PROJECT['src/users.ts']}\n</file>`,
    ),
    text,
  );
});

test('an unrenamed declaration with broken importers: the repair goes to the declaring file, the importers stay as written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptRenameRepair(mock);
  const run = await cli(['refactor', FETCH_RENAME, '--cwd', dir, '--apply', '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const repairs = mock.requests.filter(isRepair());
  assert.deepEqual(
    repairs.map((r) => workerFile(r)),
    ['src/http.ts'],
  );
  const text = repairs[0]!.userText;
  assert.match(text, /^Your file: src\/http\.ts\n/);
  assert.ok(
    text.includes(
      'Cause: src/orders.ts, src/users.ts now import `requestJson` from this file, which does not declare it.',
    ),
    text,
  );
  assert.ok(text.includes('Keep the refactoring; fix this file to match it.'), text);
  for (const importer of ['src/orders.ts', 'src/users.ts']) {
    assert.ok(
      text.includes(`- ${importer} line 1: TS2305 Module '"./http"' has no exported member 'requestJson'.`),
      text,
    );
    // The diff of the importer the error points from.
    assert.ok(text.includes(`<definition path="${importer}" (diff of the change)>`), text);
    assert.ok(
      text.includes("-import { fetchJson } from './http';\n+import { requestJson } from './http';"),
      text,
    );
  }
  assert.ok(
    text.includes(
      `<file path="src/http.ts" (whole file, after the refactoring)>\n${FETCH_PROJECT['src/http.ts']}\n</file>`,
    ),
    text,
  );
  assert.deepEqual(readTree(dir, ['src/http.ts', 'src/users.ts', 'src/orders.ts']), FETCH_RENAMED);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.diagnostics.introduced, []);
  // Only workers and the one repair: no call for an importer after its worker.
  assert.equal(mock.requests.filter(isEditCall).length, 2 + 1 + 1 + 1);
});

test('a follow-up whose fix still leaves errors gets a second round, then the run stops: exit 9 with the errors left', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptSignatureOnly(mock);
  mock.on(isFollowUp('src/users.ts'), toolUseReply(FETCH_EDITS['src/users.ts']));
  mock.on(
    isFollowUp('src/orders.ts'),
    toolUseReply({
      file: 'src/orders.ts',
      edits: [{ search: "fetchJson('/orders', 'POST')", replace: "fetchJson('/orders', { method: 2 })" }],
    }),
    { times: 1 },
  );
  mock.on(
    isFollowUp('src/orders.ts'),
    toolUseReply({ file: 'src/orders.ts', edits: [{ search: '{ method: 2 }', replace: '{ method: 3 }' }] }),
  );
  const run = await cli(['refactor', FETCH_SIGNATURE, '--cwd', dir, '--apply', '--json'], env);
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.equal(report.verdict.kind, 'type-errors');
  assert.deepEqual(
    report.diagnostics.introduced.map((d) => `${d.file}:${d.line} TS${d.code} ${d.message}`),
    ["src/orders.ts:4 TS2322 Type 'number' is not assignable to type 'string'."],
  );
  assert.deepEqual(outcomeRows(report), [
    'src/http.ts done plan 1',
    'src/orders.ts done follow-up 2',
    'src/users.ts done follow-up 1',
  ]);
  const orders = mock.requests.filter(isFollowUp('src/orders.ts'));
  assert.equal(orders.length, 2, 'two rounds, then stop');
  // The second round sees the first round's text and the error that is left.
  assert.ok(
    orders[1]!.userText.includes("- line 4: TS2322 Type 'number' is not assignable to type 'string'."),
  );
  assert.ok(orders[1]!.userText.includes("return fetchJson('/orders', { method: 2 });"));
  assert.equal(mock.requests.filter(isFollowUp('src/users.ts')).length, 1);
  assert.equal(mock.requests.length, 1 + 1 + 3);
  assert.match(run.stderr, /^new type error: src\/orders\.ts:4 TS2322 /m);
  assert.match(run.stderr, /^» Follow-ups added by the type-check \(second round\): src\/orders\.ts$/m);
  // Not written: the result has a new type error.
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), {
    'src/http.ts': FETCH_PROJECT['src/http.ts'],
    'src/users.ts': FETCH_PROJECT['src/users.ts'],
    'src/orders.ts': FETCH_PROJECT['src/orders.ts'],
  });
});

test('follow-ups beyond the maxWorkers cap are listed as not run, and the verdict is not done', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptSignatureOnly(mock);
  mock.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
  const run = await cli(['refactor', FETCH_SIGNATURE, '--cwd', dir, '--json', '--max-workers', '2'], env);
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  // One slot is left after the plan's one subtask: the first file by path gets it.
  assert.deepEqual(outcomeRows(report), [
    'src/http.ts done plan 1',
    'src/orders.ts done follow-up 1',
    'src/users.ts dropped-cap follow-up 0',
  ]);
  const reason =
    'not run: 1 new type error the change caused here, but the plan and earlier follow-ups use all 2 subtasks of the maxWorkers cap';
  assert.equal(report.outcomes[2]!.reason, reason);
  assert.deepEqual(
    mock.requests.filter(isFollowUp()).map((r) => workerFile(r)),
    ['src/orders.ts'],
  );
  assert.match(
    run.stderr,
    new RegExp(`^dropped-cap: src/users\\.ts \\(added by the type-check\\): ${reason}$`, 'm'),
  );
  assert.equal(
    report.verdict.message.split('. ')[0],
    `Not done: 1 new type error; src/users.ts dropped-cap (added by the type-check): ${reason}`,
  );
  assert.equal(report.estimate.followUpCalls, 2);
});

test('maxWorkers 5,000 and 3 importers: the plan estimates at most 6 follow-up calls, not 2 × the free slots', async () => {
  const dir = writeTree({
    ...FETCH_PROJECT,
    'src/carts.ts':
      "import { fetchJson } from './http';\nexport const carts = () => fetchJson('/c', 'PUT');\n",
  });
  scriptSignatureOnly(mock);
  const out = path.join(dir, '..', `plan-${path.basename(dir)}.json`);
  const run = await cli(
    ['plan', FETCH_SIGNATURE, '--cwd', dir, '--max-workers', '5000', '--out', out, '--json'],
    env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.equal(report.estimate.followUpCalls, 6);
  assert.match(
    run.stderr,
    /^not in the estimate: the type-check's follow-ups \(up to 6 calls\) and repairs/m,
  );
  assert.equal(mock.requests.filter(isWorker()).length, 0);
});

test('follow-ups run concurrently, at most maxConcurrency at once', async () => {
  for (const concurrency of [1, 2]) {
    mock.reset();
    const dir = writeTree(FETCH_PROJECT);
    scriptSignatureOnly(mock);
    mock.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, { delayMs: 300 })(req));
    const run = await cli(
      ['refactor', FETCH_SIGNATURE, '--cwd', dir, '--json', '--max-concurrency', String(concurrency)],
      env,
    );
    assert.equal(run.code, ExitCode.done, run.stderr);
    assert.equal(mock.requests.filter(isFollowUp()).length, 2);
    // The plan's one worker ran alone before; only the two follow-ups can overlap.
    assert.equal(mock.maxInFlight, concurrency, `--max-concurrency ${concurrency}`);
  }
});

test('a signature change whose plan omits two callers, one under test/ outside tsconfig include: the check finds both, follow-ups fix them', async () => {
  const project: Record<string, string> = {
    ...FETCH_PROJECT,
    // tsconfig's include holds src/ only; the test imports src/ from outside it.
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        types: [],
      },
      include: ['src'],
    }),
    'test/orders.check.ts': `import { fetchJson } from '../src/http';

export const probe = fetchJson('/probe', 'HEAD');
`,
  };
  delete project['src/orders.ts'];
  const dir = writeTree(project);
  scriptSignatureOnly(mock);
  mock.on(isFollowUp('src/users.ts'), toolUseReply(FETCH_EDITS['src/users.ts']!));
  mock.on(
    isFollowUp('test/orders.check.ts'),
    toolUseReply({
      file: 'test/orders.check.ts',
      edits: [{ search: "fetchJson('/probe', 'HEAD')", replace: "fetchJson('/probe', { method: 'HEAD' })" }],
    }),
  );
  const run = await cli(['refactor', FETCH_SIGNATURE, '--cwd', dir, '--apply', '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, ['src/http.ts', 'src/users.ts', 'test/orders.check.ts']), {
    'src/http.ts': FETCH_AFTER['src/http.ts'],
    'src/users.ts': FETCH_AFTER['src/users.ts'],
    'test/orders.check.ts': `import { fetchJson } from '../src/http';

export const probe = fetchJson('/probe', { method: 'HEAD' });
`,
  });
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(outcomeRows(report), [
    'src/http.ts done plan 1',
    'src/users.ts done follow-up 1',
    'test/orders.check.ts done follow-up 1',
  ]);
  assert.deepEqual(report.diagnostics.introduced, []);
  assert.equal(report.verdict.kind, 'done');
  assert.match(run.stderr, /^done: test\/orders\.check\.ts \(added by the type-check\)$/m);
  // 1 plan + 1 worker + 2 follow-ups, no repair.
  assert.equal(mock.requests.length, 4);
  assert.equal(mock.requests.filter(isRepair()).length, 0);
  const followUp = mock.requests.find(isFollowUp('test/orders.check.ts'));
  assert.ok(followUp, 'a follow-up request for the caller outside include');
  assert.ok(
    followUp.userText.includes(
      "- line 3: TS2345 Argument of type 'string' is not assignable to parameter of type '{ method: string; }'.",
    ),
    followUp.userText,
  );
});
