/** The estimate line of the review and the CLI: dollars, the budget, and what a $0 model's calls are bounded by. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEstimate, freeModelsNote, overTokenBudgetNote } from '../../../src/core/report';
import type { CostEstimate } from '../../../src/core/runTypes';

const FREE: CostEstimate = {
  totalUsd: 0,
  planUsd: 0,
  workersUsd: 0,
  workerInputTokens: 4000,
  budgetUsd: 1,
  fitsBudget: true,
  freeModels: ['qwen2.5-coder:7b'],
  budgetTokens: 200_000,
  freeTokens: { plan: 2300, workers: 5200 },
  fitsTokens: true,
};

test('a loopback OpenAI-compatible model without a price: the local-endpoint text', () => {
  assert.equal(
    freeModelsNote(FREE),
    'qwen2.5-coder:7b priced $0 (local endpoint, no price known): the budget limits tokens: 200000 for those calls ' +
      '(orchestra.budgetTokens / --budget-tokens); set orchestra.prices / --prices to price them',
  );
});

test('a VS Code chat model: no price, $0, and its share of the token budget', () => {
  const chat = { ...FREE, freeModels: ['gpt-4o'], chatModels: ['gpt-4o'] };
  assert.equal(
    freeModelsNote(chat),
    'gpt-4o (VS Code chat model, no price): $0; 7500 tokens of the 200000-token budget (orchestra.budgetTokens)',
  );
  assert.equal(
    formatEstimate(chat),
    'estimate $0.0000 (plan $0.0000 + workers $0.0000) of budget $1.000; gpt-4o (VS Code chat model, no price): ' +
      '$0; 7500 tokens of the 200000-token budget (orchestra.budgetTokens)',
  );
  // Both kinds in one run: each described as what it is.
  assert.equal(
    freeModelsNote({ ...FREE, freeModels: ['gpt-4o', 'qwen2.5-coder:7b'], chatModels: ['gpt-4o'] }),
    'qwen2.5-coder:7b priced $0 (local endpoint, no price known): the budget limits tokens: 200000 for those calls ' +
      '(orchestra.budgetTokens / --budget-tokens); set orchestra.prices / --prices to price them; ' +
      'gpt-4o (VS Code chat model, no price): $0; 7500 tokens of the 200000-token budget (orchestra.budgetTokens)',
  );
  assert.equal(freeModelsNote({ ...FREE, freeModels: undefined }), undefined);
});

test('over the token budget, the estimate line says which budget it is over, with the figures', () => {
  const over = { ...FREE, budgetTokens: 7000, fitsBudget: false, fitsTokens: false };
  assert.equal(
    overTokenBudgetNote(over),
    "7500 tokens estimated for the $0 models' calls, over the 7000-token budget",
  );
  assert.equal(overTokenBudgetNote(FREE), undefined);
  assert.ok(
    formatEstimate(over).startsWith(
      'estimate $0.0000 (plan $0.0000 + workers $0.0000) of budget $1.000 — OVER THE TOKEN BUDGET ' +
        "(7500 tokens estimated for the $0 models' calls, over the 7000-token budget); qwen2.5-coder:7b priced $0",
    ),
    formatEstimate(over),
  );
  const dollars = { ...FREE, totalUsd: 2, fitsBudget: false };
  assert.match(formatEstimate(dollars), /of budget \$1\.000 — OVER BUDGET; /);
});
