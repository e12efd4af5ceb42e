import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildEstimate,
  cachedPrefixTokens,
  estimateWorkers,
  outputAllowance,
} from '../../../../src/core/run/estimate';
import { worthWarming } from '../../../../src/core/run/runSubtasks';
import { minCacheableTokens } from '../../../../src/core/llm/pricing';
import { defaultConfig } from '../../../../src/core/config';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';

function request(shared: string, user: string): ModelRequest {
  return {
    role: 'worker',
    model: 'claude-haiku-4-5',
    system: [{ text: shared, cache: true }],
    messages: [{ role: 'user', content: user }],
    tool: { name: 't', description: 'd', inputSchema: {} },
    maxTokens: 8192,
  };
}

test('counted tokens price the shared prefix as one cache write then cache reads', () => {
  const shared = 'x'.repeat(3.5 * 5000); // ≈ 5000 tokens at 3.5 chars/token: over Haiku 4.5's 4096 minimum
  const user = 'y'.repeat(700); // ≈ 200 tokens
  const requests = [request(shared, user), request(shared, user), request(shared, user)];
  const counted = [6000, 6000, 6000];
  const allowance = outputAllowance(requests[0]!);
  assert.equal(allowance, 200 / 2 + 200); // half the ≈200 tokens of the file message, + 200
  const { usd, inputTokens } = estimateWorkers(requests, counted);
  assert.equal(inputTokens, 18000);
  // haiku-4-5: input $1, output $5, cache write $1.25, cache read $0.10 per MTok
  // The cached prefix is the tool definition plus the 5000-token system block.
  const prefix = cachedPrefixTokens(requests[0]!);
  assert.equal(prefix, 5000 + Math.ceil(JSON.stringify(requests[0]!.tool).length / 3.5));
  const first = ((6000 - prefix) * 1 + prefix * 1.25 + allowance * 5) / 1e6;
  const later = ((6000 - prefix) * 1 + prefix * 0.1 + allowance * 5) / 1e6;
  assert.ok(Math.abs(usd - (first + 2 * later)) < 1e-9, `${usd}`);
});

test('a provider that does not cache prompts pays the shared prefix in full on every request', () => {
  const shared = 'x'.repeat(3.5 * 5000); // cacheable for Haiku 4.5 if the provider cached at all
  const requests = [request(shared, 'file'), request(shared, 'file'), request(shared, 'file')];
  const allowance = outputAllowance(requests[0]!);
  const { usd } = estimateWorkers(requests, [6000, 6000, 6000], false);
  assert.ok(Math.abs(usd - (3 * (6000 * 1 + allowance * 5)) / 1e6) < 1e-9, `${usd}`);
  assert.ok(estimateWorkers(requests, [6000, 6000, 6000]).usd < usd, 'caching makes it cheaper');
});

test('a shared prefix under the model minimum is not priced as cached', () => {
  const rules = 'r'.repeat(3.5 * 2000); // 2000 tokens: cacheable for Sonnet (1024), not for Haiku 4.5 (4096)
  const requests = [request(rules, 'file'), request(rules, 'file')];
  const { usd } = estimateWorkers(requests, [500, 500]);
  const allowance = outputAllowance(requests[0]!);
  assert.ok(Math.abs(usd - (2 * (500 * 1 + allowance * 5)) / 1e6) < 1e-9);
});

test('the estimate says whether it fits the budget', () => {
  const config = { ...defaultConfig(), budgetUsd: 0.01 };
  const fits = buildEstimate(0.002, [request('r', 'f')], config, [1000]);
  assert.equal(fits.fitsBudget, true);
  const over = buildEstimate(0.009, [request('r', 'f')], config, [1000]);
  assert.equal(over.fitsBudget, false);
  assert.equal(over.planUsd, 0.009);
});

test('for models priced $0 the estimate fits only when their tokens (planning + workers) fit the token budget', () => {
  const model = 'qwen2.5-coder:7b';
  const prices = { localModels: new Set([model]) };
  const base = defaultConfig();
  const config = {
    ...base,
    budgetTokens: 10_000,
    models: { ...base.models, orchestrator: model, worker: model },
  };
  const requests = [
    { ...request('r', 'f'), model },
    { ...request('r', 'f'), model },
  ];
  const allowance = outputAllowance(requests[0]!);
  const workers = 2 * (3000 + allowance);
  const fits = buildEstimate(0, requests, config, [3000, 3000], true, undefined, prices, 10_000 - workers);
  assert.deepEqual(
    [fits.totalUsd, fits.fitsBudget, fits.fitsTokens, fits.freeTokens, fits.budgetTokens],
    [0, true, true, { plan: 10_000 - workers, workers }, 10_000],
  );
  const over = buildEstimate(0, requests, config, [3000, 3000], true, undefined, prices, 10_001 - workers);
  assert.deepEqual([over.totalUsd, over.fitsBudget, over.fitsTokens], [0, false, false]);
  // A priced model's tokens are the dollar budget's business: no token figures, the dollars decide.
  const haiku = [request('r', 'f'), request('r', 'f')];
  const priced = buildEstimate(0, haiku, defaultConfig(), [3000, 3000], true, undefined, prices, 0);
  assert.deepEqual([priced.fitsBudget, priced.fitsTokens, priced.freeTokens], [true, undefined, undefined]);
});

test('cache warm-up only when the prefix is cacheable for the model and enough workers share it', () => {
  const big = 'x'.repeat(3.5 * 5000);
  const small = 'x'.repeat(3.5 * 2000);
  assert.equal(worthWarming([request(big, 'f'), request(big, 'f'), request(big, 'f')], 4), true);
  assert.equal(worthWarming([request(big, 'f'), request(big, 'f')], 4), false);
  assert.equal(worthWarming([request(big, 'f'), request(big, 'f'), request(big, 'f')], 1), false);
  assert.equal(worthWarming([request(small, 'f'), request(small, 'f'), request(small, 'f')], 4), false);
  assert.equal(minCacheableTokens('claude-haiku-4-5-20251001'), 4096);
  assert.equal(minCacheableTokens('claude-sonnet-4-6'), 1024);
});
