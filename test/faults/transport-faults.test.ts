/**
 * Transport faults through the CLI (--timeout, --max-retries, ANTHROPIC_BASE_URL) and the REAL
 * SDK over HTTP: bounded retries that honour retry-after, billed calls counted once, cancellable waits, and
 * a message a user understands with a non-zero exit and no file written even with --apply.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/cli/exitCodes';
import {
  errorReply,
  type MockAnthropic,
  overloadedReply,
  rateLimitReply,
  serverErrorReply,
  toolUseReply,
  type MockReply,
  type MockReplyFn,
} from '../mock-anthropic/server';
import { cli } from '../support/cli';
import { isPlan, isWorker, workerFile } from '../support/mockRequests';
import { writeTree } from '../support/tempTree';
import {
  envFor,
  KEY,
  mockPerFile,
  MODELS,
  outcomeOf,
  planOf,
  read,
  snapshot,
  TRIO,
  TRIO_AFTER,
  TRIO_EDITS,
  TRIO_FILES,
  TRIO_INSTRUCTION,
  waitFor,
  type JsonReport,
  PINNED,
} from './helpers';

const REVOKED = 'sk-ant-api03-REVOKED-0f9e8d7c6b5a4f3e2d1c';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m), { start: { rejectedKeys: [REVOKED] } });

const good: MockReplyFn = (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req);
const PLAN = toolUseReply(planOf(TRIO_FILES));
/** Keeps backoff out of the test's time without hiding it: the server asks for a 20 ms wait. */
const fast = (reply: MockReply): MockReply => ({
  ...reply,
  headers: { ...reply.headers, 'retry-after-ms': '20' },
});

interface PlanStageFault {
  name: string;
  reply: MockReply;
  flags: string[];
  requests: number;
  message: RegExp;
}

const PLAN_STAGE_FAULTS: PlanStageFault[] = [
  {
    name: '429 rate limited, retry-after honoured, retries used up',
    reply: rateLimitReply(0.05),
    flags: ['--max-retries', '2'],
    requests: 3,
    message:
      /error: rate limited \(429\) after 2 retries: wait a minute or lower orchestra\.maxConcurrency\./,
  },
  {
    name: '529 overloaded',
    reply: fast(overloadedReply()),
    flags: ['--max-retries', '2'],
    requests: 3,
    message: /error: the API is overloaded \(529\) after 2 retries: try again in a few minutes\./,
  },
  {
    name: '500 internal server error',
    reply: fast(serverErrorReply()),
    flags: ['--max-retries', '1'],
    requests: 2,
    message:
      /error: the API returned an error \(500\) after 1 retry: Internal server error\. Try again later\./,
  },
  {
    name: 'connection reset',
    reply: { resetConnection: true },
    flags: ['--max-retries', '1'],
    requests: 2,
    message:
      /error: network error: could not reach the API after 1 retry \(.*\): check your network or proxy\./,
  },
  {
    name: 'a reply that hangs past the timeout',
    reply: { hang: true },
    flags: ['--max-retries', '1', '--timeout', '0.3'],
    requests: 2,
    message: /error: request timed out after 0\.3 s \(1 retry\): raise orchestra\.timeoutMs or try again\./,
  },
  {
    name: 'a stream cut midway',
    reply: { ...planReplyBody(), cutStreamAfterEvents: 4 },
    flags: ['--max-retries', '1'],
    requests: 2,
    message:
      /error: network error: the connection was cut mid-response after 1 retry .*check your network or proxy/,
  },
  {
    name: 'a stream that stalls midway (past the timeout)',
    reply: { ...planReplyBody(), hangAfterEvents: 3 },
    flags: ['--max-retries', '0', '--timeout', '0.3'],
    requests: 1,
    message: /error: request timed out after 0\.3 s \(0 retries\)/,
  },
  {
    name: 'a malformed 200 body (a proxy page)',
    reply: { body: '<html><body>502 Bad Gateway</body></html>' },
    flags: ['--max-retries', '2'],
    requests: 1,
    message:
      /error: the API returned a malformed response \(.*\): try again; if it persists, check any proxy in between\./,
  },
  {
    name: 'a 400 invalid request (not retryable)',
    reply: errorReply(400, 'invalid_request_error', 'max_tokens: must be at most 8192'),
    flags: ['--max-retries', '2'],
    requests: 1,
    message: /error: the API rejected the request \(400\): max_tokens: must be at most 8192/,
  },
];

/** A complete plan reply body for the raw (cut/stalled stream) faults. */
function planReplyBody(): MockReply {
  return {
    body: {
      id: 'msg_cut',
      type: 'message',
      role: 'assistant',
      model: MODELS.orchestrator,
      content: [{ type: 'tool_use', id: 'toolu_cut', name: 'submit_plan', input: planOf(TRIO_FILES) }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 50 },
    },
  };
}

for (const fault of PLAN_STAGE_FAULTS) {
  test(`transport: ${fault.name} → bounded retries, a clear message, exit 6, nothing written (--apply)`, async () => {
    const dir = writeTree(TRIO);
    const before = snapshot(dir);
    mock.on(isPlan, fault.reply);
    const started = Date.now();
    const run = await cli(
      ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', ...fault.flags],
      envFor(mock),
      PINNED,
    );
    assert.equal(run.code, ExitCode.apiError, run.stderr);
    assert.match(run.stderr, fault.message);
    assert.equal(mock.requests.length, fault.requests, 'retries are bounded by --max-retries');
    assert.deepEqual(snapshot(dir), before);
    assert.ok(Date.now() - started < 5_000, 'no retry loop hides behind the fault');
  });
}

