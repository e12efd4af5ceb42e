/**
 * The plan file `orchestra plan --out` writes and `orchestra run` reads: the instruction, the checked plan, its
 * estimate, the content hash of every file the subtasks name, the settings that shape the run and what
 * planning cost. Every shard of one run reads the same file, so the plan is decided once.
 */
import { z } from 'zod';
import { RunConfigSchema } from '../config';
import { PlanSchema, type Plan } from '../plan/planSchema';
import { err, ok, type Result } from '../result';
import type { CostEstimate } from '../runTypes';
import type { SymbolSeed } from '../facts/types';
import type { LedgerRecord } from '../llm/ledger';
import { sha256Hex } from '../workspace/contentHash';
import type { Workspace } from '../workspace/workspace';
import { assignShards } from './assign';
import { deterministicLinks } from './touched';
import { issuesOf, LedgerRecordSchema, RelativePath, Sha256 } from './fileSchemas';

export const PLAN_FILE_FORMAT = 'orchestra-plan';
export const PLAN_FILE_VERSION = 1;

/** The settings every shard and the merge must share for their results to be one run's. */
export const ShardedConfigSchema = RunConfigSchema.pick({
  maxWorkers: true,
  maxConcurrency: true,
  budgetUsd: true,
  models: true,
  provider: true,
  providers: true,
  importDepth: true,
  include: true,
  exclude: true,
  workerMaxTokens: true,
  orchestratorMaxTokens: true,
  workerFileTokens: true,
  strictScope: true,
  followUps: true,
  costAlertFactor: true,
});
export type ShardedConfig = z.infer<typeof ShardedConfigSchema>;

const SeedSchema = z.object({
  name: z.string().min(1),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

// The estimate is reported, never recomputed from the file: its totals are checked, the rest kept as written.
const EstimateSchema = z
  .object({
    totalUsd: z.number().nonnegative(),
    planUsd: z.number().nonnegative(),
    workersUsd: z.number().nonnegative(),
    workerInputTokens: z.number().nonnegative(),
    budgetUsd: z.number().nonnegative(),
    fitsBudget: z.boolean(),
  })
  .passthrough();

const PlanFileSchema = z.object({
  format: z.literal(PLAN_FILE_FORMAT),
  version: z.literal(PLAN_FILE_VERSION),
  instruction: z.string().min(1),
  seed: SeedSchema.optional(),
  plan: PlanSchema,
  droppedFiles: z.array(z.string()),
  rejected: z.array(z.object({ file: z.string(), reason: z.string() })),
  estimate: EstimateSchema,
  base: z.record(RelativePath, Sha256.nullable()),
  config: ShardedConfigSchema,
  usage: z.array(LedgerRecordSchema),
  touched: z.array(RelativePath).optional(),
  weights: z.array(z.number().nonnegative()).optional(),
});

export interface PlanFile {
  format: typeof PLAN_FILE_FORMAT;
  version: typeof PLAN_FILE_VERSION;
  instruction: string;
  seed?: SymbolSeed;
  plan: Plan;
  droppedFiles: string[];
  rejected: Array<{ file: string; reason: string }>;
  estimate: CostEstimate;
  /** Workspace path → sha256 of its text when planned, null for a file the plan creates. */
  base: Record<string, string | null>;
  config: ShardedConfig;
  /** The planning calls (orchestrator, token counts billed as calls), re-counted by the merge's usage. */
  usage: LedgerRecord[];
  /** The files the deterministic steps change (`touched.ts`): their subtasks share the steps' shard. */
  touched?: string[];
  /**
   * Each subtask's estimated cost in plan order (`weights.ts`: its worker request's tokens, 0 for a deterministic
   * step): the shards are balanced by it. A plan file without it is balanced by subtask count.
   */
  weights?: number[];
}

export interface PlanFileInput {
  instruction: string;
  seed?: SymbolSeed;
  plan: Plan;
  droppedFiles: string[];
  rejected: Array<{ file: string; reason: string }>;
  estimate: CostEstimate;
  config: ShardedConfig;
  usage: readonly LedgerRecord[];
  touched?: readonly string[];
  weights?: readonly number[];
}

export function buildPlanFile(input: PlanFileInput, workspace: Workspace): PlanFile {
  const named = input.plan.subtasks.flatMap((s) => (s.to === undefined ? [s.file] : [s.file, s.to]));
  const files = [...new Set(named)].sort();
  const base = Object.fromEntries(files.map((f) => [f, workspace.hashOf(f) ?? null]));
  return {
    format: PLAN_FILE_FORMAT,
    version: PLAN_FILE_VERSION,
    instruction: input.instruction,
    ...(input.seed ? { seed: input.seed } : {}),
    plan: input.plan,
    droppedFiles: input.droppedFiles,
    rejected: input.rejected,
    estimate: input.estimate,
    base,
    config: ShardedConfigSchema.parse(input.config),
    usage: input.usage.map(ledgerRecord),
    ...(input.touched && input.touched.length > 0 ? { touched: [...input.touched] } : {}),
    ...(input.weights ? { weights: [...input.weights] } : {}),
  };
}

export function serializePlanFile(file: PlanFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * The identity of a plan, which every shard of it carries: the hash of its content with keys sorted, so the
 * file as `run` read it and the copy a shard embeds hash alike.
 */
export function planHash(file: PlanFile): string {
  return sha256Hex(canonicalJson(file));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A plan file read back, or why it cannot be used (`where` names it in the message). */
export function parsePlanFile(json: unknown, where: string): Result<PlanFile> {
  if (typeof json === 'object' && json !== null && 'format' in json && json.format !== PLAN_FILE_FORMAT) {
    return err(`${where} is not an orchestra plan file (format "${String(json.format)}")`);
  }
  const parsed = PlanFileSchema.safeParse(json);
  if (!parsed.success) {
    return err(
      `${where} is not a usable plan file (${issuesOf(parsed.error)}); write it again with orchestra plan --out`,
    );
  }
  return ok(parsed.data as PlanFile);
}

/** The files of the plan whose text differs from when it was planned (hashOf: the current sha256). */
export function changedSincePlan(file: PlanFile, hashOf: (f: string) => string | undefined): string[] {
  return Object.entries(file.base)
    .filter(([f, hash]) => (hashOf(f) ?? null) !== hash)
    .map(([f]) => f);
}

/** The shares of this plan over `count` shards: what every shard and the merge compute alike. */
export function sharesOf(file: PlanFile, count: number): number[][] {
  const links = deterministicLinks(file.plan.subtasks, file.touched ?? []);
  return assignShards(file.plan, count, links, file.weights);
}

/** A ledger entry as it travels between processes: what was billed, without this process's pricing. */
export function ledgerRecord(e: LedgerRecord): LedgerRecord {
  return {
    role: e.role,
    ...(e.provider !== undefined ? { provider: e.provider } : {}),
    model: e.model,
    ...(e.label !== undefined ? { label: e.label } : {}),
    usage: { ...e.usage },
    ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
  };
}
