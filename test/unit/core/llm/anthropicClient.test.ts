/**
 * The Anthropic client through the REAL SDK over real HTTP to the loopback mock: wire shapes, streaming,
 * retries, fault mapping, redaction, cancellation.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_API_KEY_MESSAGE, type AnthropicClientOptions } from '../../../../src/core/llm/anthropicClient';
import { estimateRequestTokens } from '../../../../src/core/llm/budget';
import { UsageLedger } from '../../../../src/core/llm/ledger';
import { withLedger } from '../../../../src/core/llm/meteredClient';
import {
  errorReply,
  MockAnthropic,
  overloadedReply,
  rateLimitReply,
  serverErrorReply,
  textReply,
  toolUseReply,
  type MockReply,
} from '../../../mock-anthropic/server';
import { loggedAnthropicClient, rejection, workerRequest } from '../../../support/modelClientTest';

const KEY = 'sk-ant-api03-TESTKEY-abcdefghijklmnop';
const REJECTED_KEY = 'sk-ant-api03-REVOKED-qrstuvwxyz012345';
const always = (): boolean => true;

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start({ rejectedKeys: [REJECTED_KEY] });
});
after(() => mock.close());
beforeEach(() => mock.reset());

function makeClient(over: Partial<AnthropicClientOptions> = {}): ReturnType<typeof loggedAnthropicClient> {
  return loggedAnthropicClient({ apiKey: KEY, baseURL: mock.url, timeoutMs: 400, ...over });
}

test('tool_use JSON round trip: wire request shape and parsed response', async () => {
  mock.on(
    (r) => r.toolName === 'submit_edits',
    toolUseReply(
      { n: 42 },
      {
        usage: { input_tokens: 1200, output_tokens: 80, cache_creation_input_tokens: 900 },
        text: 'Here you go.',
      },
    ),
  );
  const { client } = makeClient({ stream: false });
  const response = await client.call(workerRequest());
  assert.equal(mock.requests.length, 1);
  const wire = mock.requests[0]!;
  assert.equal(wire.apiKey, KEY);
  assert.equal(wire.body.stream, undefined);
  assert.deepEqual(wire.body.system, [
    { type: 'text', text: 'shared workspace context', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'edit only your file' },
  ]);
  assert.deepEqual(wire.body.tool_choice, { type: 'tool', name: 'submit_edits' });
  assert.deepEqual(wire.body.tools, [
    {
      name: 'submit_edits',
      description: 'Submit the edits.',
      input_schema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    },
  ]);
  assert.equal(wire.body.max_tokens, 1000);
  assert.equal(wire.userText, 'rename foo in a.ts');
  assert.match(response.requestId ?? '', /^req_mock_\d+$/);
  assert.deepEqual(
    { ...response, requestId: undefined },
    {
      toolInput: { n: 42 },
      text: 'Here you go.',
      stopReason: 'tool_use',
      usage: { inputTokens: 1200, outputTokens: 80, cacheCreationInputTokens: 900, cacheReadInputTokens: 0 },
      model: 'claude-haiku-4-5',
      requestId: undefined,
    },
  );
});

test('SSE streaming round trip keeps usage, cache fields and stop_reason max_tokens', async () => {
  mock.on(
    always,
    toolUseReply(
      { n: 7, nested: { list: ['a', 'b'] } },
      {
        usage: {
          input_tokens: 10,
          output_tokens: 1000,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 5000,
        },
        stopReason: 'max_tokens',
        model: 'claude-haiku-4-5-20251001',
      },
    ),
  );
  const { client } = makeClient(); // streaming is the default
  const response = await client.call(workerRequest());
  assert.equal(mock.requests[0]!.body.stream, true);
  assert.deepEqual(response.toolInput, { n: 7, nested: { list: ['a', 'b'] } });
  assert.equal(response.stopReason, 'max_tokens');
  assert.equal(response.model, 'claude-haiku-4-5-20251001');
  assert.deepEqual(response.usage, {
    inputTokens: 10,
    outputTokens: 1000,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 5000,
  });
  assert.match(response.requestId ?? '', /^req_mock_\d+$/);
});

test('a text-only answer (refusal) comes back as text with no tool input', async () => {
  mock.on(always, textReply('I cannot help with that.', { stopReason: 'refusal' }));
  const response = await makeClient().client.call(workerRequest());
  assert.equal(response.toolInput, undefined);
  assert.equal(response.text, 'I cannot help with that.');
  assert.equal(response.stopReason, 'refusal');
});

test('429 with retry-after 0.2 s is retried after waiting at least that long', async () => {
  mock.on(always, rateLimitReply(0.2), { times: 1 });
  mock.on(always, toolUseReply({ n: 1 }));
  const { client, logs } = makeClient();
  const response = await client.call(workerRequest());
  assert.deepEqual(response.toolInput, { n: 1 });
  assert.equal(mock.requests.length, 2);
  const gap = mock.requests[1]!.receivedAtMs - mock.requests[0]!.receivedAtMs;
  assert.ok(gap >= 190 && gap < 1000, `waited ${gap} ms, expected ~200`);
  assert.deepEqual(
    logs.filter((l) => l.includes('retry')),
    [
      'warn worker call (a.ts) to claude-haiku-4-5: rate-limited (429): Number of request tokens has exceeded ' +
        'your rate limit.; retry 1/2 in 0.20 s (retry-after)',
    ],
  );
});

test('529 until retries run out → overloaded, naming the retry count', async () => {
  mock.on(always, overloadedReply());
  const error = await rejection(makeClient({ maxRetries: 2 }).client.call(workerRequest()));
  assert.equal(error.reason, 'overloaded');
  assert.equal(error.details.status, 529);
  assert.match(
    error.message,
    /^the API is overloaded \(529\) after 2 retries: try again in a few minutes\. \[request-id req_mock_\d+\]$/,
  );
  assert.equal(mock.requests.length, 3);
});

test('429 until retries run out → rate-limited', async () => {
  mock.on(always, rateLimitReply());
  const error = await rejection(makeClient({ maxRetries: 1 }).client.call(workerRequest()));
  assert.equal(error.reason, 'rate-limited');
  assert.match(error.message, /^rate limited \(429\) after 1 retry: /);
  assert.equal(mock.requests.length, 2);
});

test('500 is retried, then succeeds', async () => {
  mock.on(always, serverErrorReply(), { times: 2 });
  mock.on(always, toolUseReply({ n: 3 }));
  const response = await makeClient({ maxRetries: 2 }).client.call(workerRequest());
  assert.deepEqual(response.toolInput, { n: 3 });
  assert.equal(mock.requests.length, 3);
});

test('400 (invalid model) is not retried and carries the API message', async () => {
  mock.on(always, errorReply(400, 'invalid_request_error', 'model: claude-nope'));
  const error = await rejection(makeClient().client.call(workerRequest({ model: 'claude-nope' })));
  assert.equal(error.reason, 'api-error');
  assert.equal(error.details.status, 400);
  assert.match(
    error.message,
    /^the API rejected the request \(400\): model: claude-nope \[request-id req_mock_\d+\]$/,
  );
  assert.equal(mock.requests.length, 1);
});

test('a hanging request times out per attempt → timeout', async () => {
  mock.on(always, { hang: true });
  const started = Date.now();
  const error = await rejection(makeClient({ timeoutMs: 150, maxRetries: 1 }).client.call(workerRequest()));
  assert.equal(error.reason, 'timeout');
  assert.equal(
    error.message,
    'request timed out after 0.15 s (1 retry): raise orchestra.timeoutMs or try again.',
  );
  assert.equal(mock.requests.length, 2);
  assert.ok(Date.now() - started < 1500);
});

test('a stream that stalls after its first events times out too (the deadline covers the body)', async () => {
  mock.on(always, (req) => ({ ...(toolUseReplySync(req) as MockReply), hangAfterEvents: 3 }));
  const error = await rejection(makeClient({ timeoutMs: 200, maxRetries: 0 }).client.call(workerRequest()));
  assert.equal(error.reason, 'timeout');
  assert.equal(mock.requests.length, 1);
});

function toolUseReplySync(req: Parameters<ReturnType<typeof toolUseReply>>[0]): MockReply {
  return toolUseReply({ n: 1 })(req) as MockReply;
}

test('a stream cut midway is reported as network (connection cut), and retried', async () => {
  mock.on(always, (req) => ({ ...toolUseReplySync(req), cutStreamAfterEvents: 4 }));
  const error = await rejection(makeClient({ maxRetries: 1 }).client.call(workerRequest()));
  assert.equal(error.reason, 'network');
  assert.match(
    error.message,
    /^network error: the connection was cut mid-response after 1 retry \(.*terminated.*\)/,
  );
  assert.equal(mock.requests.length, 2);
});

test('a cut stream followed by a good one succeeds', async () => {
  mock.on(always, (req) => ({ ...toolUseReplySync(req), cutStreamAfterEvents: 2 }), { times: 1 });
  mock.on(always, toolUseReply({ n: 9 }));
  const response = await makeClient({ maxRetries: 1 }).client.call(workerRequest());
  assert.deepEqual(response.toolInput, { n: 9 });
  assert.equal(mock.requests.length, 2);
});

test('a connection reset → network after retries', async () => {
  mock.on(always, { resetConnection: true });
  const error = await rejection(makeClient({ maxRetries: 1 }).client.call(workerRequest()));
  assert.equal(error.reason, 'network');
  assert.match(error.message, /^network error: could not reach the API after 1 retry \(/);
  assert.equal(mock.requests.length, 2);
});

test('a malformed JSON body → malformed-response, not retried', async () => {
  mock.on(always, { body: '{"type":"message","content":[' });
  const error = await rejection(makeClient({ stream: false }).client.call(workerRequest()));
  assert.equal(error.reason, 'malformed-response');
  assert.match(error.message, /^the API returned a malformed response \(.*JSON.*\): try again/);
  assert.equal(mock.requests.length, 1);
});

test('a 200 that is not a Messages response (a proxy page) → malformed-response', async () => {
  mock.on(always, { headers: { 'content-type': 'text/html' }, body: '<html>login</html>' });
  const error = await rejection(makeClient({ stream: false }).client.call(workerRequest()));
  assert.equal(error.reason, 'malformed-response');
  assert.match(error.message, /expected a Messages response, got text "<html>login<\/html>"/);
});

test('a garbage SSE body → malformed-response', async () => {
  mock.on(always, { body: 'event: message_start\ndata: {not json\n\n' });
  const error = await rejection(makeClient().client.call(workerRequest()));
  assert.equal(error.reason, 'malformed-response');
  assert.equal(mock.requests.length, 1);
});

test('an overloaded error event inside the stream is retried like a 529', async () => {
  const sseError =
    'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
  mock.on(always, { body: sseError }, { times: 1 });
  mock.on(always, toolUseReply({ n: 5 }));
  const { client, logs } = makeClient();
  const response = await client.call(workerRequest());
  assert.deepEqual(response.toolInput, { n: 5 });
  assert.equal(mock.requests.length, 2);
  assert.match(logs.join('\n'), /overloaded: Overloaded; retry 1\/2/);
});

test('401 → auth; the key appears in neither the error nor the logs, even when echoed back', async () => {
  // A proxy that echoes the key in its error bodies: retried 500 first (logged), then a 401.
  mock.on(always, errorReply(500, 'api_error', `upstream failed for key ${KEY}`), { times: 1 });
  mock.on(always, errorReply(401, 'authentication_error', `invalid x-api-key ${KEY}`));
  const { client, logs } = makeClient();
  const error = await rejection(client.call(workerRequest()));
  assert.equal(error.reason, 'auth');
  assert.equal(error.details.status, 401);
  assert.match(
    error.message,
    /^authentication failed: check your API key \(401: invalid x-api-key \[redacted\]\)\./,
  );
  assert.equal(mock.requests.length, 2);
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /upstream failed for key \[redacted\]/);
  const cause = error.details.cause;
  assert.ok(cause instanceof Error);
  for (const text of [
    error.message,
    error.stack ?? '',
    ...logs,
    JSON.stringify(error),
    cause.message,
    cause.stack ?? '',
  ]) {
    assert.ok(!text.includes(KEY), text);
  }
});

test('a rejected key → auth without retries', async () => {
  const { client, logs } = makeClient({ apiKey: REJECTED_KEY });
  const error = await rejection(client.call(workerRequest()));
  assert.equal(error.reason, 'auth');
  assert.equal(mock.requests.length, 1);
  assert.ok(!error.message.includes(REJECTED_KEY));
  assert.ok(!logs.join('\n').includes(REJECTED_KEY));
});

test('a missing or blank key → auth with the setup hint, before any request', async () => {
  for (const apiKey of [undefined, '', '   ']) {
    const error = await rejection(makeClient({ apiKey }).client.call(workerRequest()));
    assert.equal(error.reason, 'auth');
    assert.equal(error.message, NO_API_KEY_MESSAGE);
  }
  assert.equal(NO_API_KEY_MESSAGE, 'no API key: set ANTHROPIC_API_KEY or run Orchestra: Set API Key.');
  assert.equal(mock.requests.length, 0);
});

test('abort while waiting out a long retry-after → cancelled quickly', async () => {
  mock.on(always, rateLimitReply(30));
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 60);
  const error = await rejection(makeClient().client.call(workerRequest(), { signal: controller.signal }));
  assert.equal(error.reason, 'cancelled');
  assert.equal(mock.requests.length, 1);
  assert.ok(Date.now() - started < 400, `took ${Date.now() - started} ms`);
});

test('abort during a hanging request → cancelled, not timeout', async () => {
  mock.on(always, { hang: true });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const error = await rejection(
    makeClient({ timeoutMs: 5000 }).client.call(workerRequest(), { signal: controller.signal }),
  );
  assert.equal(error.reason, 'cancelled');
  assert.equal(mock.requests.length, 1);
});

test('an injected sleep receives the retry-after delay (capped at maxRetryAfterMs)', async () => {
  mock.on(always, rateLimitReply(120), { times: 1 });
  mock.on(always, toolUseReply({ n: 2 }));
  const waits: number[] = [];
  const { client } = makeClient({
    sleep: async (ms) => void waits.push(ms),
    retryTiming: { maxRetryAfterMs: 60_000 },
  });
  await client.call(workerRequest());
  assert.deepEqual(waits, [60_000]);
});

test('countTokens uses the API and falls back to the estimate when it fails', async () => {
  mock.onCountTokens(always, { body: { input_tokens: 1234 } }, { times: 1 });
  mock.onCountTokens(always, serverErrorReply());
  const { client } = makeClient();
  assert.equal(await client.countTokens!(workerRequest()), 1234);
  assert.equal(mock.countTokensRequests[0]!.body.model, 'claude-haiku-4-5');
  assert.deepEqual(mock.countTokensRequests[0]!.body.tool_choice, { type: 'tool', name: 'submit_edits' });
  assert.equal(await client.countTokens!(workerRequest()), estimateRequestTokens(workerRequest()));
  assert.equal(mock.requests.length, 0);
});

test('withLedger bills each successful response once; failed attempts and failed calls are not billed', async () => {
  mock.on((r) => r.userText === 'ok', rateLimitReply(0), { times: 1 });
  mock.on(
    (r) => r.userText === 'ok',
    toolUseReply(
      { n: 1 },
      { usage: { input_tokens: 2_000, output_tokens: 400, cache_read_input_tokens: 10_000 } },
    ),
  );
  mock.on((r) => r.userText === 'fail', errorReply(400, 'invalid_request_error', 'bad'));
  const ledger = new UsageLedger();
  const client = withLedger(makeClient().client, ledger);
  await client.call(workerRequest({ messages: [{ role: 'user', content: 'ok' }] }));
  await rejection(client.call(workerRequest({ messages: [{ role: 'user', content: 'fail' }] })));
  assert.equal(mock.requests.length, 3);
  assert.equal(ledger.entries().length, 1);
  const entry = ledger.entries()[0]!;
  assert.deepEqual(
    { role: entry.role, label: entry.label, model: entry.model, costUsd: entry.costUsd },
    // Haiku 4.5: 2 000 × $1 + 400 × $5 + 10 000 × $0.10 per MTok = $0.005
    { role: 'worker', label: 'a.ts', model: 'claude-haiku-4-5', costUsd: 0.005 },
  );
  assert.match(entry.requestId ?? '', /^req_mock_\d+$/);
  assert.equal(typeof client.countTokens, 'function');
});
