/**
 * Spend control by reservation: before a call, reserve its worst case (counted input + the full output
 * allowance); the call only goes out if spent + outstanding reservations + worst case fit the limit.
 * Actual spend lands in the ledger; `settle()` then releases the reservation.
 *
 * Spend can exceed the limit only when an input-token estimate under-counted (the output side is capped
 * by max_tokens, so it cannot). Between `ledger.record` and `settle()` a call is counted twice, which
 * only makes the check stricter.
 */
import { OrchestraError } from '../errors';
import { messageText, toolsOf, type ModelRequest, type TokenUsage } from './modelClient';
import { priceOf, roundUsd, type Prices } from './pricing';
import type { UsageLedger } from './ledger';

export interface Reservation {
  readonly amountUsd: number;
  readonly settled: boolean;
  /** Releases the reservation; idempotent. */
  settle(): void;
}

export class Budget {
  private readonly outstanding = new Set<{ amountUsd: number; tokens: number }>();

  /**
   * `limitTokens`: what the calls to models priced $0 (a local endpoint, no price known) may use in tokens
   * (input, cache and output together); the dollar limit cannot bound those, so this does.
   */
  constructor(
    readonly limitUsd: number,
    private readonly ledger: UsageLedger,
    readonly limitTokens: number = Number.POSITIVE_INFINITY,
  ) {}

  spentUsd(): number {
    return this.ledger.totalUsd();
  }

  /** Tokens the calls to $0 models used so far. */
  spentTokens(): number {
    let sum = 0;
    for (const e of this.ledger.entries()) if (e.free === true) sum += totalTokens(e.usage);
    return sum;
  }

  reservedUsd(): number {
    let sum = 0;
    for (const r of this.outstanding) sum += r.amountUsd;
    return roundUsd(sum);
  }

  reservedTokens(): number {
    let sum = 0;
    for (const r of this.outstanding) sum += r.tokens;
    return sum;
  }

  /** What is left after spend and outstanding reservations (never negative). */
  remainingUsd(): number {
    return Math.max(0, roundUsd(this.limitUsd - this.spentUsd() - this.reservedUsd()));
  }

  /** Tokens left for $0 models after their use and outstanding reservations (never negative). */
  remainingTokens(): number {
    return Math.max(0, this.limitTokens - this.spentTokens() - this.reservedTokens());
  }

  /**
   * Reserves `worstCaseUsd` (and, for a call to a $0 model, `worstCaseTokens` of the token limit), or returns
   * undefined when either would not fit its limit.
   */
  tryReserve(worstCaseUsd: number, worstCaseTokens = 0): Reservation | undefined {
    const after = roundUsd(this.spentUsd() + this.reservedUsd() + worstCaseUsd);
    if (after > this.limitUsd) return undefined;
    if (worstCaseTokens > 0 && worstCaseTokens > this.remainingTokens()) return undefined;
    const slot = { amountUsd: worstCaseUsd, tokens: worstCaseTokens };
    this.outstanding.add(slot);
    const outstanding = this.outstanding;
    return {
      amountUsd: worstCaseUsd,
      get settled() {
        return !outstanding.has(slot);
      },
      settle: () => void outstanding.delete(slot),
    };
  }

  /** Like tryReserve, but throws `budget-exceeded` naming what did not fit. */
  reserveOrThrow(worstCaseUsd: number, what: string): Reservation {
    const reservation = this.tryReserve(worstCaseUsd);
    if (reservation) return reservation;
    throw new OrchestraError(
      'budget-exceeded',
      `${what} could cost up to $${worstCaseUsd.toFixed(4)}, but only $${this.remainingUsd().toFixed(4)} of the ` +
        `$${this.limitUsd.toFixed(2)} budget is left: raise orchestra.budgetUsd or narrow the request.`,
    );
  }
}

function totalTokens(u: TokenUsage): number {
  return u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens + u.outputTokens;
}

/**
 * Upper bound for one call: every input token priced at the dearer of plain input and cache write,
 * plus the whole output allowance.
 */
export function worstCaseCallUsd(
  model: string,
  inputTokens: number,
  maxOutputTokens: number,
  prices?: Prices,
): number {
  const p = priceOf(model, prices);
  const inputRate = Math.max(p.inputPerMTok, p.cacheWritePerMTok);
  return roundUsd((inputTokens * inputRate + maxOutputTokens * p.outputPerMTok) / 1_000_000);
}

/** Conservative token estimate (~3.5 characters per token; real English/code averages closer to 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

/** Per-message framing the API adds on top of the text (a deliberate over-estimate). */
const MESSAGE_OVERHEAD_TOKENS = 8;
/** The hidden tool-use system prompt the API adds when tools are sent (~313-346 tokens per Anthropic docs). */
const TOOL_USE_OVERHEAD_TOKENS = 350;

/** Estimate for a whole request: system, messages (tool calls and results too), and the tool definitions. */
export function estimateRequestTokens(request: ModelRequest): number {
  let total = TOOL_USE_OVERHEAD_TOKENS;
  for (const tool of toolsOf(request)) {
    total += estimateTokens(JSON.stringify({ name: tool.name, d: tool.description, s: tool.inputSchema }));
  }
  for (const block of request.system) total += estimateTokens(block.text);
  for (const message of request.messages) {
    total += estimateTokens(messageText(message)) + MESSAGE_OVERHEAD_TOKENS;
  }
  return total;
}
