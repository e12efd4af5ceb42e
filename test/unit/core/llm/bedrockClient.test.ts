/**
 * The Anthropic client on Amazon Bedrock through the REAL Bedrock SDK over real HTTP to the loopback mock, which
 * answers `invoke-with-response-stream` with AWS event-stream frames: the streamed answer and its usage, a stream
 * ended or cut before `message_stop`, exception frames mid-stream, and cancelling mid-stream.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnthropicClientOptions } from '../../../../src/core/llm/anthropicClient';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';
import { MockAnthropic, toolUseReply, type MockReply } from '../../../mock-anthropic/server';
import { rejection, loggedAnthropicClient, workerRequest } from '../../../support/modelClientTest';
import { waitFor } from '../../../support/mockRun';

const AWS_KEY_ID = 'AKIAMOCKCLIENTTEST01';
const AWS_SECRET = 'mock/aws+client-secret-never-logged-0123';
const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const STREAM_PATH = `/model/${MODEL}/invoke-with-response-stream`;
const always = (): boolean => true;

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

function makeClient(over: Partial<AnthropicClientOptions> = {}): ReturnType<typeof loggedAnthropicClient> {
  return loggedAnthropicClient({
    apiKey: undefined,
    platform: {
      kind: 'bedrock',
      region: 'eu-west-3',
      accessKeyId: AWS_KEY_ID,
      secretAccessKey: AWS_SECRET,
      baseURL: mock.url,
    },
    timeoutMs: 2_000,
    ...over,
  });
}

/** A worker's request to the Bedrock model, one system block. */
function request(): ModelRequest {
  return workerRequest({ model: MODEL, system: [{ text: 'edit only your file' }] });
}

/** The reply to `req` as a plain MockReply, so a test can add a fault to it. */
async function answer(req: Parameters<ReturnType<typeof toolUseReply>>[0]): Promise<MockReply> {
  const usage = { input_tokens: 1200, output_tokens: 80, cache_read_input_tokens: 300 };
  return toolUseReply({ n: 42 }, { usage, text: 'Here you go.' })(req);
}

test('a streamed Bedrock answer: event-stream frames decoded into the tool input, text and usage', async () => {
  mock.on(always, answer);
  const { client } = makeClient();
  const response = await client.call(request());
  assert.equal(mock.requests.length, 1);
  const wire = mock.requests[0]!;
  assert.equal(wire.path, STREAM_PATH);
  assert.equal(wire.platform, 'bedrock');
  assert.equal(wire.apiKey, AWS_KEY_ID);
  assert.equal(wire.body.model, MODEL, 'the model is in the path, not the body (the mock fills it in)');
  assert.equal(wire.body.stream, undefined, 'the SDK moves `stream` into the path');
  assert.match(response.requestId ?? '', /^req_mock_\d+$/, 'the id comes from x-amzn-requestid');
  assert.deepEqual(
    { ...response, requestId: undefined },
    {
      toolInput: { n: 42 },
      text: 'Here you go.',
      stopReason: 'tool_use',
      usage: { inputTokens: 1200, outputTokens: 80, cacheCreationInputTokens: 0, cacheReadInputTokens: 300 },
      model: MODEL,
      requestId: undefined,
    },
  );
});

test('a stream that ends before message_stop is a cut response, retried, then reported as such', async () => {
  mock.on(always, async (req) => ({ ...(await answer(req)), endStreamAfterEvents: 5 }));
  const { client, logs } = makeClient();
  const error = await rejection(client.call(request()));
  assert.equal(error.reason, 'network');
  assert.equal(
    error.message,
    'network error: the connection was cut mid-response after 2 retries (the stream ended before message_stop): ' +
      'check your network or proxy and try again.',
  );
  assert.equal(mock.requests.length, 3);
  assert.equal(logs.filter((l) => l.includes('retry')).length, 2);
});

test('a stream ended early once, then a whole one: the call succeeds on the retry', async () => {
  mock.on(always, async (req) => ({ ...(await answer(req)), endStreamAfterEvents: 3 }), { times: 1 });
  mock.on(always, answer);
  const { client } = makeClient();
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { n: 42 });
  assert.equal(mock.requests.length, 2);
});

