/**
 * Who may set each `orchestra.*` setting. A repository's `.vscode/settings.json` is written by whoever wrote
 * the repository, so a setting that chooses where the key and the code go is the user's alone, and one that
 * bounds spend (or the review that stops an unwanted plan) may be lowered by a workspace, never raised.
 * Every setting in package.json has one entry here; a unit test fails on a setting without one.
 * Pure (no `vscode`).
 */
import { PricesSchema } from '../../core/config';
import { priceOf, PRICE_TABLE, type ModelPrice } from '../../core/llm/pricing';

export type SettingPolicy =
  /** Endpoints, credentials, regions/projects, price overrides: `"scope": "machine"`, user settings only. */
  | { kind: 'user-only' }
  /** A workspace value is honoured only when `notAbove(workspace, user)`; `raises` words the refusal. */
  | { kind: 'at-most'; notAbove: (candidate: unknown, user: unknown) => boolean; raises: string }
  /** About the workspace's own files or patience: every scope may set it. */
  | { kind: 'any' };

const USER_ONLY: SettingPolicy = { kind: 'user-only' };
const ANY: SettingPolicy = { kind: 'any' };

function atMostNumber(raises: string): SettingPolicy {
  return {
    kind: 'at-most',
    raises,
    notAbove: (candidate, user) =>
      typeof candidate === 'number' && typeof user === 'number' && candidate <= user,
  };
}

/** `order` lists the values from least to most spend (or least to most trust in the plan). */
function atMostRank(order: readonly string[], raises: string): SettingPolicy {
  return {
    kind: 'at-most',
    raises,
    notAbove: (candidate, user) => {
      const c = order.indexOf(String(candidate));
      const u = order.indexOf(String(user));
      return typeof candidate === 'string' && c >= 0 && u >= 0 && c <= u;
    },
  };
}

/** No price component above the user's model's (an unknown model is priced as the most expensive). */
const AT_MOST_MODEL_PRICE: SettingPolicy = {
  kind: 'at-most',
  raises: 'a more expensive model',
  notAbove: (candidate, user) => {
    if (typeof candidate !== 'string' || typeof user !== 'string' || candidate.trim() === '') return false;
    const c = priceOf(candidate);
    const u = priceOf(user);
    return (
      c.inputPerMTok <= u.inputPerMTok &&
      c.outputPerMTok <= u.outputPerMTok &&
      c.cacheWritePerMTok <= u.cacheWritePerMTok &&
      c.cacheReadPerMTok <= u.cacheReadPerMTok
    );
  },
};

/**
 * A workspace's price table may only raise prices: it is honoured when no model — one either table names, or
 * one of the built-in table — gets a price component below what the user's table (or the built-in price; an
 * unknown model is priced as the most expensive) gives it. A lower price would let the budget admit a dearer run.
 */
const AT_LEAST_PRICES: SettingPolicy = {
  kind: 'at-most',
  raises: 'a lower price for a model',
  notAbove: (candidate, user) => {
    const mine = PricesSchema.safeParse(candidate);
    const theirs = PricesSchema.safeParse(user ?? {});
    if (!mine.success || !theirs.success) return false;
    const ids = new Set([
      ...Object.keys(mine.data),
      ...Object.keys(theirs.data),
      ...Object.keys(PRICE_TABLE),
    ]);
    const components: Array<keyof ModelPrice> = [
      'inputPerMTok',
      'outputPerMTok',
      'cacheWritePerMTok',
      'cacheReadPerMTok',
    ];
    return [...ids].every((id) => {
      const c = priceOf(id, { overrides: mine.data });
      const u = priceOf(id, { overrides: theirs.data });
      return components.every((k) => c[k] >= u[k]);
    });
  },
};

/**
 * A tier's model (empty = follow the worker or orchestrator model): a workspace may only pick one no dearer
 * than the user's own explicit choice; while the user follows the default there is nothing to compare it
 * with, so a workspace value is ignored.
 */
const AT_MOST_TIER_PRICE: SettingPolicy = {
  kind: 'at-most',
  raises: 'a tier model you did not choose',
  notAbove: (candidate, user) =>
    typeof user === 'string' && user.trim() !== '' && AT_MOST_MODEL_PRICE.notAbove(candidate, user),
};

/**
 * A workspace may move a role to `vscode-lm` (no dollars through Orchestra) or keep yours, never pick a
 * provider billed to one of your keys over the one you chose.
 */
const PROVIDER_POLICY: SettingPolicy = {
  kind: 'at-most',
  raises: 'a provider billed to one of your keys',
  notAbove: (candidate, user) =>
    typeof candidate === 'string' && (candidate === 'vscode-lm' || candidate === (user ?? '')),
};

/**
 * Keys below `orchestra.`. A new provider's base URL, key reference or region is one
 * `USER_ONLY` line here (and `"scope": "machine"` in package.json, which a test checks).
 */
export const SETTING_POLICIES = {
  provider: PROVIDER_POLICY,
  'providers.orchestrator': PROVIDER_POLICY,
  'providers.worker': PROVIDER_POLICY,
  'models.orchestrator': AT_MOST_MODEL_PRICE,
  'models.worker': AT_MOST_MODEL_PRICE,
  'models.fast': AT_MOST_TIER_PRICE,
  'models.strong': AT_MOST_TIER_PRICE,
  maxWorkers: atMostNumber('a higher cap on workers'),
  maxConcurrency: atMostNumber('more workers at once'),
  budgetUsd: atMostNumber('a bigger budget'),
  budgetTokens: atMostNumber('a bigger token budget'),
  reviewPlan: atMostRank(['always', 'aboveThreshold', 'never'], 'less plan review'),
  reviewPlanThreshold: atMostNumber('less plan review'),
  costAlertFactor: atMostNumber('a later cost alert'),
  include: ANY,
  exclude: ANY,
  importDepth: ANY,
  'anthropic.baseUrl': USER_ONLY,
  'openai.baseUrl': USER_ONLY,
  'openai.apiVersion': USER_ONLY,
  // Lower prices would let the budget admit a dearer run; higher ones only make it stricter.
  prices: AT_LEAST_PRICES,
  // A window only sizes slices and refuses requests; it cannot make a run cost more.
  contextWindows: ANY,
  'bedrock.region': USER_ONLY,
  'bedrock.baseUrl': USER_ONLY,
  'vertex.projectId': USER_ONLY,
  'vertex.region': USER_ONLY,
  'vertex.baseUrl': USER_ONLY,
  timeoutSeconds: ANY,
  // A request that timed out on our side may still be billed; more retries could bill it again.
  maxRetries: atMostNumber('more retries'),
  parseAheadMB: atMostNumber('more of your memory'),
  // Whole files cost more input tokens than excerpts.
  workerFileTokens: atMostNumber('bigger (costlier) worker prompts'),
  // Strict drops out-of-scope edits: a workspace may ask for it, never switch it off for the user.
  strictScope: {
    kind: 'at-most',
    raises: 'keeping out-of-scope edits',
    notAbove: (candidate, user) => candidate === true || (candidate === false && user === false),
  },
} as const satisfies Record<string, SettingPolicy>;

export type SettingKey = keyof typeof SETTING_POLICIES;

export const SETTING_KEYS = Object.keys(SETTING_POLICIES) as SettingKey[];

export function policyOf(key: string): SettingPolicy | undefined {
  return (SETTING_POLICIES as Record<string, SettingPolicy>)[key];
}
