import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf, priceOf } from '../../../../src/core/llm/pricing';
import { UsageLedger, type LedgerEntry } from '../../../../src/core/llm/ledger';
import { Budget, estimateTokens, worstCaseCallUsd } from '../../../../src/core/llm/budget';
import { OrchestraError } from '../../../../src/core/errors';
import type { TokenUsage } from '../../../../src/core/llm/modelClient';

const usage = (input: number, output: number, cacheWrite = 0, cacheRead = 0): TokenUsage => ({
  inputTokens: input,
  outputTokens: output,
  cacheCreationInputTokens: cacheWrite,
  cacheReadInputTokens: cacheRead,
});
const MTOK = 1_000_000;

test('dated ids and aliases resolve by prefix to the right price', () => {
  const cases: Array<[string, string, number, number, number, number]> = [
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4', 3, 15, 3.75, 0.3],
    ['claude-sonnet-4-5', 'claude-sonnet-4', 3, 15, 3.75, 0.3],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5', 1, 5, 1.25, 0.1],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku', 0.8, 4, 1, 0.08],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5', 5, 25, 6.25, 0.5],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1', 15, 75, 18.75, 1.5],
    ['claude-opus-4-20250514', 'claude-opus-4', 15, 75, 18.75, 1.5],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4', 3, 15, 3.75, 0.3],
    ['claude-sonnet-4.5', 'claude-sonnet-4', 3, 15, 3.75, 0.3],
  ];
  for (const [model, matched, input, output, write, read] of cases) {
    assert.deepEqual(
      priceOf(model),
      {
        inputPerMTok: input,
        outputPerMTok: output,
        cacheWritePerMTok: write,
        cacheReadPerMTok: read,
        matched,
        known: true,
      },
      model,
    );
  }
});

test('a prefix only matches at a boundary; unknown models get the most expensive price, flagged', () => {
  assert.equal(priceOf('claude-opus-4-10').matched, 'claude-opus-4');
  assert.deepEqual(priceOf('mistral-large-2'), {
    inputPerMTok: 15,
    outputPerMTok: 75,
    cacheWritePerMTok: 18.75,
    cacheReadPerMTok: 1.5,
    matched: undefined,
    known: false,
  });
});

test('costOf sums all four token kinds exactly', () => {
  assert.equal(costOf('claude-sonnet-4-5-20250929', usage(MTOK, MTOK, MTOK, MTOK)), 22.05);
  // 1200 in, 300 out, 10 000 cache write, 50 000 cache read on Haiku 4.5.
  assert.equal(costOf('claude-haiku-4-5', usage(1200, 300, 10_000, 50_000)), 0.0202); // 0.0012 + 0.0015 + 0.0125 + 0.005
  assert.equal(costOf('claude-haiku-4-5', usage(0, 0)), 0);
  assert.equal(costOf('mystery-model', usage(1000, 1000)), 0.09);
});

test('ledger: entries, totals and the per-role summary', () => {
  const ledger = new UsageLedger();
  const seen: LedgerEntry[] = [];
  let hookCalls = 0;
  ledger.onRecord = () => hookCalls++;
  const unsubscribe = ledger.subscribe((e) => seen.push(e));
  ledger.record({
    role: 'orchestrator',
    model: 'claude-sonnet-4-5',
    usage: usage(10_000, 2_000),
    requestId: 'req_1',
  });
  ledger.record({
    role: 'worker',
    model: 'claude-haiku-4-5',
    label: 'a.ts',
    usage: usage(1_000, 500, 4_000, 0),
  });
  unsubscribe();
  ledger.record({
    role: 'worker',
    model: 'claude-haiku-4-5',
    label: 'b.ts',
    usage: usage(1_000, 500, 0, 4_000),
  });
  assert.equal(hookCalls, 3);
  assert.deepEqual(
    seen.map((e) => [e.seq, e.label, e.costUsd]),
    [
      [1, undefined, 0.06],
      [2, 'a.ts', 0.0085],
    ],
  );
  assert.deepEqual(
    ledger.entries().map((e) => e.costUsd),
    [0.06, 0.0085, 0.0039],
  );
  assert.equal(ledger.totalUsd(), 0.0724);
  assert.deepEqual(ledger.summary(), {
    calls: 3,
    usage: usage(12_000, 3_000, 4_000, 4_000),
    costUsd: 0.0724,
    byRole: {
      orchestrator: { calls: 1, usage: usage(10_000, 2_000), costUsd: 0.06 },
      worker: { calls: 2, usage: usage(2_000, 1_000, 4_000, 4_000), costUsd: 0.0124 },
    },
  });
});

