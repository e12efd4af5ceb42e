/**
 * The estimate's token counts: one count per prompt shape's samples, not per request. A 50-member file group
 * planned through the real SDK against the loopback mock is counted with exactly four count_tokens requests
 * (the declaration's own, three samples of the group), and its estimate matches one counted request by request.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { planRun } from '../../../../src/core/pipeline';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';
import { buildEstimate } from '../../../../src/core/run/estimate';
import { countByShape, countPromptTokens } from '../../../../src/core/run/promptCounts';
import { fileBlock } from '../../../../src/core/worker/workerPrompt';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { mockDeps } from '../../../support/mockRun';
import { isPlan } from '../../../support/mockRequests';
import { STRICT_TSCONFIG } from '../../../support/fetchProject';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

/** A worker request as the engine writes one: its file named, then quoted whole. */
function workerRequest(file: string, text: string, instructions: string): ModelRequest {
  return {
    role: 'worker',
    model: 'claude-haiku-4-5',
    system: [{ text: 'the rules, the instruction and the plan', cache: true }],
    messages: [
      {
        role: 'user',
        content: `Your file: ${file}\nYour subtask: ${instructions}\n\n${fileBlock({ file, whole: true, text, totalLines: 1 })}`,
      },
    ],
    tool: { name: 'submit_edits', description: 'd', inputSchema: {} },
    maxTokens: 8192,
    label: file,
  };
}

const lines = (n: number): string =>
  Array.from({ length: n }, (_, k) => `export const line${k} = "${k}";\n`).join('');

test('1,000 members of one shape: three counts, each other member within a token of its own count', async () => {
  const members = Array.from({ length: 1000 }, (_, i) =>
    workerRequest(`src/gen/m${i}.ts`, lines(5 + ((i * 37) % 200)), 'Pass { method } instead.'),
  );
  const others = [
    workerRequest('src/http.ts', lines(40), 'Change the signature.'),
    workerRequest('src/api.ts', lines(12), 'Re-export the options type.'),
  ];
  const requests = [others[0]!, ...members, others[1]!];
  // What the mock's count answers: a quarter of the request's characters, rounded up (linear in its size).
  const exact = (r: ModelRequest): number => Math.ceil(JSON.stringify(r).length / 4);
  const asked: ModelRequest[] = [];
  const counted = await countByShape(requests, async (r) => {
    asked.push(r);
    return exact(r);
  });
  assert.equal(asked.length, 5, 'two requests with their own instructions, three samples of the group');
  assert.deepEqual(
    asked.filter((r) => r.label?.startsWith('src/gen/')).length,
    3,
    'the group is sampled three times',
  );
  assert.equal(counted.length, requests.length);
  assert.equal(counted[0], exact(others[0]!));
  assert.equal(counted[1001], exact(others[1]!));
  const worst = Math.max(...requests.map((r, i) => Math.abs((counted[i] ?? 0) - exact(r))));
  assert.ok(worst <= 1, `the worst interpolated count is ${worst} tokens off`);
});

test('a shape of up to three requests is counted request by request', async () => {
  const requests = [0, 1, 2].map((i) => workerRequest(`src/c${i}.ts`, lines(i * 10), 'Same words.'));
  let calls = 0;
  const counted = await countByShape(requests, async () => 100 + calls++);
  assert.equal(calls, 3);
  assert.deepEqual([...counted].sort(), [100, 101, 102]);
});

const callers = Array.from({ length: 50 }, (_, i) => `src/callers/c${String(i).padStart(2, '0')}.ts`);
const PROJECT: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/http.ts':
    'export function fetchJson(url: string, method: string): Promise<unknown> {\n  return fetch(url, { method }).then((r) => r.json());\n}\n',
  ...Object.fromEntries(
    callers.map((file, i) => [
      file,
      // Sizes from 1 to 99 padding lines: the members' prompts differ by their file alone.
      `import { fetchJson } from '../http';\n\n${lines(1 + ((i * 7) % 99))}export const load${i} = () => fetchJson('/c${i}', 'GET');\n`,
    ]),
  ),
};
const GROUP_PLAN = {
  summary: 'fetchJson takes an options object.',
  subtasks: [
    {
      file: 'src/http.ts',
      handler: 'llm',
      id: 'decl',
      instructions: 'Change the signature to fetchJson(url, options: { method: string }).',
      priority: 10,
    },
    {
      file: 'the callers',
      handler: 'llm',
      id: 'callers',
      dependsOn: ['decl'],
      group: { glob: 'src/callers/*.ts' },
      instructions: 'Pass { method } instead of the method string.',
      priority: 8,
    },
  ],
};

test('a plan with a 50-member group: exactly 4 count_tokens requests, the estimate as if each were counted', async () => {
  mock.on(isPlan, toolUseReply(GROUP_PLAN));
  const deps = await mockDeps(mock, PROJECT, { maxWorkers: 5000 });
  const planned = await planRun(deps, { instruction: 'make `fetchJson` take an options object' });
  assert.equal(planned.plan.subtasks.length, 51);
  assert.equal(planned.workerRequests.size, 51);
  assert.equal(mock.countTokensRequests.length, 4, "the declaration's own count and three of the group's");

  // The same requests counted one by one, as the estimate did before: what the sampled counts stand for.
  const requests = [...planned.workerRequests.values()];
  mock.reset();
  const count = deps.client.countTokens!.bind(deps.client);
  const each = await Promise.all(requests.map((r) => count(r)));
  assert.equal(mock.countTokensRequests.length, 51);
  const sampled = await countPromptTokens(deps.client, requests, { concurrency: 8 });
  const worst = Math.max(...requests.map((_, i) => Math.abs((sampled[i] ?? 0) - (each[i] ?? 0))));
  assert.ok(worst <= 1, `the worst interpolated count is ${worst} tokens off`);

  const full = buildEstimate(0, requests, deps.config, each, true, undefined, undefined);
  const { estimate } = planned;
  const tokensOff = Math.abs(estimate.workerInputTokens - full.workerInputTokens);
  assert.ok(
    tokensOff <= 50,
    `the workers' input is ${tokensOff} tokens off the counted ${full.workerInputTokens}`,
  );
  const usdOff = Math.abs(estimate.workersUsd - full.workersUsd) / full.workersUsd;
  assert.ok(usdOff < 1e-3, `the workers' estimate is ${(usdOff * 100).toFixed(3)} % off`);
});
