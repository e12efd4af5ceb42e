/** The mock itself: unscripted requests fail loudly, rules expire, concurrency is counted, close() ends hangs. */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { messageToSseEvents } from '../../mock-anthropic/sse';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const post = (body: object, key = 'k') =>
  fetch(`${mock.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });
const body = (userText: string) => ({
  model: 'm',
  max_tokens: 10,
  messages: [{ role: 'user', content: userText }],
});

test('an unmatched request gets a 500 that says so', async () => {
  const res = await post(body('nobody scripted this'));
  assert.equal(res.status, 500);
  const json = (await res.json()) as { error: { message: string } };
  assert.equal(
    json.error.message,
    'mock-anthropic: no rule matched request {"model":"m","userText":"nobody scripted this"}',
  );
});

test('first matching rule wins and `times` makes it expire', async () => {
  mock.on((r) => r.userText === 'x', { status: 418, body: { first: true } }, { times: 1 });
  mock.on((r) => r.userText === 'x', { body: { second: true } });
  assert.equal((await post(body('x'))).status, 418);
  assert.deepEqual(await (await post(body('x'))).json(), { second: true });
  assert.deepEqual(await (await post(body('x'))).json(), { second: true });
  assert.equal(mock.requests.length, 3);
});

test('inFlight / maxInFlight count concurrent requests', async () => {
  mock.on(() => true, { delayMs: 80, body: {} });
  await Promise.all([post(body('a')), post(body('b')), post(body('c'))]);
  assert.equal(mock.maxInFlight, 3);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(mock.inFlight, 0);
});

test('the SSE event sequence of a tool_use reply', async () => {
  mock.on(() => true, toolUseReply({ a: 1 }, { name: 'submit' }));
  const res = await post({ ...body('s'), stream: true });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const events = [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  assert.deepEqual(events, [
    'message_start',
    'ping',
    'content_block_start',
    'content_block_delta',
    'content_block_delta',
    'content_block_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
  ]);
  const deltas = messageToSseEvents({ content: [{ type: 'tool_use', input: { a: 1 } }] })
    .filter((e) => e.event === 'content_block_delta')
    .map((e) => (e.data as { delta: { partial_json: string } }).delta.partial_json);
  assert.equal(deltas.join(''), '{"a":1}');
});

test('close() ends hanging responses', async () => {
  const local = await MockAnthropic.start();
  try {
    local.on(() => true, { hang: true });
    const pending = fetch(`${local.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body: JSON.stringify(body('h')),
    }).then(
      () => 'answered',
      () => 'failed',
    );
    // Poll rather than sleep a fixed time: on a loaded machine the request may take a while to arrive.
    for (const until = Date.now() + 5_000; local.inFlight < 1 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(local.inFlight, 1);
    const started = Date.now();
    await local.close();
    assert.equal(await pending, 'failed');
    assert.ok(Date.now() - started < 500);
  } finally {
    await local.close(); // a failed assertion must not leave the server (and the test process) running
  }
});
