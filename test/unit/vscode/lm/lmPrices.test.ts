import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config';
import { priceOf } from '../../../../src/core/llm/pricing';
import { pricesFor } from '../../../../src/core/run/providers';
import { LmChatClient } from '../../../../src/vscode/lm/lmChat';
import { fakeApi, FakeModel, parts, ToolCallPart } from '../../../support/fakeLm';
import { executeRun, planRun } from '../../../../src/core/pipeline';
import { PLAN_TOOL_NAME } from '../../../../src/core/plan/orchestratorPrompt';
import { formatPlan, freeModelsNote } from '../../../../src/core/report';
import { makeWorkspace } from '../../../support/workspace';

test('a VS Code chat model no price names costs $0 (tokens still counted), not the most expensive price', async () => {
  const client = new LmChatClient(fakeApi([]));
  assert.equal(client.local, true);
  const base = defaultConfig();
  const config = { ...base, models: { ...base.models, orchestrator: 'scripted-1', worker: 'gpt-4o' } };
  const prices = pricesFor({ client, config, workspace: await makeWorkspace({ 'a.ts': 'export {};\n' }) });
  const price = priceOf('scripted-1', prices);
  assert.deepEqual(
    {
      local: price.local,
      input: price.inputPerMTok,
      output: price.outputPerMTok,
      cacheRead: price.cacheReadPerMTok,
      cacheWrite: price.cacheWritePerMTok,
    },
    { local: true, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  );
  // A model the table names keeps its price: the budget still bounds what it would cost.
  const named = priceOf('gpt-4o', prices);
  assert.deepEqual([named.local, named.inputPerMTok, named.outputPerMTok], [undefined, 2.5, 10]);
});

test('the review of a plan on a VS Code chat model says what it is: no price, $0, its share of the token budget', async () => {
  const plan = {
    summary: 'Document a.',
    subtasks: [{ file: 'a.ts', handler: 'llm', instructions: 'Add a comment.', priority: 5 }],
  };
  const model = new FakeModel('fake-1', 'fake-family', () =>
    parts(new ToolCallPart('c1', PLAN_TOOL_NAME, plan)),
  );
  // Named by id: the ledger prices the model id a response names.
  const client = new LmChatClient(fakeApi([model]));
  const base = defaultConfig();
  const config = {
    ...base,
    budgetTokens: 500_000,
    models: { ...base.models, orchestrator: 'fake-1', worker: 'fake-1' },
  };
  const workspace = await makeWorkspace({ 'a.ts': 'export const a = 1;\n' });
  const planned = await planRun({ client, config, workspace }, { instruction: 'document `a` in a.ts' });
  const { estimate } = planned;
  assert.deepEqual(estimate.chatModels, ['fake-1']);
  assert.equal(estimate.totalUsd, 0);
  const used = estimate.freeTokens!.plan + estimate.freeTokens!.workers;
  assert.ok(estimate.freeTokens!.plan > 0 && estimate.freeTokens!.workers > 0, JSON.stringify(estimate));
  const note = `fake-1 (VS Code chat model, no price): $0; ${used} tokens of the 500000-token budget (orchestra.budgetTokens)`;
  assert.equal(freeModelsNote(estimate), note);
  assert.ok(formatPlan(planned).includes(`of budget $1.000; ${note}`), formatPlan(planned));
  assert.ok(!formatPlan(planned).includes('local endpoint'));
});

test('a VS Code chat model named by its family is ledgered, priced and token-budgeted under that name', async () => {
  const plan = {
    summary: 'Document a.',
    subtasks: [{ file: 'a.ts', handler: 'llm', instructions: 'Add a comment.', priority: 5 }],
  };
  const edits = { file: 'a.ts', edits: [{ search: 'export const a', replace: '// One.\nexport const a' }] };
  const model = new FakeModel('fake-1', 'fake-family', () => {
    const tools = model.sent[model.sent.length - 1]!.options.tools.map((t) => t.name);
    return tools.includes(PLAN_TOOL_NAME)
      ? parts(new ToolCallPart('p1', PLAN_TOOL_NAME, plan))
      : parts(new ToolCallPart('e1', 'submit_edits', edits));
  });
  const client = new LmChatClient(fakeApi([model]));
  const base = defaultConfig();
  // Priced as an unknown model (the most expensive rate), the plan call alone would be over this budget.
  const config = {
    ...base,
    budgetUsd: 0.001,
    budgetTokens: 500_000,
    models: { ...base.models, orchestrator: 'fake-family', worker: 'fake-family' },
  };
  const deps = { client, config, workspace: await makeWorkspace({ 'a.ts': 'export const a = 1;\n' }) };
  const planned = await planRun(deps, { instruction: 'document `a` in a.ts' });
  assert.deepEqual(planned.estimate.chatModels, ['fake-family']);
  assert.equal(planned.estimate.totalUsd, 0);
  const result = await executeRun(deps, planned);
  assert.deepEqual(
    result.changes.map((c) => [c.file, c.after]),
    [['a.ts', '// One.\nexport const a = 1;\n']],
  );
  const entries = planned.state.ledger.entries();
  assert.deepEqual(
    entries.map((e) => [e.role, e.provider, e.model, e.costUsd, e.priceKnown, e.free]),
    [
      ['orchestrator', 'vscode-lm', 'fake-family', 0, false, true],
      ['worker', 'vscode-lm', 'fake-family', 0, false, true],
    ],
  );
  assert.equal(result.usage.costUsd, 0);
  assert.deepEqual(result.roles, {
    orchestrator: { provider: 'vscode-lm', model: 'fake-family' },
    worker: { provider: 'vscode-lm', model: 'fake-family' },
  });
  // Every call counts against the token budget, since the dollars cannot bound it.
  const used = entries.reduce(
    (n, e) =>
      n +
      e.usage.inputTokens +
      e.usage.outputTokens +
      e.usage.cacheCreationInputTokens +
      e.usage.cacheReadInputTokens,
    0,
  );
  assert.ok(used > 0);
  assert.equal(planned.state.budget.spentTokens(), used);
});
