/** What every stage of one run shares: the metered client, the ledger, the budget, cancellation, events. */
import type { RunConfig } from '../config';
import { OrchestraError, throwIfCancelled } from '../errors';
import { estimateRequestTokens, worstCaseCallUsd, type Budget } from '../llm/budget';
import type { UsageLedger } from '../llm/ledger';
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
  const worstCase = worstCaseCallUsd(
    request.model,
    estimateRequestTokens(request),
    request.maxTokens,
    ctx.ledger.prices,
  );
  const reservation = ctx.budget.tryReserve(worstCase);
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
