/**
 * The file `orchestra run --shard I/N --out` writes: which share of which plan it ran, each subtask's result as a
 * `SubtaskRecord` (with the hashes of the files it started from) and the shard's billed calls. It carries its
 * plan file too, so `orchestra merge` needs nothing but the shards.
 */
import { z } from 'zod';
import { parseSubtaskRecord, serializeSubtaskRecord, type SubtaskRecord } from '../journal/subtaskRecord';
import type { LedgerRecord } from '../llm/ledger';
import { err, ok, type Result } from '../result';
import type { ShardSpec } from './assign';
import { issuesOf, LedgerRecordSchema, Sha256 } from './fileSchemas';
import { parsePlanFile, planHash, type PlanFile } from './planFile';

export const SHARD_FILE_FORMAT = 'orchestra-shard';
export const SHARD_FILE_VERSION = 1;

export interface ShardFile {
  format: typeof SHARD_FILE_FORMAT;
  version: typeof SHARD_FILE_VERSION;
  /** `planHash(plan)`: shards merge only with shards of the same plan. */
  planHash: string;
  shard: ShardSpec;
  /** The budget this shard ran under (its share of the plan's, or `--budget`). */
  budgetUsd: number;
  plan: PlanFile;
  /** One per subtask of the share, in plan order. */
  records: SubtaskRecord[];
  usage: LedgerRecord[];
}

const ShardFileSchema = z.object({
  format: z.literal(SHARD_FILE_FORMAT),
  version: z.literal(SHARD_FILE_VERSION),
  planHash: Sha256,
  shard: z
    .object({ index: z.number().int().min(1), count: z.number().int().min(1) })
    .refine((s) => s.index <= s.count, { message: 'index must be at most count' }),
  budgetUsd: z.number().nonnegative(),
  plan: z.unknown(),
  records: z.array(z.unknown()),
  usage: z.array(LedgerRecordSchema),
});

export function serializeShardFile(file: ShardFile): string {
  const records = file.records.map((r) => JSON.parse(serializeSubtaskRecord(r)) as unknown);
  return JSON.stringify({ ...file, records }, null, 2) + '\n';
}

/** A shard file read back, or why it cannot be used (`where` names it). */
export function parseShardFile(json: unknown, where: string): Result<ShardFile> {
  if (typeof json === 'object' && json !== null && 'format' in json && json.format !== SHARD_FILE_FORMAT) {
    return err(`${where} is not an orchestra shard file (format "${String(json.format)}")`);
  }
  const parsed = ShardFileSchema.safeParse(json);
  if (!parsed.success) return err(`${where} is not a usable shard file (${issuesOf(parsed.error)})`);
  const plan = parsePlanFile(parsed.data.plan, `the plan inside ${where}`);
  if (!plan.ok) return plan;
  if (planHash(plan.value) !== parsed.data.planHash) {
    return err(`${where} is damaged: its plan does not match the plan hash it names`);
  }
  const records: SubtaskRecord[] = [];
  for (const [i, raw] of parsed.data.records.entries()) {
    const record = parseSubtaskRecord(raw);
    if (!record.ok) return err(`${where}: record ${i + 1} ${record.error}`);
    records.push(record.value);
  }
  return ok({
    format: SHARD_FILE_FORMAT,
    version: SHARD_FILE_VERSION,
    planHash: parsed.data.planHash,
    shard: parsed.data.shard,
    budgetUsd: parsed.data.budgetUsd,
    plan: plan.value,
    records,
    usage: parsed.data.usage,
  });
}
