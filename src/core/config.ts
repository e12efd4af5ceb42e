import { z } from 'zod';

/** Model providers. `anthropic` and `openai-compatible` bill an API key; `vscode-lm` uses a chat model in VS Code. */
export const PROVIDERS = ['anthropic', 'vscode-lm', 'openai-compatible', 'bedrock', 'vertex'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** USD per million tokens; cache rates default to the input rate (the conservative choice). */
export const ModelPriceSchema = z
  .object({
    inputPerMTok: z.number().min(0).max(1000),
    outputPerMTok: z.number().min(0).max(1000),
    cacheReadPerMTok: z.number().min(0).max(1000).optional(),
    cacheWritePerMTok: z.number().min(0).max(1000).optional(),
  })
  .strict()
  .transform((p) => ({
    inputPerMTok: p.inputPerMTok,
    outputPerMTok: p.outputPerMTok,
    cacheReadPerMTok: p.cacheReadPerMTok ?? p.inputPerMTok,
    cacheWritePerMTok: p.cacheWritePerMTok ?? p.inputPerMTok,
  }));

/** Model id (or id prefix, matched like the built-in table) → price. */
export const PricesSchema = z.record(z.string().min(1), ModelPriceSchema);

/**
 * The highest `maxWorkers` any setting or flag may ask for. File groups let one small plan name thousands of
 * files; the cap stays a hard limit the plan check enforces in code (the members beyond it are dropped and
 * reported), and the budget is still checked before every call.
 */
export const MAX_WORKERS_CEILING = 5000;

/**
 * Run settings shared by the extension (`orchestra.*`), the CLI flags and the tests.
 * One schema so a bad value gets the same message wherever it comes from.
 */
export const RunConfigSchema = z.object({
  maxWorkers: z.number().int().min(1).max(MAX_WORKERS_CEILING).default(8),
  maxConcurrency: z.number().int().min(1).max(32).default(4),
  budgetUsd: z.number().positive().max(1000).default(1),
  /**
   * Tokens (input, cache and output) the calls to models priced $0 — a local endpoint, no price known — may use
   * in one run: the dollar budget cannot bound those calls, this does.
   */
  budgetTokens: z.number().int().min(1000).max(1_000_000_000).default(2_000_000),
  models: z
    .object({
      orchestrator: z.string().min(1).default('claude-sonnet-4-6'),
      worker: z.string().min(1).default('claude-haiku-4-5'),
      /** The `fast` worker tier; unset = `worker`. */
      fast: z.string().min(1).optional(),
      /** The `strong` worker tier; unset = `orchestrator`. */
      strong: z.string().min(1).optional(),
    })
    .prefault({}),
  /** The provider of both roles, unless `providers` names one for a role. */
  provider: z.enum(PROVIDERS).default('anthropic'),
  /** Per role: the orchestrator's, and the workers' (repair calls go with the workers). */
  providers: z
    .object({ orchestrator: z.enum(PROVIDERS).optional(), worker: z.enum(PROVIDERS).optional() })
    .strict()
    .prefault({}),
  /** Prices that replace or extend the built-in table (user-level settings and the CLI's --prices file only). */
  prices: PricesSchema.default({}),
  /** Context window in tokens by model id (or id prefix); known models have a built-in default. */
  contextWindows: z.record(z.string().min(1), z.number().int().min(1024).max(10_000_000)).default({}),
  /** Amazon Bedrock: the region (else AWS_REGION); credentials come from the standard AWS chain. */
  bedrock: z.object({ region: z.string().min(1).optional() }).prefault({}),
  /** Google Vertex AI: project and region (else ANTHROPIC_VERTEX_PROJECT_ID / CLOUD_ML_REGION). */
  vertex: z
    .object({ projectId: z.string().min(1).optional(), region: z.string().min(1).optional() })
    .prefault({}),
  /** Per-request timeout in milliseconds. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Retries per request for 429/529/5xx/timeouts (honouring retry-after). */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Alert after a run when actual cost > estimate × this factor. */
  costAlertFactor: z.number().min(1).default(2),
  /** How many importer hops from the definition count as candidates. */
  importDepth: z.number().int().min(0).max(5).default(1),
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
  /** Output-token allowance per worker call, also used for the estimate. */
  workerMaxTokens: z.number().int().min(256).max(64_000).default(8_192),
  orchestratorMaxTokens: z.number().int().min(256).max(64_000).default(4_096),
  /**
   * A worker's file is sent whole when it fits this many tokens (24,000 ≈ 2,000–3,000 lines of TypeScript),
   * else as an excerpt of every line the change may touch, with `read_lines` for the rest. 0 = always an excerpt.
   */
  workerFileTokens: z.number().int().min(0).max(200_000).default(24_000),
  /** Drop worker hunks outside their subtask's scope before the merge (they are reported either way). */
  strictScope: z.boolean().default(false),
  /**
   * After the type-check, files outside the plan with new errors the change caused get follow-up subtasks
   * (within `maxWorkers` and the budget). Off: those errors are reported, not fixed.
   */
  followUps: z.boolean().default(true),
});
// maxConcurrency above maxWorkers is not an error: dispatch clamps it to the cap.

/**
 * Model ids per role as each platform names them, used when no model is configured. Bedrock's carry the
 * `anthropic.` vendor prefix and a version suffix (cross-region inference profiles add `us.`/`eu.`);
 * Vertex's put the date after `@`. Prices resolve to the same rows as the Anthropic ids (pricing.ts).
 */
export const DEFAULT_MODELS = {
  anthropic: { orchestrator: 'claude-sonnet-4-6', worker: 'claude-haiku-4-5' },
  bedrock: {
    orchestrator: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    worker: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  },
  vertex: { orchestrator: 'claude-sonnet-4-5@20250929', worker: 'claude-haiku-4-5@20251001' },
} as const;

export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/**
 * The model a model subtask runs on: its tier's (`fast` → `models.fast`, else the worker model; `strong` →
 * `models.strong`, else the orchestrator model), or the worker model when it names no tier.
 */
export function workerModelFor(models: RunConfig['models'], tier: 'fast' | 'strong' | undefined): string {
  if (tier === 'strong') return models.strong ?? models.orchestrator;
  if (tier === 'fast') return models.fast ?? models.worker;
  return models.worker;
}

export function defaultConfig(): RunConfig {
  return RunConfigSchema.parse({});
}

/** The provider a role's calls go to: its own, else the shared `provider`. Repair goes with the workers. */
export function providerFor(
  config: Pick<RunConfig, 'provider' | 'providers'>,
  role: 'orchestrator' | 'worker' | 'repair',
): ProviderId {
  return (
    (role === 'orchestrator' ? config.providers.orchestrator : config.providers.worker) ?? config.provider
  );
}