test('401 (rejected key): no retry, "authentication failed: check your API key", exit 6, nothing written', async () => {
  const dir = writeTree(TRIO);
  const before = snapshot(dir);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'],
    envFor(mock, REVOKED),
    PINNED,
  );
  assert.equal(run.code, ExitCode.apiError);
  assert.match(run.stderr, /error: authentication failed: check your API key \(401: invalid x-api-key\)\./);
  assert.equal(mock.requests.length, 1);
  assert.deepEqual(snapshot(dir), before);
});

test('no API key: a clear message before any request, exit 6', async () => {
  const dir = writeTree(TRIO);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'],
    { ANTHROPIC_BASE_URL: mock.url },
    PINNED,
  );
  assert.equal(run.code, ExitCode.apiError);
  assert.match(run.stderr, /error: No API key: set ANTHROPIC_API_KEY/);
  assert.equal(mock.requests.length, 0);
});

test('429 retry-after is honoured (the retry waits at least that long) and the run completes', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, PLAN);
  mock.on(isWorker('src/b.ts'), rateLimitReply(0.4), { times: 1 });
  mock.on(isWorker(), good);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--json'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const [first, second] = mock.requests.filter(isWorker('src/b.ts'));
  assert.ok(
    second!.receivedAtMs - first!.receivedAtMs >= 400,
    `${second!.receivedAtMs - first!.receivedAtMs} ms`,
  );
  assert.match(
    run.stderr,
    /worker call \(src\/b\.ts\) to claude-haiku-4-5: rate-limited \(429\): .*; retry 1\/2 in 0\.40 s \(retry-after\)/,
  );
  for (const f of TRIO_FILES) assert.equal(read(dir, f), TRIO_AFTER[f]);
});

test('retried calls are billed exactly once each: 500, reset, 429 and a cut stream on workers, then success', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(TRIO_FILES), { usage: { input_tokens: 1000, output_tokens: 100 } }));
  mock.on(isWorker('src/a.ts'), fast(serverErrorReply()), { times: 1 });
  mock.on(isWorker('src/b.ts'), { resetConnection: true }, { times: 1 });
  mock.on(isWorker('src/c.ts'), rateLimitReply(0.02), { times: 1 });
  mock.on(
    isWorker('src/c.ts'),
    async (req) =>
      ({ ...(await toolUseReply(TRIO_EDITS['src/c.ts']!)(req)), cutStreamAfterEvents: 5 }) as MockReply,
    {
      times: 1,
    },
  );
  mock.on(isWorker(), (req) =>
    toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!, { usage: { input_tokens: 500, output_tokens: 50 } })(
      req,
    ),
  );
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--json', '--max-retries', '2'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.length, 1 + 3 + 4, 'plan + 3 workers + 4 failed attempts');
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(report.usage.calls, 4);
  // Sonnet plan 1000×$3 + 100×$15, three Haiku workers 500×$1 + 50×$5 (per million tokens).
  assert.equal(report.usage.costUsd, 0.0045 + 3 * 0.00075);
  for (const f of TRIO_FILES) assert.equal(outcomeOf(report, f).costUsd, 0.00075, f);
  for (const f of TRIO_FILES)
    assert.equal(outcomeOf(report, f).attempts, 1, 'transport retries are not model attempts');
});

test('workers failing on transport: each subtask names the API failure, the run exits 6 and writes nothing', async () => {
  const dir = writeTree(TRIO);
  const before = snapshot(dir);
  mock.on(isPlan, PLAN);
  mock.on(isWorker(), fast(overloadedReply()));
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--json', '--max-retries', '1'],
    envFor(mock),
    PINNED,
  );
  const report = JSON.parse(run.stdout) as JsonReport;
  for (const f of TRIO_FILES) {
    assert.equal(outcomeOf(report, f).status, 'failed');
    assert.match(
      outcomeOf(report, f).reason ?? '',
      /^the API is overloaded \(529\) after 1 retry: try again in a few minutes\./,
    );
    assert.match(
      run.stderr,
      new RegExp(`failed: ${f.replace('.', '\\.')}: the API is overloaded \\(529\\) after 1 retry`),
    );
  }
  assert.equal(mock.requests.filter(isWorker()).length, 6);
  assert.equal(run.code, ExitCode.apiError);
  assert.deepEqual(snapshot(dir), before);
});

test('cancel while waiting on a long retry-after: returns at once, exit 130, no further request, nothing written', async () => {
  const dir = writeTree(TRIO);
  const before = snapshot(dir);
  const controller = new AbortController();
  mock.on(isPlan, () => {
    setTimeout(() => controller.abort(), 100);
    return rateLimitReply(30);
  });
  const started = Date.now();
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), {
    ...PINNED,
    signal: controller.signal,
  });
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  assert.match(run.stderr, /error: The run was cancelled\./);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mock.requests.length, 1);
  assert.deepEqual(snapshot(dir), before);
});

test('cancel during a hanging request: the in-flight request is aborted (the mock sees it close)', async () => {
  const dir = writeTree(TRIO);
  const controller = new AbortController();
  mock.on(isPlan, { hang: true });
  const running = cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--timeout', '60'], envFor(mock), {
    ...PINNED,
    signal: controller.signal,
  });
  await waitFor(() => mock.inFlight === 1, 5_000, 'the plan request');
  controller.abort();
  const run = await running;
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  await waitFor(() => mock.inFlight === 0, 1_000, 'the socket to close');
  assert.equal(mock.requests.length, 1);
  assert.ok(!run.stderr.includes(KEY));
});
