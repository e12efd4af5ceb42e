/**
 * The vscode-lm provider with helper tools: `read_lines` offered beside the answer tool (Auto mode), the
 * model's LanguageModelToolCallPart coming back as a tool call, and the call and its
 * LanguageModelToolResultPart sent on the next request — at the client, and through a whole run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfigSchema } from '../../../../src/core/config';
import type { ModelRequest, ToolSpec } from '../../../../src/core/llm/modelClient';
import { runRefactor } from '../../../../src/core/pipeline';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { LmChatClient } from '../../../../src/vscode/lm/lmChat';
import { JUSTIFICATION } from '../../../../src/vscode/lm/lmMessages';
import { FakeModel, fakeApi, parts, TextPart, tokensOf, ToolCallPart } from '../../../support/fakeLm';
import { writeTree } from '../../../support/tempTree';

const EDIT: ToolSpec = { name: 'submit_edits', description: 'Submit.', inputSchema: { type: 'object' } };
const READ: ToolSpec = { name: 'read_lines', description: 'Read.', inputSchema: { type: 'object' } };

function request(over: Partial<ModelRequest> = {}): ModelRequest {
  return {
    role: 'worker',
    model: 'fake-family',
    system: [{ text: 'Edit a.ts.', cache: true }],
    messages: [{ role: 'user', content: 'change line 2' }],
    tool: EDIT,
    helperTools: [READ],
    toolChoice: 'any',
    maxTokens: 1000,
    label: 'a.ts',
    ...over,
  };
}

test('a read round trip: the call comes back, then the call and its result go out as parts', async () => {
  const model = new FakeModel('fake-1', 'fake-family', () =>
    model.sent.length === 1
      ? parts(new TextPart('Reading.'), new ToolCallPart('c1', 'read_lines', { start: 2, end: 2 }))
      : parts(new ToolCallPart('c2', 'submit_edits', { file: 'a.ts', edits: [] })),
  );
  const client = new LmChatClient(fakeApi([model]));
  const first = await client.call(request());
  assert.deepEqual(model.sent[0]!.options, {
    justification: JUSTIFICATION,
    tools: [
      { name: 'submit_edits', description: 'Submit.', inputSchema: { type: 'object' } },
      { name: 'read_lines', description: 'Read.', inputSchema: { type: 'object' } },
    ],
    toolMode: 'auto',
  });
  assert.equal(first.toolInput, undefined);
  assert.deepEqual(first.toolCalls, [{ id: 'c1', name: 'read_lines', input: { start: 2, end: 2 } }]);
  assert.equal(first.stopReason, 'tool_use');
  assert.equal(first.usage.outputTokens, tokensOf('Reading.' + JSON.stringify({ start: 2, end: 2 })));

  const second = await client.call(
    request({
      toolChoice: 'answer',
      messages: [
        { role: 'user', content: 'change line 2' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Reading.' },
            { type: 'tool_use', id: 'c1', name: 'read_lines', input: { start: 2, end: 2 } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: '2 | const b = 2;' }] },
      ],
    }),
  );
  const sent = model.sent[1]!;
  assert.deepEqual(sent.messages.slice(1), [
    { role: 'user', text: 'change line 2' },
    {
      role: 'assistant',
      text: '',
      parts: [
        { kind: 'text', text: 'Reading.' },
        { kind: 'call', callId: 'c1', name: 'read_lines', input: { start: 2, end: 2 } },
      ],
    },
    { role: 'user', text: '', parts: [{ kind: 'result', callId: 'c1', text: '2 | const b = 2;' }] },
  ]);
  // The answer is forced: the answer tool alone, Required (some models take a single tool only then).
  assert.deepEqual(sent.options.tools, [
    { name: 'submit_edits', description: 'Submit.', inputSchema: { type: 'object' } },
  ]);
  assert.equal(sent.options.toolMode, 'required');
  assert.deepEqual(second.toolInput, { file: 'a.ts', edits: [] });
  assert.equal(second.toolCalls, undefined);
});

test('a whole run over vscode-lm: the worker reads a line of its file and edits from what it read', async () => {
  const files = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    'src/a.ts': 'export const alpha = 1;\n',
    'src/b.ts': "import { alpha } from './a';\n\nexport const beta = alpha * 2;\n",
  };
  const plan = {
    summary: 'Comment beta.',
    subtasks: [{ file: 'src/b.ts', handler: 'llm', instructions: 'Comment beta.', priority: 5 }],
  };
  const model = new FakeModel('fake-1', 'fake-family', (messages) => {
    const tools = model.sent[model.sent.length - 1]!.options.tools.map((t) => t.name);
    if (tools.includes('submit_plan')) return parts(new ToolCallPart('p1', 'submit_plan', plan));
    const result = messages.flatMap((m) => m.parts ?? []).find((p) => p.kind === 'result');
    if (result === undefined) return parts(new ToolCallPart('r1', 'read_lines', { start: 3, end: 3 }));
    const line = result.text.replace(/^\d+ \| /, '');
    return parts(
      new ToolCallPart('e1', 'submit_edits', {
        file: 'src/b.ts',
        edits: [{ search: line, replace: `// twice alpha\n${line}` }],
      }),
    );
  });
  const config = RunConfigSchema.parse({
    provider: 'vscode-lm',
    models: { orchestrator: 'fake-family', worker: 'fake-family' },
    budgetUsd: 100,
  });
  const result = await runRefactor(
    { workspace: await openWorkspace(writeTree(files)), client: new LmChatClient(fakeApi([model])), config },
    { instruction: 'document every use of `alpha`' },
  );
  assert.deepEqual(
    result.changes.map((c) => [c.file, c.after]),
    [['src/b.ts', "import { alpha } from './a';\n\n// twice alpha\nexport const beta = alpha * 2;\n"]],
  );
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.status, o.attempts]),
    [['src/b.ts', 'done', 2]],
  );
  const workerCalls = model.sent.filter((s) => s.options.tools.some((t) => t.name === 'submit_edits'));
  assert.equal(workerCalls.length, 2);
  assert.equal(workerCalls[0]!.options.toolMode, 'auto');
  assert.deepEqual(workerCalls[1]!.messages.slice(-2), [
    {
      role: 'assistant',
      text: '',
      parts: [{ kind: 'call', callId: 'r1', name: 'read_lines', input: { start: 3, end: 3 } }],
    },
    {
      role: 'user',
      text: '',
      parts: [{ kind: 'result', callId: 'r1', text: '3 | export const beta = alpha * 2;' }],
    },
  ]);
});
