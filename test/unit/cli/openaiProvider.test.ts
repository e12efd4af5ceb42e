/**
 * The CLI on the openai-compatible provider, end to end through the REAL `openai` SDK over HTTP to the loopback
 * mock: the fetchJson refactoring with exact resulting texts and costs, a local model at $0, the --prices file,
 * Azure, and the faults with their messages and exit codes (nothing written, the key in no output).
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  errorReply,
  malformedArgumentsReply,
  MockOpenAI,
  rateLimitReply,
  serverErrorReply,
  toolUseReply,
} from '../../mock-openai/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, type CliRun } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const KEY = 'sk-proj-OPENAI-TEST-9f8e7d6c5b4a3210';
const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const INSTRUCTION = 'make `fetchJson` take an options object';
const BEFORE = Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]]));

let mock: MockOpenAI;
let keyless: MockOpenAI;
before(async () => {
  mock = await MockOpenAI.start({ rejectedKeys: ['sk-proj-REVOKED-000000000000'] });
  keyless = await MockOpenAI.start({ keyless: true });
});
after(async () => {
  await mock.close();
  await keyless.close();
});
beforeEach(() => {
  mock.reset();
  keyless.reset();
});

function env(over: Record<string, string> = {}): Record<string, string> {
  return { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: mock.url, ...over };
}

function script(target: MockOpenAI, cached = 0): void {
  target.on(isPlan, toolUseReply(FETCH_PLAN, { usage: { prompt_tokens: 2000, completion_tokens: 300 } }));
  target.on(isWorker(), (req) =>
    toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, {
      usage: { prompt_tokens: 800, completion_tokens: 120, cached_tokens: cached },
    })(req),
  );
}

const refactor = (dir: string, ...extra: string[]): string[] => [
  'refactor',
  INSTRUCTION,
  '--cwd',
  dir,
  '--provider',
  'openai-compatible',
  '--orchestrator-model',
  'gpt-4.1',
  '--worker-model',
  'gpt-4.1-mini',
  ...extra,
];

function assertNoKey(run: CliRun, key = KEY): void {
  const all = `${run.stdout}\n${run.stderr}`;
  assert.ok(!all.includes(key), `the key leaked:\n${all}`);
  assert.ok(!all.includes(key.slice(8, 22)), `a fragment of the key leaked:\n${all}`);
  assert.ok(!JSON.stringify(mock.requests.map((r) => r.body)).includes(key));
}

test('the fetchJson refactoring end to end on openai-compatible: exact texts, usage with cached tokens, exact cost', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script(mock, 500);
  const run = await cli(refactor(dir, '--apply'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.equal(mock.requests.filter(isPlan).length, 1);
  assert.equal(mock.requests.filter(isWorker()).length, 3);
  assert.equal(mock.requests.length, 4);
  assert.ok(mock.requests.every((r) => r.body.stream === true && r.apiKey === KEY));
  // plan: 2000×$2 + 300×$8 = $0.0064; each worker: 300×$0.4 + 500×$0.1 (cached) + 120×$1.6 = $0.000362.
  assert.match(
    run.stderr,
    /Usage: 4 calls, 2900 input \+ 1500 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.0075 /,
  );
  assert.match(
    run.stderr,
    /Models: orchestrator gpt-4\.1 \(openai-compatible\), workers gpt-4\.1-mini \(openai-compatible\)/,
  );
  assertNoKey(run);
});

test('--json reports the roles and the per-provider usage; the key is not in it', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script(mock);
  const run = await cli(refactor(dir, '--json'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  const out = JSON.parse(run.stdout) as {
    roles: unknown;
    usage: { costUsd: number; byProvider: Record<string, { calls: number; costUsd: number }> };
  };
  assert.deepEqual(out.roles, {
    orchestrator: { provider: 'openai-compatible', model: 'gpt-4.1' },
    worker: { provider: 'openai-compatible', model: 'gpt-4.1-mini' },
  });
  // 0.0064 + 3 × (800×0.4 + 120×1.6)/1e6 = 0.0064 + 0.001536
  assert.equal(out.usage.costUsd, 0.007936);
  assert.deepEqual(Object.keys(out.usage.byProvider), ['openai-compatible']);
  assert.equal(out.usage.byProvider['openai-compatible']?.calls, 4);
  assertNoKey(run);
  assert.deepEqual(readTree(dir, FILES), BEFORE);
});

test('a local model with no price runs without a key at $0, tokens counted, and the token budget is said', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script(keyless);
  const run = await cli(
    [
      'refactor',
      INSTRUCTION,
      '--cwd',
      dir,
      '--provider',
      'openai-compatible',
      '--model',
      'qwen2.5-coder:7b',
      '--apply',
    ],
    { OPENAI_BASE_URL: keyless.url },
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.ok(keyless.requests.every((r) => r.headers.authorization === undefined));
  assert.match(
    run.stderr,
    /Usage: 4 calls, 4400 input \+ 0 cache-read \+ 0 cache-write \+ 660 output tokens, \$0\.0000 /,
  );
  assert.match(
    run.stderr,
    /qwen2\.5-coder:7b priced \$0 \(local endpoint, no price known\): the budget limits tokens: 2000000 for those calls \(orchestra\.budgetTokens \/ --budget-tokens\); set orchestra\.prices \/ --prices to price them$/m,
  );
});

test('--prices FILE prices a model exactly (and overrides the built-in table)', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const prices = join(tempDir('prices-'), 'prices.json');
  writeFileSync(
    prices,
    JSON.stringify({
      'qwen2.5-coder': { inputPerMTok: 1, outputPerMTok: 10 },
      'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 20, cacheReadPerMTok: 1 },
    }),
  );
  script(keyless);
  const local = await cli(
    [
      'refactor',
      INSTRUCTION,
      '--cwd',
      dir,
      '--provider',
      'openai-compatible',
      '--model',
      'qwen2.5-coder:7b',
      '--prices',
      prices,
      '--json',
    ],
    { OPENAI_BASE_URL: keyless.url },
  );
  assert.equal(local.code, ExitCode.done, local.stderr);
  // 4400 × $1 + 660 × $10 per million = 0.0044 + 0.0066
  assert.equal((JSON.parse(local.stdout) as { usage: { costUsd: number } }).usage.costUsd, 0.011);
  assert.doesNotMatch(local.stderr, /priced \$0/);

  script(mock);
  const hosted = await cli(refactor(dir, '--prices', prices, '--json'), env());
  assert.equal(hosted.code, ExitCode.done, hosted.stderr);
  // plan at the override: 2000×3 + 300×20 = 0.012; workers: the prefix key "gpt-4.1" also matches gpt-4.1-mini
  // (longest prefix of the user's prices first): 3 × (800×3 + 120×20) = 0.0144.
  assert.equal((JSON.parse(hosted.stdout) as { usage: { costUsd: number } }).usage.costUsd, 0.0264);
});

test('a bad --prices file is bad input naming the entry; nothing is called', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const prices = join(tempDir('prices-'), 'prices.json');
  writeFileSync(prices, JSON.stringify({ 'gpt-4.1': { inputPerMTok: -1, outputPerMTok: 2 } }));
  const run = await cli(refactor(dir, '--prices', prices), env());
  assert.equal(run.code, ExitCode.badInput);
  assert.match(
    run.stderr,
    /error: --prices .*prices\.json: gpt-4\.1\.inputPerMTok: Too small: expected number to be >=0/,
  );
  assert.equal(mock.requests.length, 0);
});

test('Azure: --openai-api-version sends ?api-version= and the key as api-key', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script(mock);
  const run = await cli(
    refactor(
      dir,
      '--openai-base-url',
      `${mock.url}/openai/deployments/gpt41`,
      '--openai-api-version',
      '2024-10-21',
    ),
    env(),
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.length, 4);
  for (const r of mock.requests) {
    assert.equal(r.path, '/v1/openai/deployments/gpt41/chat/completions');
    assert.deepEqual(r.query, { 'api-version': '2024-10-21' });
    assert.equal(r.keyHeader, 'api-key');
  }
  assertNoKey(run);
});

test('a rejected key → exit 6 with the auth message, nothing written, the key in no output', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const revoked = 'sk-proj-REVOKED-000000000000';
  const run = await cli(refactor(dir, '--apply'), env({ OPENAI_API_KEY: revoked }));
  assert.equal(run.code, ExitCode.apiError);
  assert.match(
    run.stderr,
    /error: authentication failed: check your API key \(401: Incorrect API key provided\.\)/,
  );
  assert.equal(mock.requests.length, 1);
  assert.deepEqual(readTree(dir, FILES), BEFORE);
  assertNoKey(run, revoked);
});

test('a hosted endpoint without OPENAI_API_KEY → exit 6 before any request', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const run = await cli(refactor(dir, '--openai-base-url', 'https://api.openai.com/v1'), {});
  assert.equal(run.code, ExitCode.apiError);
  assert.match(run.stderr, /error: No API key: set OPENAI_API_KEY for https:\/\/api\.openai\.com\/v1/);
});

test('vscode-lm on the CLI is bad input', async () => {
  const dir = writeTree(FETCH_PROJECT);
  const run = await cli(
    [
      'refactor',
      INSTRUCTION,
      '--cwd',
      dir,
      '--provider',
      'openai-compatible',
      '--worker-provider',
      'vscode-lm',
    ],
    env(),
  );
  assert.equal(run.code, ExitCode.badInput);
  assert.match(run.stderr, /The vscode-lm provider is only available inside VS Code/);
});

test('429 with retry-after is waited out and retried; the run completes and bills 4 calls', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, rateLimitReply(0.1), { times: 1 });
  script(mock);
  const run = await cli(refactor(dir, '--json'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.length, 5);
  assert.ok(mock.requests[1]!.receivedAtMs - mock.requests[0]!.receivedAtMs >= 95);
  assert.equal((JSON.parse(run.stdout) as { usage: { calls: number } }).usage.calls, 4);
  assert.match(run.stderr, /rate-limited \(429\).*retry 1\/2 in 0\.10 s \(retry-after\)/);
});

test('500 until the retries run out → exit 6 overloaded, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, serverErrorReply(500));
  const run = await cli(refactor(dir, '--apply', '--max-retries', '1'), env());
  assert.equal(run.code, ExitCode.apiError);
  assert.match(
    run.stderr,
    /error: the API is overloaded \(500\) after 1 retry: try again in a few minutes\./,
  );
  assert.equal(mock.requests.length, 2);
  assert.deepEqual(readTree(dir, FILES), BEFORE);
});

test('a hanging endpoint → exit 6 timeout, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, { hang: true });
  const run = await cli(refactor(dir, '--apply', '--timeout', '0.3', '--max-retries', '0'), env());
  assert.equal(run.code, ExitCode.apiError);
  assert.match(run.stderr, /error: request timed out after 0\.3 s \(0 retries\)/);
  assert.deepEqual(readTree(dir, FILES), BEFORE);
});

test('malformed tool arguments from a worker are re-asked with the parse error, and the run completes', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(
    isWorker('src/users.ts'),
    malformedArgumentsReply('{"file": "src/users.ts", "edits": [{"search": '),
    {
      times: 1,
    },
  );
  script(mock);
  const run = await cli(refactor(dir, '--apply'), env());
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  const users = mock.requests.filter(isWorker('src/users.ts'));
  assert.equal(users.length, 2);
  assert.match(users[1]!.userText, /The tool input is not valid JSON/);
});

test('malformed plan arguments twice → exit 5 (invalid model output), nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, malformedArgumentsReply('{"summary": "x", "subtasks": ['));
  const run = await cli(refactor(dir, '--apply'), env());
  assert.equal(run.code, ExitCode.invalidModelOutput, run.stderr);
  assert.match(run.stderr, /not valid JSON/);
  assert.deepEqual(readTree(dir, FILES), BEFORE);
});

test('an API error echoing the key is redacted everywhere', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, (req) =>
    errorReply(400, 'invalid_request_error', `bad request for key ${req.apiKey ?? ''}`),
  );
  const run = await cli(refactor(dir), env());
  assert.equal(run.code, ExitCode.apiError);
  assert.match(run.stderr, /rejected the request \(400\): bad request for key \[redacted\]/);
  assertNoKey(run);
});
