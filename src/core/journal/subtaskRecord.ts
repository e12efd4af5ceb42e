/**
 * One finished subtask as it is kept outside the run: what it proposed, how it went, what it cost, and the
 * hash of every file it started from. The run journal (resume) and a shard's output (sharded runs) are both
 * lists of these, so a result is reused only while the files it was based on still hold the same text.
 */
import { z } from 'zod';
import type { FileProposal } from '../handlers/handler';
import type { TokenUsage } from '../llm/modelClient';
import { err, ok, type Result } from '../result';
import { SUBTASK_STATUSES, type HandlerOutcome } from '../stageTypes';
import { Sha256Schema, WorkspacePathSchema } from '../workspace/storedSchemas';

export const SUBTASK_RECORD_VERSION = 1;

export interface SubtaskRecord {
  version: typeof SUBTASK_RECORD_VERSION;
  /** The subtask's id in the checked plan (`withIds`: its own id, else one derived from its file). */
  id: string;
  file: string;
  handler: string;
  /**
   * Workspace path → sha256 of the text the subtask started from, or null when the file did not exist. A
   * record whose base no longer matches the workspace is stale: re-run it or refuse it, never reuse it.
   */
  base: Record<string, string | null>;
  proposals: FileProposal[];
  outcome: HandlerOutcome;
  usage: TokenUsage;
  /**
   * A fix after the type-check rather than a planned subtask: a repair of a file the run changed, or a
   * follow-up of a file outside the plan. Absent for the plan's subtasks.
   */
  origin?: FixOrigin;
  /** The type-check's fix round (1 or 2) a fix ran in; only with `origin`. */
  round?: number;
  /**
   * A fix's request: the sha256 of the errors it answered (with their cause) and the text it was given
   * (`fixRequestHash`). Its files can hash the same while its errors differ (a file outside its base changed),
   * so a fix is reused only for the same request. Only with `origin`; a fix journaled without it is run again.
   */
  request?: string;
}

export type FixOrigin = 'repair' | 'follow-up';

const ProposalSchema = z.object({
  file: WorkspacePathSchema,
  after: z.string(),
  movedFrom: WorkspacePathSchema.optional(),
  deleted: z.literal(true).optional(),
});

const OutcomeSchema = z.object({
  id: z.string().optional(),
  status: z.enum(SUBTASK_STATUSES),
  reason: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  notes: z.string().optional(),
  // Kept as read: a code the reader does not know is reported as it is, not refused.
  errorReason: z.string().optional(),
  origin: z.literal('follow-up').optional(),
});

const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationInputTokens: z.number().int().nonnegative(),
  cacheReadInputTokens: z.number().int().nonnegative(),
});

const RecordSchema = z.object({
  version: z.literal(SUBTASK_RECORD_VERSION),
  id: z.string().min(1),
  file: WorkspacePathSchema,
  handler: z.string().min(1),
  base: z.record(WorkspacePathSchema, Sha256Schema.nullable()),
  proposals: z.array(ProposalSchema),
  outcome: OutcomeSchema,
  usage: UsageSchema,
  origin: z.enum(['repair', 'follow-up']).optional(),
  round: z.number().int().positive().optional(),
  request: Sha256Schema.optional(),
});

export function serializeSubtaskRecord(record: SubtaskRecord): string {
  return JSON.stringify(record);
}

/** A record read back from JSON (a journal line, an entry of a shard file), or why it cannot be used. */
export function parseSubtaskRecord(json: unknown): Result<SubtaskRecord> {
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return err(`it does not have the expected shape (${first})`);
  }
  const { outcome, ...rest } = parsed.data;
  // errorReason is one of the engine's codes when the engine wrote it; the schema keeps it as text.
  return ok({ ...rest, outcome: outcome as HandlerOutcome });
}

/**
 * The files of `record.base` whose text now differs from what the subtask started from (`hashOf` gives the
 * current sha256, undefined for a missing file). Empty: the record may be reused as it is.
 */
export function staleFiles(record: SubtaskRecord, hashOf: (file: string) => string | undefined): string[] {
  return Object.entries(record.base)
    .filter(([file, hash]) => (hashOf(file) ?? null) !== hash)
    .map(([file]) => file);
}
