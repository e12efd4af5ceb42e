/**
 * Per-role providers through the CLI: the orchestrator on one loopback mock, the workers on the other (both
 * reached by their real SDKs over HTTP), with request counts at each mock and usage and cost split per provider.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply as anthropicReply } from '../../mock-anthropic/server';
import { MockOpenAI, toolUseReply as openaiReply } from '../../mock-openai/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const OPENAI_KEY = 'sk-proj-ROLES-TEST-0a1b2c3d4e5f6789';
const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const INSTRUCTION = 'make `fetchJson` take an options object';

let anthropic: MockAnthropic;
let openai: MockOpenAI;
let env: Record<string, string>;
before(async () => {
  anthropic = await MockAnthropic.start();
  openai = await MockOpenAI.start();
  env = {
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.url,
  };
});
after(async () => {
  await anthropic.close();
  await openai.close();
});
beforeEach(() => {
  anthropic.reset();
  openai.reset();
});

interface Json {
  roles: unknown;
  usage: {
    calls: number;
    costUsd: number;
    byProvider: Record<string, { calls: number; costUsd: number; usage: Record<string, number> }>;
  };
}

test('orchestrator on Anthropic, workers on OpenAI: 1 + 3 requests, usage and cost split per provider', async () => {
  const dir = writeTree(FETCH_PROJECT);
  anthropic.on(isPlan, anthropicReply(FETCH_PLAN, { usage: { input_tokens: 2000, output_tokens: 300 } }));
  openai.on(isWorker(), (req) =>
    openaiReply(FETCH_EDITS[workerFile(req) ?? '']!, {
      usage: { prompt_tokens: 800, completion_tokens: 120 },
    })(req),
  );
  const args = ['refactor', INSTRUCTION, '--cwd', dir, '--worker-provider', 'openai-compatible'];
  const models = ['--orchestrator-model', 'claude-sonnet-4-6', '--worker-model', 'gpt-4.1-mini'];
  const run = await cli([...args, ...models, '--json', '--apply'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.equal(anthropic.requests.length, 1);
  assert.equal(anthropic.requests.filter(isPlan).length, 1);
  assert.equal(openai.requests.length, 3);
  assert.equal(openai.requests.filter(isWorker()).length, 3);
  const out = JSON.parse(run.stdout) as Json;
  assert.deepEqual(out.roles, {
    orchestrator: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    worker: { provider: 'openai-compatible', model: 'gpt-4.1-mini' },
  });
  // Sonnet: 2000×3 + 300×15 = $0.0105; gpt-4.1-mini: 3 × (800×0.4 + 120×1.6) = $0.001536.
  assert.equal(out.usage.byProvider['anthropic']?.calls, 1);
  assert.equal(out.usage.byProvider['anthropic']?.costUsd, 0.0105);
  assert.equal(out.usage.byProvider['openai-compatible']?.calls, 3);
  assert.equal(out.usage.byProvider['openai-compatible']?.costUsd, 0.001536);
  assert.deepEqual(out.usage.byProvider['openai-compatible']?.usage, {
    inputTokens: 2400,
    outputTokens: 360,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  });
  assert.equal(out.usage.costUsd, 0.012036);
  assert.match(
    run.stderr,
    /Usage: 4 calls, 4400 input \+ 0 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.012 \[anthropic: 1 calls, 2000 input \+ 0 cache-read \+ 0 cache-write \+ 300 output tokens, \$0\.011; openai-compatible: 3 calls, 2400 input \+ 0 cache-read \+ 0 cache-write \+ 360 output tokens, \$0\.0015\]/,
  );
  assert.match(
    run.stderr,
    /Models: orchestrator claude-sonnet-4-6 \(anthropic\), workers gpt-4\.1-mini \(openai-compatible\)/,
  );
});

test('the reverse: orchestrator on OpenAI, workers on Anthropic', async () => {
  const dir = writeTree(FETCH_PROJECT);
  openai.on(isPlan, openaiReply(FETCH_PLAN, { usage: { prompt_tokens: 2000, completion_tokens: 300 } }));
  anthropic.on(isWorker(), (req) =>
    anthropicReply(FETCH_EDITS[workerFile(req) ?? '']!, { usage: { input_tokens: 800, output_tokens: 120 } })(
      req,
    ),
  );
  const args = ['refactor', INSTRUCTION, '--cwd', dir, '--orchestrator-provider', 'openai-compatible'];
  const models = ['--orchestrator-model', 'gpt-4.1', '--worker-model', 'claude-haiku-4-5'];
  const run = await cli([...args, ...models, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(openai.requests.length, 1);
  assert.equal(openai.requests.filter(isPlan).length, 1);
  assert.equal(anthropic.requests.length, 3);
  assert.equal(anthropic.requests.filter(isWorker()).length, 3);
  // The workers' estimate was counted by Anthropic's endpoint, one count per worker request.
  assert.equal(anthropic.countTokensRequests.length, 3);
  const out = JSON.parse(run.stdout) as Json;
  // gpt-4.1: 2000×2 + 300×8 = $0.0064; Haiku 4.5: 3 × (800×1 + 120×5) = $0.0042.
  assert.equal(out.usage.byProvider['openai-compatible']?.costUsd, 0.0064);
  assert.equal(out.usage.byProvider['anthropic']?.costUsd, 0.0042);
  assert.equal(out.usage.costUsd, 0.0106);
});