test('a socket cut mid-stream is a cut response too, retried', async () => {
  mock.on(always, async (req) => ({ ...(await answer(req)), cutStreamAfterEvents: 4 }));
  const { client } = makeClient({ maxRetries: 1 });
  const error = await rejection(client.call(request()));
  assert.equal(error.reason, 'network');
  assert.match(error.message, /^network error: the connection was cut mid-response after 1 retry \(/);
  assert.equal(mock.requests.length, 2);
});

interface FrameFault {
  type: string;
  reason: string;
  requests: number;
  message: string;
}

/** Exception frames after three events, with maxRetries 2: retryable ones are sent three times. */
const FRAME_FAULTS: FrameFault[] = [
  {
    type: 'throttlingException',
    reason: 'rate-limited',
    requests: 3,
    message:
      'rate limited by Amazon Bedrock (ThrottlingException mid-stream: Too many tokens, please wait before ' +
      'trying again.) after 2 retries: wait a minute or lower orchestra.maxConcurrency.',
  },
  {
    type: 'modelStreamErrorException',
    reason: 'api-error',
    requests: 3,
    message:
      "Amazon Bedrock's stream failed (ModelStreamErrorException mid-stream: Too many tokens, please wait " +
      'before trying again.) after 2 retries: try again later.',
  },
  {
    type: 'serviceUnavailableException',
    reason: 'overloaded',
    requests: 3,
    message:
      'Amazon Bedrock is unavailable (ServiceUnavailableException mid-stream: Too many tokens, please wait ' +
      'before trying again.) after 2 retries: try again in a few minutes.',
  },
  {
    type: 'validationException',
    reason: 'api-error',
    requests: 1,
    message:
      'Amazon Bedrock rejected the request as invalid (ValidationException mid-stream: Too many tokens, please ' +
      'wait before trying again.).',
  },
];

for (const fault of FRAME_FAULTS) {
  test(`an exception frame mid-stream (${fault.type}) → ${fault.reason}, ${fault.requests} request(s)`, async () => {
    const thrown = {
      afterEvents: 3,
      type: fault.type,
      message: 'Too many tokens, please wait before trying again.',
    };
    mock.on(always, async (req) => ({ ...(await answer(req)), streamException: thrown }));
    const { client } = makeClient();
    const error = await rejection(client.call(request()));
    assert.equal(error.reason, fault.reason);
    assert.match(error.message, new RegExp(`^${escape(fault.message)} \\[request-id req_mock_\\d+\\]$`));
    assert.equal(mock.requests.length, fault.requests);
  });
}

test('a throttled stream followed by a whole one succeeds, the retry logged with its AWS type', async () => {
  const thrown = { afterEvents: 2, type: 'throttlingException', message: 'Too many requests.' };
  mock.on(always, async (req) => ({ ...(await answer(req)), streamException: thrown }), { times: 1 });
  mock.on(always, answer);
  const { client, logs } = makeClient();
  const response = await client.call(request());
  assert.deepEqual(response.toolInput, { n: 42 });
  assert.equal(mock.requests.length, 2);
  assert.match(
    logs.join('\n'),
    /warn worker call \(a\.ts\) to anthropic\.claude-haiku-4-5-20251001-v1:0: rate-limited \(ThrottlingException\): Too many requests\.; retry 1\/2 in 0\.\d\d s \(backoff\)/,
  );
});

test('cancel mid-stream: the call ends at once as cancelled and the mock sees the stream close', async () => {
  mock.on(always, async (req) => ({ ...(await answer(req)), hangAfterEvents: 4 }));
  const { client } = makeClient({ timeoutMs: 30_000 });
  const controller = new AbortController();
  const call = client.call(request(), { signal: controller.signal });
  await waitFor(() => mock.inFlight === 1);
  await new Promise((r) => setTimeout(r, 150)); // the first frames are on their way by now
  const started = Date.now();
  controller.abort();
  const error = await rejection(call);
  assert.equal(error.reason, 'cancelled');
  assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  await waitFor(() => mock.inFlight === 0);
  assert.equal(mock.requests.length, 1, 'a cancel is not retried');
});

test('a stream that stalls mid-way times out per attempt, and each attempt is retried', async () => {
  mock.on(always, async (req) => ({ ...(await answer(req)), hangAfterEvents: 4 }));
  const { client } = makeClient({ timeoutMs: 300, maxRetries: 1 });
  const error = await rejection(client.call(request()));
  assert.equal(error.reason, 'timeout');
  assert.match(error.message, /^request timed out after 0\.3 s \(1 retry\)/);
  assert.equal(mock.requests.length, 2);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
