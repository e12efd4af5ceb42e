/**
 * Which refactors the orchestrator is offered and which plans pass: the prompt's handler section lists a
 * refactor only for the named symbols TypeScript offers it at (with where), and the plan check dry-runs
 * each refactor step, refusing one that cannot run with the reason (which the re-ask carries to the model).
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfigSchema } from '../../../../src/core/config';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { handlerFor } from '../../../../src/core/handlers/registry';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import { planRun } from '../../../../src/core/pipeline';
import { buildOrchestratorRequest } from '../../../../src/core/plan/orchestratorPrompt';
import { planTool } from '../../../../src/core/plan/planRefactor';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { checkPlan, type PlanCheckHost } from '../../../../src/core/plan/validatePlan';
import type { Workspace } from '../../../../src/core/workspace/workspace';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { API_KEY } from '../../../support/cli';
import { isPlan } from '../../../support/mockRequests';
import { makeWorkspace } from '../../../support/workspace';
import { rename, step, TSCONFIG } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const TOOLS = {
  'tsconfig.json': TSCONFIG,
  'src/tools.ts': `export function reset() {
  return 0;
}

export function sum(a: number, b: number): number {
  return a + b;
}

export default function main(options: { verbose: boolean }) {
  return options.verbose ? sum(1, 2) : reset();
}
`,
  'src/app.ts': `import main, { reset } from './tools';

export const ran = main({ verbose: reset() > 0 });
`,
};

async function rulesFor(ws: Workspace, instruction: string): Promise<string> {
  const facts = await gatherFacts(ws, { instruction, importDepth: 1 });
  const request = buildOrchestratorRequest({
    instruction,
    facts,
    files: ws.listFiles(),
    slices: [],
    maxWorkers: 8,
    model: 'claude-sonnet-4-6',
    maxTokens: 1000,
    tool: planTool,
    workspace: ws,
  });
  return request.system[0]?.text ?? '';
}

/** The handlers the rules list, each with its "Available here for" line (or none). */
function offered(rules: string): Array<[string, string | undefined]> {
  const lines = rules.split('\n');
  const out: Array<[string, string | undefined]> = [];
  lines.forEach((line, i) => {
    const name = /^- handler "([^"]+)": /.exec(line)?.[1];
    if (name === undefined) return;
    const rest = lines.slice(i + 1);
    const end = rest.findIndex((l) => !l.startsWith('  '));
    const available = rest.slice(0, end).find((l) => l.startsWith('  Available here for: '));
    out.push([name, available?.slice('  Available here for: '.length)]);
  });
  return out;
}

test('for a function without parameters and not a default export, neither destructureParams nor toNamedExport is offered', async () => {
  const ws = await makeWorkspace(TOOLS);
  const rules = await rulesFor(ws, 'tidy up `reset`');
  assert.deepEqual(offered(rules), [
    ['llm', undefined],
    ['rename', undefined],
    ['create', undefined],
    // Moves and deletes are always offered: any file can be moved or deleted.
    ['move', undefined],
    ['delete', undefined],
    ['moveToFile', '`reset` in src/tools.ts.'],
    ['inferReturnType', '`reset` in src/tools.ts.'],
  ]);
  for (const name of ['moveToFile', 'inferReturnType'] as const) {
    const h = handlerFor(name);
    assert.ok(
      rules.includes(
        `- handler "${name}": ${h.description}\n  Available here for: \`reset\` in src/tools.ts.\n`,
      ),
    );
  }
  assert.match(
    rules,
    /^- Prefer the handlers that need no model \("rename", "move", "delete", "moveToFile", "inferReturnType"\) wherever one does the change/m,
  );
  assert.doesNotMatch(rules, /destructureParams|toNamedExport|toDefaultExport|extractType/);
});

test('for a default-exported function with a parameter of inline type, each refactor is offered where it applies', async () => {
  const ws = await makeWorkspace(TOOLS);
  const rules = await rulesFor(ws, 'tidy up `main` and `sum`');
  assert.deepEqual(offered(rules), [
    ['llm', undefined],
    ['rename', undefined],
    ['create', undefined],
    // Moves and deletes are always offered: any file can be moved or deleted.
    ['move', undefined],
    ['delete', undefined],
    ['moveToFile', '`main` in src/tools.ts, `sum` in src/tools.ts.'],
    ['destructureParams', '`main` in src/tools.ts, `sum` in src/tools.ts.'],
    ['toNamedExport', '`main` in src/tools.ts.'],
    ['extractType', '`main.options` in src/tools.ts.'],
    ['inferReturnType', '`main` in src/tools.ts.'],
  ]);
});

function hostOf(ws: Workspace): PlanCheckHost {
  return {
    resolveInside: (f) => ws.resolveInside(f),
    exists: (f) => ws.readText(f) !== undefined,
    workspace: ws,
  };
}

