/**
 * The run journal as stored: JSON lines. The first line is the header (what a resume needs to run the same
 * plan again without the orchestrator), then one line per finished subtask, and a last `finished` line once
 * the run completed. A line is appended whole and flushed; a kill can only tear the last one, which is ignored.
 */
import { z } from 'zod';
import { RunConfigSchema, type RunConfig } from '../config';
import type { LedgerRecord } from '../llm/ledger';
import { PlanSchema, type Plan } from '../plan/planSchema';
import { err, ok, type Result } from '../result';
import { sha256Hex } from '../workspace/contentHash';
import { parseSubtaskRecord, serializeSubtaskRecord, type SubtaskRecord } from './subtaskRecord';

export const JOURNAL_KIND = 'orchestra-run-journal';
export const JOURNAL_VERSION = 1;

export interface JournalHeader {
  kind: typeof JOURNAL_KIND;
  version: typeof JOURNAL_VERSION;
  runId: string;
  /** The workspace root (its real path) the run was planned on. */
  root: string;
  startedAt: string;
  instruction: string;
  seed?: { name: string; file?: string; line?: number; column?: number };
  /** The checked plan, after the review's edits: exactly what the workers were given. */
  plan: Plan;
  planHash: string;
  config: RunConfig;
  /** The planning calls (the orchestrator's), counted as spent again on resume. */
  spent: LedgerRecord[];
  /** The run was started to write its result (CLI `--apply`); a resume writes only when asked again. */
  apply?: boolean;
}

/** One finished subtask and the calls it made (each priced again into the resumed run's ledger). */
export interface JournalEntry {
  record: SubtaskRecord;
  calls: LedgerRecord[];
}

export interface Journal {
  header: JournalHeader;
  /** By subtask id; a later line for the same id (a resumed run that ran it again) replaces an earlier one. */
  entries: Map<string, JournalEntry>;
  finished: boolean;
  /** The last line was cut short (the process was killed while writing it) and was ignored. */
  torn: boolean;
}

/** The plan's identity: the hash of its JSON, so a journal is only resumed with the plan it recorded. */
export function planHash(plan: Plan): string {
  return sha256Hex(JSON.stringify(plan));
}

const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationInputTokens: z.number().int().nonnegative(),
  cacheReadInputTokens: z.number().int().nonnegative(),
});

const Call = z.object({
  role: z.enum(['orchestrator', 'worker', 'repair', 'follow-up']),
  provider: z.string().optional(),
  model: z.string().min(1),
  label: z.string().optional(),
  usage: Usage,
  requestId: z.string().optional(),
});

const HeaderSchema = z.object({
  kind: z.literal(JOURNAL_KIND),
  version: z.literal(JOURNAL_VERSION),
  runId: z.string().min(1),
  root: z.string().min(1),
  startedAt: z.string(),
  instruction: z.string().min(1),
  seed: z
    .object({
      name: z.string(),
      file: z.string().optional(),
      line: z.number().optional(),
      column: z.number().optional(),
    })
    .optional(),
  plan: PlanSchema,
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  config: RunConfigSchema,
  spent: z.array(Call),
  apply: z.boolean().optional(),
});

const SubtaskLine = z.object({ kind: z.literal('subtask'), record: z.unknown(), calls: z.array(Call) });
const FinishedLine = z.object({ kind: z.literal('finished'), at: z.string() });

export function headerLine(header: JournalHeader): string {
  return JSON.stringify(header) + '\n';
}

export function entryLine(entry: JournalEntry): string {
  const record: unknown = JSON.parse(serializeSubtaskRecord(entry.record));
  return JSON.stringify({ kind: 'subtask', record, calls: entry.calls }) + '\n';
}

export function finishedLine(at: Date): string {
  return JSON.stringify({ kind: 'finished', at: at.toISOString() }) + '\n';
}

/** Only the header: enough to list a workspace's journals without reading their records. */
export function parseJournalHeader(firstLine: string): Result<JournalHeader> {
  let json: unknown;
  try {
    json = JSON.parse(firstLine);
  } catch {
    return err('its first line is not JSON');
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) return err(`its header does not have the expected shape (${issues(parsed.error)})`);
  const header = parsed.data as JournalHeader;
  if (planHash(header.plan) !== header.planHash) return err("its plan does not match the plan's hash");
  return ok(header);
}

/**
 * A journal read back. The last line may be torn (no newline after it, or not JSON): ignored. Any other line
 * that cannot be read makes the journal unusable, named by its line number.
 */
export function parseJournal(text: string): Result<Journal> {
  const lines = text.split('\n');
  // A complete journal ends with a newline, so the last piece is empty; anything else there was cut short.
  const tail = lines.pop() ?? '';
  const torn = tail.length > 0;
  const [first, ...rest] = lines;
  if (first === undefined) return err(torn ? 'its header was cut short' : 'it is empty');
  const header = parseJournalHeader(first);
  if (!header.ok) return header;
  const entries = new Map<string, JournalEntry>();
  let finished = false;
  for (const [i, line] of rest.entries()) {
    if (line.trim() === '') continue;
    const read = readLine(line);
    if (!read.ok) return err(`line ${i + 2}: ${read.error}`);
    if (read.value === 'finished') finished = true;
    else entries.set(read.value.record.id, read.value);
  }
  return ok({ header: header.value, entries, finished, torn });
}

function readLine(line: string): Result<JournalEntry | 'finished'> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return err('not JSON');
  }
  if (FinishedLine.safeParse(json).success) return ok('finished');
  const parsed = SubtaskLine.safeParse(json);
  if (!parsed.success) return err(`not a journal line (${issues(parsed.error)})`);
  const record = parseSubtaskRecord(parsed.data.record);
  if (!record.ok) return err(`its subtask record ${record.error}`);
  return ok({ record: record.value, calls: parsed.data.calls });
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
