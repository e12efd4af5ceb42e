/**
 * USD prices per million tokens. Matched by id prefix so dated ids (claude-sonnet-4-5-20250929) and
 * aliases resolve; an unknown model is priced like the most expensive known one, so estimates and the
 * budget err on the safe side.
 */
import type { TokenUsage } from './modelClient';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** 5-minute cache writes. */
  cacheWritePerMTok: number;
  cacheReadPerMTok: number;
}

export interface PriceLookup extends ModelPrice {
  /** The table prefix that matched, or undefined for an unknown model. */
  matched: string | undefined;
  known: boolean;
}

const price = (input: number, output: number, cacheWrite: number, cacheRead: number): ModelPrice => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cacheWritePerMTok: cacheWrite,
  cacheReadPerMTok: cacheRead,
});

const OPUS_LEGACY = price(15, 75, 18.75, 1.5);
const OPUS = price(5, 25, 6.25, 0.5);
const SONNET = price(3, 15, 3.75, 0.3);

/** Longest matching prefix wins, so `claude-opus-4-5` beats `claude-opus-4`. */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  // Opus 4 and 4.1 kept the old price; 4.5 and later dropped it. A future 4.x falls back to the
  // `claude-opus-4` row, i.e. the higher price (conservative).
  'claude-opus-4': OPUS_LEGACY,
  'claude-opus-4-1': OPUS_LEGACY,
  'claude-opus-4-5': OPUS,
  'claude-opus-4-6': OPUS,
  'claude-opus-4-7': OPUS,
  'claude-sonnet-4': SONNET,
  'claude-3-7-sonnet': SONNET,
  'claude-3-5-sonnet': SONNET,
  'claude-haiku-4-5': price(1, 5, 1.25, 0.1),
  'claude-3-5-haiku': price(0.8, 4, 1, 0.08),
  'claude-3-haiku': price(0.25, 1.25, 0.3, 0.03),
  'claude-3-opus': OPUS_LEGACY,
};

const MOST_EXPENSIVE: ModelPrice = Object.values(PRICE_TABLE).reduce((a, b) =>
  b.outputPerMTok > a.outputPerMTok ? b : a,
);

/** Lower-cases, drops vendor prefixes (`anthropic.`, `us.anthropic.`) and turns `4.5` into `4-5`. */
function normalise(model: string): string {
  const id = model.toLowerCase().replace(/\./g, '-');
  const at = id.indexOf('claude-');
  return at > 0 ? id.slice(at) : id;
}

export function priceOf(model: string): PriceLookup {
  const id = normalise(model);
  let best: string | undefined;
  for (const prefix of Object.keys(PRICE_TABLE)) {
    // A prefix must end at a boundary: `claude-opus-4-1` must not match `claude-opus-4-10`.
    const boundary = id.length === prefix.length || '-@:'.includes(id[prefix.length] ?? '');
    if (id.startsWith(prefix) && boundary && (best === undefined || prefix.length > best.length))
      best = prefix;
  }
  const found = best === undefined ? undefined : PRICE_TABLE[best];
  return found
    ? { ...found, matched: best, known: true }
    : { ...MOST_EXPENSIVE, matched: undefined, known: false };
}

/** Rounds away float noise (1e-10 USD) so sums and test expectations compare exactly. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

export function costOf(model: string, usage: TokenUsage): number {
  const p = priceOf(model);
  const microDollars =
    usage.inputTokens * p.inputPerMTok +
    usage.outputTokens * p.outputPerMTok +
    usage.cacheCreationInputTokens * p.cacheWritePerMTok +
    usage.cacheReadInputTokens * p.cacheReadPerMTok;
  return roundUsd(microDollars / 1_000_000);
}

/**
 * The shortest prompt prefix the API will cache for a model: below it a `cache_control` mark is ignored,
 * so the estimate must not count cache reads and a cache warm-up call would buy nothing.
 */
const MIN_CACHEABLE: ReadonlyArray<[prefix: string, tokens: number]> = [
  ['claude-haiku-4-5', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-7', 4096],
  ['claude-3-5-haiku', 2048],
  ['claude-3-haiku', 2048],
];

export function minCacheableTokens(model: string): number {
  const id = normalise(model);
  return MIN_CACHEABLE.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 1024;
}
