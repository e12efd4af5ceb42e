/**
 * Helper tools over the REAL SDK to the loopback mock: a request offering `read_lines` besides the answer
 * tool, the model's tool_use coming back as `toolCalls`, and the tool_use / tool_result turns sent on the
 * next call — streamed and not.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import { estimateRequestTokens } from '../../../../src/core/llm/budget';
import { UsageLedger } from '../../../../src/core/llm/ledger';
import { withLedger } from '../../../../src/core/llm/meteredClient';
import type { ModelRequest, ToolSpec } from '../../../../src/core/llm/modelClient';
import { MockAnthropic, toolCallsReply, toolUseReply } from '../../../mock-anthropic/server';

const KEY = 'sk-ant-api03-TESTKEY-abcdefghijklmnop';
let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const EDIT: ToolSpec = {
  name: 'submit_edits',
  description: 'Submit the edits.',
  inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
};
const READ: ToolSpec = {
  name: 'read_lines',
  description: 'Read lines.',
  inputSchema: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } } },
};

function request(over: Partial<ModelRequest> = {}): ModelRequest {
  return {
    role: 'worker',
    model: 'claude-haiku-4-5',
    system: [{ text: 'edit only your file', cache: true }],
    messages: [{ role: 'user', content: 'change line 3 of a.ts' }],
    tool: EDIT,
    helperTools: [READ],
    toolChoice: 'any',
    maxTokens: 1000,
    label: 'a.ts',
    ...over,
  };
}

for (const stream of [false, true]) {
  test(`${stream ? 'streamed' : 'plain'}: helper tools go on the wire, their calls come back, the results go out`, async () => {
    mock.on(
      (r) => r.toolResults.length === 0,
      toolCallsReply(
        [
          { name: 'read_lines', input: { start: 1, end: 3 } },
          { name: 'read_lines', input: { start: 9, end: 9 } },
        ],
        { text: 'Reading first.' },
      ),
    );
    mock.on((r) => r.toolResults.length === 2, toolUseReply({ n: 3 }, { name: 'submit_edits' }));
    const ledger = new UsageLedger();
    const client = withLedger(
      createAnthropicClient({ apiKey: KEY, baseURL: mock.url, timeoutMs: 2_000, maxRetries: 0, stream }),
      ledger,
    );

    const first = await client.call(request());
    const wire = mock.requests[0]!;
    assert.deepEqual(wire.body.tool_choice, { type: 'any' });
    assert.deepEqual(wire.body.tools, [
      { name: 'submit_edits', description: 'Submit the edits.', input_schema: EDIT.inputSchema },
      {
        name: 'read_lines',
        description: 'Read lines.',
        input_schema: { ...READ.inputSchema, type: 'object' },
      },
    ]);
    assert.equal(wire.toolName, 'submit_edits', 'the mock names the answer tool (listed first)');
    assert.equal(first.toolInput, undefined, 'a helper call is not the answer');
    assert.equal(first.text, 'Reading first.');
    assert.equal(first.stopReason, 'tool_use');
    const calls = first.toolCalls ?? [];
    assert.deepEqual(
      calls.map((c) => [c.name, c.input]),
      [
        ['read_lines', { start: 1, end: 3 }],
        ['read_lines', { start: 9, end: 9 }],
      ],
    );
    assert.ok(calls.every((c) => /^toolu_mock_\d+$/.test(c.id)));

    const second = await client.call(
      request({
        messages: [
          { role: 'user', content: 'change line 3 of a.ts' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Reading first.' },
              ...calls.map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: c.input })),
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', toolUseId: calls[0]!.id, content: '1 | a\n2 | b\n3 | c' },
              {
                type: 'tool_result',
                toolUseId: calls[1]!.id,
                content: 'line 9 is past the end',
                isError: true,
              },
            ],
          },
        ],
        toolChoice: 'answer',
      }),
    );
    const next = mock.requests[1]!;
    assert.deepEqual(next.body.tool_choice, { type: 'tool', name: 'submit_edits' });
    assert.deepEqual(next.body.messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading first.' },
          { type: 'tool_use', id: calls[0]!.id, name: 'read_lines', input: { start: 1, end: 3 } },
          { type: 'tool_use', id: calls[1]!.id, name: 'read_lines', input: { start: 9, end: 9 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: calls[0]!.id, content: '1 | a\n2 | b\n3 | c' },
          {
            type: 'tool_result',
            tool_use_id: calls[1]!.id,
            content: 'line 9 is past the end',
            is_error: true,
          },
        ],
      },
    ]);
    assert.deepEqual(next.toolResults, [
      { toolUseId: calls[0]!.id, content: '1 | a\n2 | b\n3 | c', isError: false },
      { toolUseId: calls[1]!.id, content: 'line 9 is past the end', isError: true },
    ]);
    assert.equal(next.userText, 'change line 3 of a.ts', 'tool results are not user text');
    assert.deepEqual(second.toolInput, { n: 3 });
    assert.equal(second.toolCalls, undefined);
    assert.equal(ledger.entries().length, 2, 'both calls are billed');
  });
}

test('without helper tools the answer tool stays forced, alone, and another tool name is still the answer', async () => {
  mock.on(() => true, toolUseReply({ n: 1 }, { name: 'renamed_tool' }));
  const client = createAnthropicClient({ apiKey: KEY, baseURL: mock.url, timeoutMs: 2_000, maxRetries: 0 });
  const response = await client.call(request({ helperTools: undefined, toolChoice: undefined }));
  assert.deepEqual(mock.requests[0]!.body.tool_choice, { type: 'tool', name: 'submit_edits' });
  assert.deepEqual(mock.requests[0]!.toolNames, ['submit_edits']);
  // Validation rejects it by schema later; the client does not hide that the model answered.
  assert.deepEqual(response.toolInput, { n: 1 });
  assert.equal(response.toolCalls, undefined);
});

test('the estimate counts every tool and the text of tool turns', () => {
  const bare = request({ helperTools: undefined });
  const withRead = request();
  const readTokens = Math.ceil(
    JSON.stringify({ name: READ.name, d: READ.description, s: READ.inputSchema }).length / 3.5,
  );
  assert.equal(estimateRequestTokens(withRead), estimateRequestTokens(bare) + readTokens);
  const result = 'x'.repeat(350);
  const turn = request({
    messages: [
      ...withRead.messages,
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't', content: result }] },
    ],
  });
  assert.equal(estimateRequestTokens(turn), estimateRequestTokens(withRead) + 100 + 8);
});