test('worstCaseCallUsd prices input at the cache-write rate plus the full output allowance', () => {
  // Haiku 4.5: 10 000 × $1.25 + 8 192 × $5 per MTok.
  assert.equal(worstCaseCallUsd('claude-haiku-4-5', 10_000, 8_192), 0.05346); // 0.0125 + 0.04096
  assert.equal(worstCaseCallUsd('claude-sonnet-4-5', 0, 1_000), 0.015);
});

test('estimateTokens is ceil(chars / 3.5)', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abcdefg'), 2);
  assert.equal(estimateTokens('x'.repeat(3500)), 1000);
  assert.equal(estimateTokens('x'.repeat(3501)), 1001);
});

test('budget reservations refuse exactly when spent + reserved + worst case exceeds the limit', () => {
  const ledger = new UsageLedger();
  const budget = new Budget(0.1, ledger);
  const a = budget.tryReserve(0.04);
  const b = budget.tryReserve(0.05);
  assert.ok(a && b);
  assert.equal(budget.reservedUsd(), 0.09);
  assert.equal(budget.remainingUsd(), 0.01);
  assert.equal(budget.tryReserve(0.0100001), undefined);
  const c = budget.tryReserve(0.01); // exactly at the limit is allowed
  assert.ok(c);
  assert.equal(budget.remainingUsd(), 0);
  c.settle();
  // `a` completes: the ledger gets its actual cost (Sonnet 4.5: 5 000 in + 1 000 out = $0.03), then it settles.
  ledger.record({ role: 'worker', model: 'claude-sonnet-4-5', usage: usage(5_000, 1_000) });
  a.settle();
  a.settle(); // idempotent
  assert.equal(a.settled, true);
  assert.equal(b.settled, false);
  assert.equal(budget.spentUsd(), 0.03);
  assert.equal(budget.remainingUsd(), 0.02);
  assert.equal(budget.tryReserve(0.021), undefined);
  assert.ok(budget.tryReserve(0.02));
  b.settle();
});

test('reserveOrThrow says what did not fit and how to fix it', () => {
  const budget = new Budget(0.05, new UsageLedger());
  assert.ok(budget.reserveOrThrow(0.03, 'the plan call'));
  assert.throws(
    () => budget.reserveOrThrow(0.03, 'worker a.ts'),
    (e: unknown) =>
      e instanceof OrchestraError &&
      e.reason === 'budget-exceeded' &&
      e.message ===
        'worker a.ts could cost up to $0.0300, but only $0.0200 of the $0.05 budget is left: ' +
          'raise orchestra.budgetUsd or narrow the request.',
  );
});

test('Bedrock and Vertex ids price as the same Anthropic models', () => {
  for (const [id, same] of [
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['claude-haiku-4-5@20251001', 'claude-haiku-4-5'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
  ] as const) {
    const p = priceOf(id);
    assert.ok(p.known, id);
    const { matched: _m, known: _k, ...price } = p;
    const { matched: _m2, known: _k2, ...expected } = priceOf(same);
    assert.deepEqual(price, expected, id);
  }
  assert.equal(priceOf('claude-haiku-4-5@20251001').inputPerMTok, 1);
});
