/** The token budget of $0 models: reservations and use counted in tokens, paid models left to the dollars. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Budget } from '../../../../src/core/llm/budget';
import { UsageLedger } from '../../../../src/core/llm/ledger';
import type { TokenUsage } from '../../../../src/core/llm/modelClient';

function usage(input: number, output: number): TokenUsage {
  return { inputTokens: input, outputTokens: output, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
}

test('token reservations refuse exactly when used + reserved + worst case exceeds the token limit', () => {
  const ledger = new UsageLedger({ localModels: new Set(['qwen2.5-coder:7b']) });
  const budget = new Budget(0.01, ledger, 10_000);
  const a = budget.tryReserve(0, 6_000);
  assert.ok(a);
  assert.equal(budget.remainingTokens(), 4_000);
  assert.equal(budget.tryReserve(0, 4_001), undefined);
  const b = budget.tryReserve(0, 4_000); // exactly at the limit is allowed
  assert.ok(b);
  b.settle();
  // `a`'s call used 2,500 tokens of a local model, then it settles; a paid model's tokens do not count.
  ledger.record({ role: 'worker', model: 'qwen2.5-coder:7b', usage: usage(2_000, 500) });
  ledger.record({ role: 'worker', model: 'claude-haiku-4-5', usage: usage(1_000, 100) });
  a.settle();
  assert.equal(budget.spentTokens(), 2_500);
  assert.equal(budget.remainingTokens(), 7_500);
  // A call without tokens to reserve (a paid model) is judged by the dollars only.
  assert.ok(budget.tryReserve(0.001));
  assert.equal(budget.tryReserve(0, 7_501), undefined);
});
