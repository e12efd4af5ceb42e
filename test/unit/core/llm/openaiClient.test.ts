/**
 * The openai-compatible client through the REAL `openai` SDK over real HTTP to the loopback mock: wire shapes,
 * streamed tool-call arguments, usage with cached tokens, retries, fault mapping, redaction, Azure, keyless.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAIClient, type OpenAIClientOptions } from '../../../../src/core/llm/openaiClient';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';
import { OrchestraError } from '../../../../src/core/errors';
import {
  errorReply,
  malformedArgumentsReply,
  MockOpenAI,
  rateLimitReply,
  serverErrorReply,
  textReply,
  toolCallsReply,
  toolUseReply,
} from '../../../mock-openai/server';

const KEY = 'sk-proj-TESTKEY-abcdefghijklmnop0123';
const REJECTED_KEY = 'sk-proj-REVOKED-qrstuvwxyz0123456';
const always = (): boolean => true;

let mock: MockOpenAI;
before(async () => {
  mock = await MockOpenAI.start({ rejectedKeys: [REJECTED_KEY] });
});
after(() => mock.close());
beforeEach(() => mock.reset());

function makeClient(over: Partial<OpenAIClientOptions> = {}) {
  const logs: string[] = [];
  const client = createOpenAIClient({
    apiKey: KEY,
    baseURL: mock.url,
    timeoutMs: 400,
    maxRetries: 2,
    retryTiming: { baseDelayMs: 10, maxDelayMs: 40 },
    log: (level, message) => logs.push(`${level} ${message}`),
    ...over,
  });
  return { client, logs };
}

function request(over: Partial<ModelRequest> = {}): ModelRequest {
  return {
    role: 'worker',
    model: 'gpt-4.1-mini',
    system: [{ text: 'shared workspace context', cache: true }, { text: 'edit only your file' }],
    messages: [{ role: 'user', content: 'rename foo in a.ts' }],
    tool: {
      name: 'submit_edits',
      description: 'Submit edits',
      inputSchema: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] },
    },
    maxTokens: 1024,
    ...over,
  };
}

async function rejects(promise: Promise<unknown>): Promise<OrchestraError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof OrchestraError, `expected OrchestraError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('JSON round trip: forced function tool, one system message, max_tokens, usage with cached tokens', async () => {
  const { client } = makeClient({ stream: false });
  mock.on(
    always,
    toolUseReply(
      { file: 'a.ts' },
      { usage: { prompt_tokens: 1200, completion_tokens: 80, cached_tokens: 1000 } },
    ),
  );
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { file: 'a.ts' });
  assert.equal(response.stopReason, 'tool_use');
  assert.deepEqual(response.usage, {
    inputTokens: 200,
    outputTokens: 80,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 1000,
  });
  assert.equal(response.model, 'gpt-4.1-mini');
  assert.match(response.requestId ?? '', /^req_oai_mock_\d+$/);
  const [sent] = mock.requests;
  assert.ok(sent);
  assert.equal(sent.body.stream, undefined);
  assert.deepEqual(sent.body.tool_choice, { type: 'function', function: { name: 'submit_edits' } });
  assert.deepEqual(sent.body.messages, [
    { role: 'system', content: 'shared workspace context\n\nedit only your file' },
    { role: 'user', content: 'rename foo in a.ts' },
  ]);
  assert.equal(sent.body.max_tokens, 1024);
  assert.equal(sent.body.max_completion_tokens, undefined);
  assert.deepEqual(sent.body.tools?.[0]?.function.parameters, {
    type: 'object',
    properties: { file: { type: 'string' } },
    required: ['file'],
  });
  assert.equal(sent.apiKey, KEY);
  assert.equal(sent.keyHeader, 'authorization');
});

test('SSE streaming assembles tool-call arguments sent in many pieces, and reads the usage chunk', async () => {
  const { client } = makeClient();
  const input = { file: 'src/a.ts', edits: [{ search: 'foo(', replace: 'bar(' }], notes: 'ünïcode ✓' };
  mock.on(always, (req) => ({
    ...toolUseReply(input, { usage: { prompt_tokens: 900, completion_tokens: 40, cached_tokens: 512 } })(req),
    argumentPieces: 17,
  }));
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, input);
  assert.deepEqual(response.usage, {
    inputTokens: 388,
    outputTokens: 40,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 512,
  });
  const [sent] = mock.requests;
  assert.equal(sent?.body.stream, true);
  assert.deepEqual(sent?.body.stream_options, { include_usage: true });
});

test('helper tools: tool_choice required, several calls come back, tool turns go out as tool messages', async () => {
  const { client } = makeClient();
  const readLines = {
    name: 'read_lines',
    description: 'Read lines',
    inputSchema: { type: 'object', properties: { from: { type: 'number' } } },
  };
  mock.on(
    always,
    toolCallsReply([
      { name: 'read_lines', input: { from: 1 } },
      { name: 'read_lines', input: { from: 40 } },
    ]),
    { times: 1 },
  );
  const first = await client.call(request({ helperTools: [readLines], toolChoice: 'any' }));
  assert.equal(first.toolInput, undefined);
  assert.deepEqual(
    first.toolCalls?.map((c) => c.input),
    [{ from: 1 }, { from: 40 }],
  );
  const [a, b] = first.toolCalls ?? [];
  assert.ok(a && b);
  mock.on(always, toolUseReply({ file: 'a.ts' }));
  const second = await client.call(
    request({
      helperTools: [readLines],
      toolChoice: 'any',
      messages: [
        { role: 'user', content: 'rename foo in a.ts' },
        { role: 'assistant', content: first.toolCalls!.map((c) => ({ type: 'tool_use' as const, ...c })) },
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolUseId: a.id, content: '1: foo()' },
            { type: 'tool_result', toolUseId: b.id, content: 'line 40 is past the end', isError: true },
          ],
        },
      ],
    }),
  );
  assert.deepEqual(second.toolInput, { file: 'a.ts' });
  const sent = mock.requests[1];
  assert.equal(sent?.body.tool_choice, 'required');
  assert.deepEqual(sent?.toolNames, ['submit_edits', 'read_lines']);
  assert.deepEqual(
    sent?.toolUses.map((u) => [u.id, u.name, u.input]),
    [
      [a.id, 'read_lines', { from: 1 }],
      [b.id, 'read_lines', { from: 40 }],
    ],
  );
  assert.deepEqual(sent?.toolResults, [
    { toolUseId: a.id, content: '1: foo()', isError: false },
    { toolUseId: b.id, content: 'Error: line 40 is past the end', isError: true },
  ]);
});

test('malformed tool arguments reach the caller as the raw string (the validation retry reports it)', async () => {
  for (const stream of [true, false]) {
    mock.reset();
    const { client } = makeClient({ stream });
    mock.on(always, malformedArgumentsReply('{"file": "a.ts", "edits": [ '));
    const response = await client.call(request());
    assert.equal(response.toolInput, '{"file": "a.ts", "edits": [ ');
  }
});

test('a text-only answer comes back as text with no tool input; finish_reason length → max_tokens', async () => {
  const { client } = makeClient();
  mock.on(always, textReply('I cannot do that.', { finishReason: 'length' }));
  const response = await client.call(request());
  assert.equal(response.toolInput, undefined);
  assert.equal(response.text, 'I cannot do that.');
  assert.equal(response.stopReason, 'max_tokens');
});

test('429 with retry-after 0.2 s is retried after waiting at least that long', async () => {
  const { client, logs } = makeClient();
  mock.on(always, rateLimitReply(0.2), { times: 1 });
  mock.on(always, toolUseReply({ file: 'a.ts' }));
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { file: 'a.ts' });
  assert.equal(mock.requests.length, 2);
  const gap = mock.requests[1]!.receivedAtMs - mock.requests[0]!.receivedAtMs;
  assert.ok(gap >= 190, `waited ${gap} ms`);
  assert.match(logs.join('\n'), /rate-limited \(429\).*retry 1\/2 in 0\.20 s \(retry-after\)/);
});

test('429 until retries run out → rate-limited', async () => {
  const { client } = makeClient();
  mock.on(always, rateLimitReply(0));
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'rate-limited');
  assert.match(e.message, /rate limited \(429\) after 2 retries/);
  assert.equal(mock.requests.length, 3);
});

test('an exhausted quota (429 insufficient_quota) is not retried and says so', async () => {
  const { client } = makeClient();
  mock.on(
    always,
    errorReply(
      429,
      'insufficient_quota',
      'You exceeded your current quota.',
      undefined,
      'insufficient_quota',
    ),
  );
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'api-error');
  assert.match(e.message, /rejected the request \(429\): You exceeded your current quota\./);
  assert.equal(mock.requests.length, 1);
});

test('500 and 503 are overloaded: retried, then reported with the status', async () => {
  const { client } = makeClient();
  mock.on(always, serverErrorReply(500), { times: 1 });
  mock.on(always, serverErrorReply(503));
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'overloaded');
  assert.match(e.message, /the API is overloaded \(503\) after 2 retries/);
  assert.equal(mock.requests.length, 3);
});

test('an error object inside a 200 stream is classified (server_error → overloaded, retried)', async () => {
  const { client } = makeClient({ maxRetries: 1 });
  mock.on(
    always,
    (req) => ({
      ...toolUseReply({ file: 'a.ts' })(req),
      streamErrorAfterChunks: { after: 2, error: { message: 'upstream failed', type: 'server_error' } },
    }),
    { times: 1 },
  );
  mock.on(always, toolUseReply({ file: 'a.ts' }));
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { file: 'a.ts' });
  assert.equal(mock.requests.length, 2);
});

test('a hanging request and a stalled stream time out per attempt → timeout', async () => {
  const { client } = makeClient({ timeoutMs: 150, maxRetries: 1 });
  mock.on(always, { hang: true }, { times: 1 });
  mock.on(always, (req) => ({ ...toolUseReply({ file: 'a.ts' })(req), hangAfterChunks: 2 }));
  const started = Date.now();
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'timeout');
  assert.match(e.message, /timed out after 0\.15 s \(1 retry\)/);
  assert.equal(mock.requests.length, 2);
  assert.ok(Date.now() - started < 2_000);
});

test('a stream cut midway is network (connection cut), and retried', async () => {
  const { client } = makeClient({ maxRetries: 1 });
  mock.on(always, (req) => ({ ...toolUseReply({ file: 'a.ts' })(req), cutStreamAfterChunks: 2 }), {
    times: 1,
  });
  mock.on(always, toolUseReply({ file: 'b.ts' }));
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { file: 'b.ts' });
  assert.equal(mock.requests.length, 2);
});

test('a 200 that is not a chat completion → malformed-response, not retried', async () => {
  const { client } = makeClient({ stream: false });
  mock.on(always, { body: { hello: 'proxy page' } });
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'malformed-response');
  assert.match(e.message, /expected a chat completion/);
  assert.equal(mock.requests.length, 1);
});

test('401 → auth, not retried; the key is in neither the error nor the logs, even when echoed back', async () => {
  const { client, logs } = makeClient({ apiKey: REJECTED_KEY });
  const e = await rejects(client.call(request()));
  assert.equal(e.reason, 'auth');
  assert.match(e.message, /authentication failed: check your API key \(401: Incorrect API key provided\.\)/);
  assert.equal(mock.requests.length, 1);
  mock.reset();
  const echo = makeClient();
  mock.on(always, errorReply(403, 'permission_error', `key ${KEY} may not use this model`));
  const echoed = await rejects(echo.client.call(request()));
  assert.equal(echoed.reason, 'auth');
  const everything = [echoed.message, String(echoed.details.cause), ...logs, ...echo.logs].join('\n');
  assert.doesNotMatch(everything, /TESTKEY|REVOKED/);
  assert.match(echoed.message, /key \[redacted\] may not use this model/);
});

test('a hosted endpoint without a key → auth before any request; a local one sends no key at all', async () => {
  const hosted = createOpenAIClient({
    apiKey: '  ',
    baseURL: 'https://api.openai.com/v1',
    timeoutMs: 100,
    maxRetries: 0,
  });
  const e = await rejects(hosted.call(request()));
  assert.equal(e.reason, 'auth');
  assert.match(e.message, /set OPENAI_API_KEY or run Orchestra: Set OpenAI API Key/);
  assert.equal(hosted.local, false);

  const keyless = await MockOpenAI.start({ keyless: true });
  try {
    const local = createOpenAIClient({
      apiKey: undefined,
      baseURL: keyless.url,
      timeoutMs: 400,
      maxRetries: 0,
    });
    assert.equal(local.local, true);
    keyless.on(always, toolUseReply({ file: 'a.ts' }));
    const response = await local.call(request());
    assert.deepEqual(response.toolInput, { file: 'a.ts' });
    assert.equal(keyless.requests[0]?.headers.authorization, undefined);
    assert.equal(keyless.requests[0]?.apiKey, undefined);
  } finally {
    await keyless.close();
  }
});

test('Azure: api-version in the query, the key in api-key (never as a bearer token)', async () => {
  const { client } = makeClient({
    apiVersion: '2024-10-21',
    baseURL: `${mock.url}/openai/deployments/my-gpt`,
  });
  mock.on(always, toolUseReply({ file: 'a.ts' }));
  await client.call(request());
  const [sent] = mock.requests;
  assert.equal(sent?.path, '/v1/openai/deployments/my-gpt/chat/completions');
  assert.deepEqual(sent?.query, { 'api-version': '2024-10-21' });
  assert.equal(sent?.keyHeader, 'api-key');
  assert.equal(sent?.headers.authorization, undefined);
  assert.equal(sent?.apiKey, KEY);
});

test('hosted OpenAI gets max_completion_tokens; the field can be chosen', async () => {
  const { client } = makeClient({ maxTokensField: 'max_completion_tokens' });
  mock.on(always, toolUseReply({ file: 'a.ts' }));
  await client.call(request());
  assert.equal(mock.requests[0]?.body.max_completion_tokens, 1024);
  assert.equal(mock.requests[0]?.body.max_tokens, undefined);
});

test('abort during a hanging request → cancelled, not timeout', async () => {
  const { client } = makeClient({ timeoutMs: 5_000 });
  mock.on(always, { hang: true });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const e = await rejects(client.call(request(), { signal: controller.signal }));
  assert.equal(e.reason, 'cancelled');
});

test('countTokens is the local estimate (no request), and the client says it caches nothing', async () => {
  const { client } = makeClient();
  const n = await client.countTokens!(request());
  assert.ok(n > 0);
  assert.equal(mock.requests.length, 0);
  assert.equal(client.cachesPrompts, false);
  assert.equal(client.provider, 'openai-compatible');
});