test('the plan check dry-runs each refactor step: one TypeScript cannot do is refused with why, the others pass', async () => {
  const ws = await makeWorkspace(TOOLS);
  const subtasks: Subtask[] = [
    step('destructureParams', 'src/tools.ts', { symbol: 'reset' }),
    step('toNamedExport', 'src/tools.ts', { symbol: 'reset' }),
    step('inferReturnType', 'src/tools.ts', { symbol: 'sum' }),
    step('inferReturnType', 'src/tools.ts', { symbol: 'reset' }),
    step('moveToFile', 'src/tools.ts', { symbol: 'reset', to: 'src/tools.ts' }),
    step('extractType', 'src/tools.ts', { symbol: 'main.options', name: 'not valid' }),
  ];
  const check = checkPlan({ summary: 's', subtasks }, hostOf(ws), 8);
  assert.deepEqual(check.rejected, [
    {
      file: 'src/tools.ts',
      reason:
        'destructureParams reset (src/tools.ts): TypeScript does not offer "Convert parameters to destructured object" there',
    },
    {
      file: 'src/tools.ts',
      reason:
        'toNamedExport reset (src/tools.ts): `reset` is not declared as `export default` in src/tools.ts',
    },
    {
      file: 'src/tools.ts',
      reason: 'inferReturnType sum (src/tools.ts): `sum` in src/tools.ts already declares its return type',
    },
    {
      file: 'src/tools.ts',
      reason: 'moveToFile.to is src/tools.ts itself, where the declaration already is',
    },
    { file: 'src/tools.ts', reason: '"not valid" is not a valid identifier' },
  ]);
  assert.deepEqual(check.plan.subtasks, [step('inferReturnType', 'src/tools.ts', { symbol: 'reset' })]);
  assert.equal(check.problems.length, 5);
  // Without the workspace only the arguments are checked; the run refuses what cannot be done.
  const shallow = checkPlan({ summary: 's', subtasks }, { ...hostOf(ws), workspace: undefined }, 8);
  assert.deepEqual(
    shallow.rejected.map((r) => r.reason),
    [
      'moveToFile.to is src/tools.ts itself, where the declaration already is',
      '"not valid" is not a valid identifier',
    ],
  );
});

test('deterministic steps may share a file, one per handler and symbol; one llm step may follow them, a second only by dependsOn', async () => {
  const ws = await makeWorkspace(TOOLS);
  const llm: Subtask = { file: 'src/tools.ts', handler: 'llm', instructions: 'edit', priority: 5 };
  const llm2: Subtask = { file: 'src/tools.ts', handler: 'llm', instructions: 'edit again', priority: 5 };
  const subtasks: Subtask[] = [
    step('inferReturnType', 'src/tools.ts', { symbol: 'reset' }),
    step('inferReturnType', 'src/tools.ts', { symbol: 'main' }),
    step('destructureParams', 'src/tools.ts', { symbol: 'main' }),
    rename('src/tools.ts', 'sum', 'add'),
    step('inferReturnType', 'src/tools.ts', { symbol: 'reset' }),
    llm,
    llm2,
  ];
  const check = checkPlan({ summary: 's', subtasks }, hostOf(ws), 8);
  assert.deepEqual(check.plan.subtasks, [...subtasks.slice(0, 4), llm]);
  assert.deepEqual(check.problems, [
    'src/tools.ts: more than one "inferReturnType" subtask for the same symbol (reset); keep one',
    'src/tools.ts: more than one subtask for this file; merge them into one, or make the later one depend on the earlier (dependsOn)',
  ]);
});

test('a plan asking for an unavailable refactor is re-asked with the reason, and the corrected plan stands', async () => {
  const ws = await makeWorkspace(TOOLS);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Destructure reset.',
      subtasks: [step('destructureParams', 'src/tools.ts', { symbol: 'reset' })],
    }),
    { times: 1 },
  );
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Annotate reset.',
      subtasks: [step('inferReturnType', 'src/tools.ts', { symbol: 'reset' })],
    }),
  );
  const client = createAnthropicClient({
    apiKey: API_KEY,
    baseURL: mock.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  const planned = await planRun(
    { workspace: ws, client, config: RunConfigSchema.parse({}) },
    { instruction: 'make `reset` take an options object' },
  );
  assert.deepEqual(planned.plan.subtasks, [step('inferReturnType', 'src/tools.ts', { symbol: 'reset' })]);
  assert.equal(planned.estimate.workersUsd, 0);
  assert.deepEqual(planned.workerRequests.size, 0);
  assert.equal(mock.requests.length, 2, 'the plan call and its one re-ask');
  assert.ok(mock.requests.every(isPlan));
  const system = mock.requests[0]?.body.system;
  const rules = Array.isArray(system) ? (system[0]?.text ?? '') : (system ?? '');
  assert.match(rules, /^- handler "inferReturnType": /m);
  assert.doesNotMatch(rules, /handler "destructureParams"/);
  const reask = mock.requests[1]?.body.messages.at(-1);
  assert.deepEqual(reask, {
    role: 'user',
    content:
      'the plan has problems:\n- src/tools.ts: destructureParams reset (src/tools.ts): TypeScript does not offer ' +
      '"Convert parameters to destructured object" there\nCall submit_plan again with a corrected plan.',
  });
});
