/**
 * USD prices per million tokens. Matched by id prefix so dated ids (claude-sonnet-4-5-20250929) and
 * aliases resolve; an unknown model is priced like the most expensive known one, so estimates and the
 * budget err on the safe side. `Prices` (the user's `orchestra.prices` / `--prices FILE`) come first; a model
 * served by a local endpoint that no price names costs $0 (its tokens are still counted).
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
  /** Set when the user's prices matched (`matched` is then their key). */
  override?: true;
  /** Set when no price is known and a local endpoint serves the model: $0, the budget does not bound it. */
  local?: true;
}

/** What a run prices with beside the built-in table. */
export interface Prices {
  /** The user's prices by model id or prefix, matched before the table. */
  overrides?: Readonly<Record<string, ModelPrice>>;
  /** Models a local endpoint serves: $0 unless an override or the table prices them. */
  localModels?: ReadonlySet<string>;
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
/** OpenAI bills no cache write: a cached prefix costs the input rate once, then the cached rate. */
const openai = (input: number, output: number, cached: number): ModelPrice =>
  price(input, output, input, cached);

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
  // OpenAI (standard tier, USD per million tokens; ids normalised: `gpt-4.1` is `gpt-4-1`).
  'gpt-4o': openai(2.5, 10, 1.25),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  'gpt-4-1': openai(2, 8, 0.5),
  'gpt-4-1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4-1-nano': openai(0.1, 0.4, 0.025),
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  o3: openai(2, 8, 0.5),
  'o3-mini': openai(1.1, 4.4, 0.55),
  'o4-mini': openai(1.1, 4.4, 0.275),
};

const MOST_EXPENSIVE: ModelPrice = Object.values(PRICE_TABLE).reduce((a, b) =>
  b.outputPerMTok > a.outputPerMTok ? b : a,
);

/**
 * Lower-cases, drops vendor prefixes (`anthropic.`, `us.anthropic.`, OpenRouter's `openai/`) and turns `4.5`
 * into `4-5`.
 */
function normalise(model: string): string {
  const id = model.toLowerCase().replace(/\./g, '-');
  const slash = id.lastIndexOf('/');
  const bare = slash >= 0 ? id.slice(slash + 1) : id;
  const at = bare.indexOf('claude-');
  return at > 0 ? bare.slice(at) : bare;
}

/** The longest key of `table` that `id` starts with at a boundary. */
function longestPrefix(id: string, keys: Iterable<string>, norm: (k: string) => string): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const key of keys) {
    const prefix = norm(key);
    // A prefix must end at a boundary: `claude-opus-4-1` must not match `claude-opus-4-10`.
    const boundary = id.length === prefix.length || '-@:'.includes(id[prefix.length] ?? '');
    if (id.startsWith(prefix) && boundary && prefix.length > bestLength) {
      best = key;
      bestLength = prefix.length;
    }
  }
  return best;
}

const FREE = price(0, 0, 0, 0);

export function priceOf(model: string, prices: Prices = {}): PriceLookup {
  const id = normalise(model);
  const overrides = prices.overrides ?? {};
  const own = longestPrefix(id, Object.keys(overrides), normalise);
  const mine = own === undefined ? undefined : overrides[own];
  if (mine)
    return {
      ...price(mine.inputPerMTok, mine.outputPerMTok, mine.cacheWritePerMTok, mine.cacheReadPerMTok),
      matched: own,
      known: true,
      override: true,
    };
  const best = longestPrefix(id, Object.keys(PRICE_TABLE), (k) => k);
  const found = best === undefined ? undefined : PRICE_TABLE[best];
  if (found) return { ...found, matched: best, known: true };
  if (prices.localModels?.has(model)) return { ...FREE, matched: undefined, known: false, local: true };
  return { ...MOST_EXPENSIVE, matched: undefined, known: false };
}

/** Rounds away float noise (1e-10 USD) so sums and test expectations compare exactly. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

export function costOf(model: string, usage: TokenUsage, prices?: Prices): number {
  const p = priceOf(model, prices);
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
