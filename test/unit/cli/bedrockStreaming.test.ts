/**
 * `--provider bedrock` streamed, end to end: the real Bedrock SDK over real HTTP to the mock's
 * `invoke-with-response-stream`, which answers with AWS event-stream frames. A whole run (texts, routes, usage from
 * the stream's events), a cancel mid-stream, a stream truncated before `message_stop`, an exception frame, and
 * an AWS error type on the plan call — each with its exit code and what the mock saw.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  MockAnthropic,
  bedrockErrorReply,
  toolUseReply,
  type MockReply,
  type MockReplyFn,
} from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { DEFAULT_MODELS } from '../../../src/core/config';
import { cli } from '../../support/cli';
import { FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const UNCHANGED = Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]]));
const AWS_SECRET = 'mock/aws+streaming-secret-never-printed-89';
const INSTRUCTION = 'make `fetchJson` take an options object';
const ORCHESTRATOR = DEFAULT_MODELS.bedrock.orchestrator;
const WORKER = DEFAULT_MODELS.bedrock.worker;
const stream = (model: string): string => `/model/${model}/invoke-with-response-stream`;

const AFTER: Record<string, string> = {
  'src/http.ts': `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}
`,
  'src/users.ts': `import { fetchJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return fetchJson(\`/users/\${id}\`, { method: 'GET' });
}
`,
  'src/orders.ts': `import { fetchJson } from './http';

export function createOrder(): Promise<unknown> {
  return fetchJson('/orders', { method: 'POST' });
}
`,
};

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

function env(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAMOCKSTREAMING001',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_REGION: 'us-east-1',
    ANTHROPIC_BEDROCK_BASE_URL: mock.url,
  };
}

function refactor(dir: string, ...flags: string[]): string[] {
  return ['refactor', INSTRUCTION, '--cwd', dir, '--provider', 'bedrock', ...flags];
}

const PLAN = toolUseReply(FETCH_PLAN, { usage: { input_tokens: 2000, output_tokens: 300 } });
const edits: MockReplyFn = (req) =>
  toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, {
    usage: { input_tokens: 800, output_tokens: 120, cache_read_input_tokens: 400 },
  })(req);
/** `reply` with a fault added (a stream ended early, an exception frame, a stall). */
const faulty =
  (reply: MockReplyFn, fault: Partial<MockReply>): MockReplyFn =>
  async (req) => ({ ...(await reply(req)), ...fault });

interface JsonReport {
  usage: {
    calls: number;
    usage: Record<string, number>;
    byProvider?: Record<string, { calls: number }>;
  };
  verdict: { kind: string };
}

test('a whole run on Bedrock, streamed: every call on invoke-with-response-stream, exact texts, usage from the stream', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, PLAN);
  mock.on(isWorker(), edits);
  const run = await cli(refactor(dir, '--apply', '--json'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), AFTER);
  assert.deepEqual(
    mock.requests.map((r) => r.path),
    [stream(ORCHESTRATOR), stream(WORKER), stream(WORKER), stream(WORKER)],
  );
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(report.verdict.kind, 'done');
  assert.equal(report.usage.calls, 4);
  assert.deepEqual(report.usage.usage, {
    inputTokens: 2000 + 3 * 800,
    outputTokens: 300 + 3 * 120,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 3 * 400,
  });
  assert.equal(report.usage.byProvider?.['bedrock']?.calls, 4);
  assert.match(
    run.stderr,
    /4 calls, 4400 input \+ 1200 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.015 /,
  );
  assert.ok(!run.stderr.includes(AWS_SECRET) && !run.stdout.includes(AWS_SECRET));
});

