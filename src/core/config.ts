import { z } from 'zod';

/**
 * Run settings shared by the extension (`orchestra.*`), the CLI flags and the tests.
 * One schema so a bad value gets the same message wherever it comes from.
 */
export const RunConfigSchema = z.object({
  maxWorkers: z.number().int().min(1).max(64).default(8),
  maxConcurrency: z.number().int().min(1).max(32).default(4),
  budgetUsd: z.number().positive().max(1000).default(1),
  models: z
    .object({
      orchestrator: z.string().min(1).default('claude-sonnet-4-6'),
      worker: z.string().min(1).default('claude-haiku-4-5'),
    })
    .prefault({}),
  provider: z.enum(['anthropic', 'vscode-lm', 'bedrock', 'vertex']).default('anthropic'),
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

export function defaultConfig(): RunConfig {
  return RunConfigSchema.parse({});
}
