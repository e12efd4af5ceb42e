/** What every stage of one run shares: the metered client, the ledger, the budget, cancellation, events. */
import type { RunConfig } from '../config';
import { OrchestraError, throwIfCancelled } from '../errors';
import { estimateRequestTokens, worstCaseCallUsd, type Budget } from '../llm/budget';
import type { UsageLedger } from '../llm/ledger';
import { priceOf } from '../llm/pricing';
import type { ModelClient, ModelRequest, ModelResponse, RateLimiter } from '../llm/modelClient';
import type { EventSink } from '../stageTypes';
import type { Workspace } from '../workspace/workspace';

export interface RunContext {
  workspace: Workspace;
  /** Already metered: every billed response is in `ledger`. */
  client: ModelClient;
  ledger: UsageLedger;
  budget: Budget;
  config: RunConfig;
  signal?: AbortSignal;
  emit: EventSink;
  /** Shared by every call of the run: paces them to the provider's rate limits (rateGate.ts). */
  limiter?: RateLimiter;
}

/**
 * Reserves the call's worst case before sending it, so concurrent workers can never jointly overspend:
 * a call that could push spend past the budget is not started.
 */
export async function callWithinBudget(ctx: RunContext, request: ModelRequest): Promise<ModelResponse> {
  throwIfCancelled(ctx.signal);
  const promptTokens = estimateRequestTokens(request);
  const worstCase = worstCaseCallUsd(request.model, promptTokens, request.maxTokens, ctx.ledger.prices);
  // A model priced $0 (a local endpoint) is bounded by the token budget instead: the dollars cannot.
  const free = priceOf(request.model, ctx.ledger.prices).local === true;
  const worstTokens = free ? promptTokens + request.maxTokens : 0;
  const reservation = ctx.budget.tryReserve(worstCase, worstTokens);
  if (!reservation && free) {
    const { budget } = ctx;
    throw new OrchestraError(
      'budget-exceeded',
      `token budget exhausted: the next call (${request.label ?? request.role}) to ${request.model}, priced $0, ` +
        `could use up to ${worstTokens} tokens but only ${budget.remainingTokens()} of the ${budget.limitTokens}-token ` +
        'budget remain; raise orchestra.budgetTokens (--budget-tokens)',
    );
  }
  if (!reservation) {
    throw new OrchestraError(
      'budget-exceeded',
      `budget exhausted: the next call (${request.label ?? request.role}) could cost up to $${worstCase.toFixed(4)} ` +
        `but only $${ctx.budget.remainingUsd().toFixed(4)} of $${ctx.config.budgetUsd.toFixed(2)} remains; raise the budget`,
    );
  }
  try {
    return await ctx.client.call(request, { signal: ctx.signal, limiter: ctx.limiter });
  } finally {
    reservation.settle();
  }
}