test('cancel mid-stream on Bedrock: exit 130, the stream is closed, no retry, the spend so far, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const controller = new AbortController();
  mock.on(isPlan, PLAN);
  mock.on(isWorker('src/users.ts'), faulty(edits, { hangAfterEvents: 4 }));
  mock.on(isWorker(), edits);
  const running = cli(refactor(dir, '--apply', '--timeout', '60'), env(), { signal: controller.signal });
  await waitFor(() => mock.requests.length === 4 && mock.inFlight === 1, 'the stalled worker stream');
  await new Promise((r) => setTimeout(r, 150)); // its first frames are on their way by now
  controller.abort();
  const run = await running;
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  assert.match(run.stderr, /\n {2}src\/users\.ts: cancelled \(The run was cancelled\.\)\n/);
  // The plan and the two finished workers were billed ($0.0105 + 2 × $0.00144), from their streams' usage.
  assert.match(
    run.stderr,
    /error: The run was cancelled; nothing was written\. Spent so far: 3 calls, 3600 input \+ 800 cache-read \+ 0 cache-write \+ 540 output tokens, \$0\.013\.\n$/,
  );
  await waitFor(() => mock.inFlight === 0, 'the stream to close');
  assert.equal(mock.requests.filter(isWorker('src/users.ts')).length, 1);
  assert.deepEqual(readTree(dir, FILES), UNCHANGED);
});

test('a worker stream truncated before message_stop is retried once and the run completes; the cut attempt is not billed', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, PLAN);
  mock.on(isWorker('src/orders.ts'), faulty(edits, { endStreamAfterEvents: 6 }), { times: 1 });
  mock.on(isWorker(), edits);
  const run = await cli(refactor(dir, '--apply', '--json'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), AFTER);
  assert.equal(mock.requests.filter(isWorker('src/orders.ts')).length, 2);
  assert.equal((JSON.parse(run.stdout) as JsonReport).usage.calls, 4);
  assert.match(
    run.stderr,
    /worker call \(src\/orders\.ts\) to anthropic\.claude-haiku-4-5-20251001-v1:0: network: the stream ended before message_stop; retry 1\/2/,
  );
});

interface PlanFault {
  name: string;
  reply: MockReplyFn;
  requests: number;
  message: RegExp;
}

const PLAN_FAULTS: PlanFault[] = [
  {
    name: 'a plan stream truncated before message_stop, every time',
    reply: faulty(PLAN, { endStreamAfterEvents: 4 }),
    requests: 2,
    message:
      /error: network error: the connection was cut mid-response after 1 retry \(the stream ended before message_stop\): check your network or proxy and try again\./,
  },
  {
    name: 'a throttlingException frame mid-stream',
    reply: faulty(PLAN, {
      streamException: { afterEvents: 3, type: 'throttlingException', message: 'Too many tokens.' },
    }),
    requests: 2,
    message:
      /error: rate limited by Amazon Bedrock \(ThrottlingException mid-stream: Too many tokens\.\) after 1 retry: wait a minute or lower orchestra\.maxConcurrency\. \[request-id req_mock_\d+\]/,
  },
  {
    name: 'a 403 AccessDeniedException',
    reply: () => bedrockErrorReply(403, 'AccessDeniedException', "You don't have access to the model."),
    requests: 1,
    message: new RegExp(
      `error: authentication failed: Amazon Bedrock denied access to ${ORCHESTRATOR.replace(/[.:]/g, '\\$&')} \\(403 AccessDeniedException: You don't have access to the model\\.\\): request access to the model in the Bedrock console`,
    ),
  },
];

for (const fault of PLAN_FAULTS) {
  test(`Bedrock plan call: ${fault.name} → exit 6, ${fault.requests} request(s), nothing written`, async () => {
    const dir = writeTree(FETCH_PROJECT);
    mock.on(isPlan, fault.reply);
    const run = await cli(refactor(dir, '--apply', '--max-retries', '1'), env());
    assert.equal(run.code, ExitCode.apiError, run.stderr);
    assert.match(run.stderr, fault.message);
    assert.equal(mock.requests.length, fault.requests);
    assert.ok(mock.requests.every((r) => r.path === stream(ORCHESTRATOR)));
    assert.deepEqual(readTree(dir, FILES), UNCHANGED);
  });
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
