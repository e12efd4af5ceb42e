import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { OrchestraError } from '../../../../src/core/errors';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';
import { parseToolInput, toolFromSchema } from '../../../../src/core/llm/structured';
import { LmChatClient } from '../../../../src/vscode/lm/lmChat';
import { JUSTIFICATION } from '../../../../src/vscode/lm/lmMessages';
import {
  FakeCancellationError,
  FakeLmError,
  FakeModel,
  fakeApi,
  parts,
  TextPart,
  tokensOf,
  ToolCallPart,
} from '../../../support/fakeLm';

const PlanSchema = z.object({ summary: z.string(), files: z.array(z.string()) });
const TOOL = toolFromSchema('submit_plan', 'Submit the refactoring plan.', PlanSchema);

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    role: 'orchestrator',
    model: 'fake-family',
    system: [{ text: 'You plan refactorings.' }, { text: 'Workspace: a.ts, b.ts', cache: true }],
    messages: [
      { role: 'user', content: 'rename area to computeArea' },
      { role: 'assistant', content: 'bad answer' },
      { role: 'user', content: 'fix it' },
    ],
    tool: TOOL,
    maxTokens: 4096,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<OrchestraError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OrchestraError, `expected an OrchestraError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

test('a forced tool call round trip: messages, options, tool input, text and token usage', async () => {
  const plan = { summary: 'rename', files: ['a.ts', 'b.ts'] };
  const model = new FakeModel('fake-1', 'fake-family', () =>
    parts(
      new TextPart('Planning '),
      new ToolCallPart('c0', 'some_other_tool', { ignored: true }),
      new TextPart('now.'),
      new ToolCallPart('c1', 'submit_plan', plan),
    ),
  );
  const logs: string[] = [];
  const client = new LmChatClient(fakeApi([model]), (level, message) => logs.push(`${level}: ${message}`));
  const response = await client.call(request());

  assert.equal(model.sent.length, 1);
  const sent = model.sent[0]!;
  const system = 'You plan refactorings.\n\nWorkspace: a.ts, b.ts';
  assert.deepEqual(sent.messages, [
    { role: 'user', text: system },
    { role: 'user', text: 'rename area to computeArea' },
    { role: 'assistant', text: 'bad answer' },
    { role: 'user', text: 'fix it' },
  ]);
  assert.deepEqual(sent.options, {
    justification: JUSTIFICATION,
    tools: [
      { name: 'submit_plan', description: 'Submit the refactoring plan.', inputSchema: TOOL.inputSchema },
    ],
    toolMode: 'required',
  });
  const inputTokens =
    tokensOf(system) + tokensOf('rename area to computeArea') + tokensOf('bad answer') + tokensOf('fix it');
  const outputTokens = tokensOf('Planning now.' + JSON.stringify(plan));
  assert.deepEqual(response, {
    toolInput: plan,
    text: 'Planning now.',
    stopReason: 'tool_use',
    usage: { inputTokens, outputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    // The name the request configured (a family here), not the id of the model that answered.
    model: 'fake-family',
  });
  assert.deepEqual(logs, [
    `debug: vscode-lm fake-1 as "fake-family" (orchestrator): ${inputTokens} in, ${outputTokens} out`,
  ]);
  // The engine parses it like any provider's answer.
  assert.deepEqual(parseToolInput(PlanSchema, response.toolInput), { ok: true, value: plan });
});

test('a reply with text but no tool call leaves toolInput undefined, which the engine reports back', async () => {
  const model = new FakeModel('fake-1', 'fake-family', () => parts(new TextPart('I cannot do that.')));
  const response = await new LmChatClient(fakeApi([model])).call(request({ system: [] }));
  assert.equal(model.sent[0]!.messages[0]!.text, 'rename area to computeArea', 'no empty system message');
  assert.equal(response.toolInput, undefined);
  assert.equal(response.text, 'I cannot do that.');
  assert.equal(response.stopReason, 'end_turn');
  assert.equal(response.usage.outputTokens, tokensOf('I cannot do that.'));
  assert.deepEqual(parseToolInput(PlanSchema, response.toolInput), {
    ok: false,
    error: 'No tool input was returned: answer by calling the tool.',
  });
});

test('LM errors become OrchestraErrors with reasons and actionable messages', async () => {
  const cases: [unknown, string, RegExp][] = [
    [
      new FakeLmError('consent denied', 'NoPermissions'),
      'auth',
      /did not allow .*consent denied.*"anthropic"/,
    ],
    [
      new FakeLmError('quota', 'Blocked'),
      'rate-limited',
      /blocked \(quota or rate limit\): quota\. Try again later/,
    ],
    [
      new FakeLmError('gone', 'NotFound'),
      'bad-input',
      /language model is gone: gone\. Check orchestra\.models/,
    ],
    [new FakeLmError('odd', 'Unknown'), 'api-error', /^VS Code language model request failed: odd$/],
    [new Error('socket closed'), 'api-error', /^VS Code language model request failed: socket closed$/],
    [new FakeCancellationError('stop'), 'cancelled', /^The run was cancelled\.$/],
  ];
  for (const [error, reason, message] of cases) {
    // Thrown by sendRequest itself …
    const rejecting = new FakeModel('m', 'fake-family', () => parts());
    rejecting.sendRequest = async () => {
      throw error;
    };
    const e1 = await rejection(new LmChatClient(fakeApi([rejecting])).call(request()));
    assert.equal(e1.reason, reason);
    assert.match(e1.message, message);
    // … or mid-stream.
    const failing = new FakeModel('m', 'fake-family', async function* () {
      yield new TextPart('partial');
      throw error;
    });
    const e2 = await rejection(new LmChatClient(fakeApi([failing])).call(request()));
    assert.equal(e2.reason, reason);
    assert.match(e2.message, message);
  }
});

test('aborting the signal mid-stream cancels the token and rejects with "cancelled"', async () => {
  const controller = new AbortController();
  const model = new FakeModel('m', 'fake-family', async function* (_messages, token) {
    yield new TextPart('working');
    controller.abort();
    // A real LM stream ends with a CancellationError once its token fires.
    if (token.isCancellationRequested) throw new FakeCancellationError('Canceled');
    yield new ToolCallPart('c1', 'submit_plan', { summary: 'late', files: [] });
  });
  const error = await rejection(
    new LmChatClient(fakeApi([model])).call(request(), { signal: controller.signal }),
  );
  assert.equal(error.reason, 'cancelled');
  assert.equal(model.sent[0]!.token.isCancellationRequested, true);
});

test('a stream that ignores the cancelled token still yields "cancelled", not a late answer', async () => {
  const controller = new AbortController();
  const model = new FakeModel('m', 'fake-family', async function* () {
    yield new TextPart('working');
    controller.abort();
    yield new ToolCallPart('c1', 'submit_plan', { summary: 'late', files: [] });
  });
  const error = await rejection(
    new LmChatClient(fakeApi([model])).call(request(), { signal: controller.signal }),
  );
  assert.equal(error.reason, 'cancelled');
});

test('an already aborted signal sends nothing', async () => {
  const model = new FakeModel('m', 'fake-family', () => parts(new TextPart('x')));
  const error = await rejection(
    new LmChatClient(fakeApi([model])).call(request(), { signal: AbortSignal.abort() }),
  );
  assert.equal(error.reason, 'cancelled');
  assert.equal(model.sent.length, 0);
});

test('a prompt above maxInputTokens fails clearly before anything is sent', async () => {
  const model = new FakeModel('small-1', 'fake-family', () => parts(new TextPart('x')), 40);
  const req = request({ role: 'worker', label: 'src/a.ts' });
  const error = await rejection(new LmChatClient(fakeApi([model])).call(req));
  assert.equal(error.reason, 'bad-input');
  const tokens = await new LmChatClient(fakeApi([model])).countTokens(req);
  assert.ok(tokens > 40);
  assert.equal(
    error.message,
    `The prompt for src/a.ts is about ${tokens} tokens, more than the 40 that small-1 accepts. ` +
      'Choose a model with a larger context window (orchestra.models.worker) or narrow the instruction to fewer files.',
  );
  assert.equal(model.sent.length, 0);
});

test('countTokens counts each message with the model tokenizer plus the tool schema', async () => {
  const model = new FakeModel('m', 'fake-family', () => parts());
  const req = request();
  const expected =
    tokensOf('You plan refactorings.\n\nWorkspace: a.ts, b.ts') +
    tokensOf('rename area to computeArea') +
    tokensOf('bad answer') +
    tokensOf('fix it') +
    Math.ceil(JSON.stringify(TOOL.inputSchema).length / 4);
  assert.equal(await new LmChatClient(fakeApi([model])).countTokens(req), expected);
});

test('a failing tokenizer falls back to the engine estimate instead of losing the reply', async () => {
  const model = new FakeModel(
    'm',
    'fake-family',
    () => parts(new ToolCallPart('c1', 'submit_plan', { summary: 's', files: [] })),
    100_000,
    () => {
      throw new Error('tokenizer unavailable');
    },
  );
  const response = await new LmChatClient(fakeApi([model])).call(request({ system: [], messages: [] }));
  assert.deepEqual(response.toolInput, { summary: 's', files: [] });
  assert.equal(response.usage.inputTokens, 0);
  assert.equal(
    response.usage.outputTokens,
    Math.ceil(JSON.stringify({ summary: 's', files: [] }).length / 3.5),
  );
});

test('models are selected by id, then by family, once per name; a miss lists what exists', async () => {
  const a = new FakeModel('gpt-x', 'gpt', () => parts(new TextPart('a')));
  const b = new FakeModel('claude-y', 'claude', () => parts(new TextPart('b')));
  const api = fakeApi([a, b]);
  const client = new LmChatClient(api);
  assert.equal((await client.call(request({ model: 'claude-y' }))).model, 'claude-y');
  // Matched by family, gpt-x answers; the response names the configured model, which prices go by.
  const byFamily = await client.call(request({ model: 'gpt' }));
  assert.deepEqual([byFamily.text, byFamily.model, a.sent.length], ['a', 'gpt', 1]);
  assert.equal((await client.call(request({ model: 'gpt' }))).text, 'a');
  assert.equal(a.sent.length, 2);
  assert.deepEqual(api.selects, [{ id: 'claude-y' }, { id: 'gpt' }, { family: 'gpt' }]);

  const miss = await rejection(client.call(request({ model: 'nope' })));
  assert.equal(miss.reason, 'bad-input');
  assert.equal(
    miss.message,
    'No VS Code language model matches "nope". Set orchestra.models.orchestrator / orchestra.models.worker to one of: gpt-x (fake/gpt), claude-y (fake/claude).',
  );
  const none = await rejection(new LmChatClient(fakeApi([])).call(request()));
  assert.match(
    none.message,
    /No VS Code language models are available for "fake-family": install a chat model/,
  );
});
