/**
 * What runSubtasks tells the run journal: the sha256 of the texts a subtask started from (its base), the calls
 * it made, and a journaled result put back in place of running it (its calls counted as spent, not made again).
 * The type-check's repairs and follow-ups are journaled the same way (`journaledFix`), one record per fix round.
 */
import type { FileProposal, HandlerRun } from '../handlers/handler';
import { asCalls, fixJournalId, type SubtaskJournal } from '../journal/journal';
import { SUBTASK_RECORD_VERSION, type SubtaskRecord } from '../journal/subtaskRecord';
import { addUsage, emptyUsage } from '../llm/modelClient';
import type { LedgerEntry, LedgerRecord } from '../llm/ledger';
import type { IdentifiedSubtask } from '../plan/dependencies';
import type { Diagnostic, HandlerOutcome } from '../stageTypes';
import { sha256Hex } from '../workspace/contentHash';
import type { Workspace } from '../workspace/workspace';
import type { WorkerResult } from '../worker/runWorker';
import type { FixTarget } from './causes';
import { fixLabel } from './repair';
import type { RunContext } from './runContext';

/** The hash of each file as a step starting now would read it: the steps' latest text, else the workspace's. */
export function hashesAt(
  ws: Workspace,
  start: ReadonlyMap<string, string>,
  gone: ReadonlySet<string>,
): (file: string) => string | undefined {
  return (file) => {
    const text = start.get(file) ?? (gone.has(file) ? undefined : ws.readText(file));
    return text === undefined ? undefined : sha256Hex(text);
  };
}

/** The subtask's file, every file shown to it as changed by its dependencies, and every file it proposed. */
export function baseOf(
  s: IdentifiedSubtask,
  shown: readonly string[],
  proposals: readonly FileProposal[],
  hashOf: (file: string) => string | undefined,
): Record<string, string | null> {
  const files = [
    s.file,
    ...shown,
    ...proposals.flatMap((p) => [p.file, ...(p.movedFrom ? [p.movedFrom] : [])]),
  ];
  return Object.fromEntries([...new Set(files)].map((f) => [f, hashOf(f) ?? null]));
}

/** The calls made under one label (a subtask's retries included), as the ledger recorded them. */
export function callsOf(ctx: Pick<RunContext, 'ledger'>, label: string): LedgerRecord[] {
  return asCalls(ctx.ledger.entries().filter((e) => e.label === label));
}

export function journalRecord(
  s: IdentifiedSubtask,
  base: Record<string, string | null>,
  run: HandlerRun,
  calls: readonly LedgerRecord[],
): SubtaskRecord {
  return {
    version: SUBTASK_RECORD_VERSION,
    id: s.id,
    file: s.file,
    handler: s.handler,
    base,
    proposals: run.proposals,
    outcome: run.outcome,
    usage: calls.reduce((sum, c) => addUsage(sum, c.usage), emptyUsage()),
  };
}

/**
 * The journaled result of `s` when it may stand in for running it: its calls go into the ledger as spent (so
 * the budget and the usage count them once), its proposals and outcome are returned as they were.
 */
export function reusedRun(
  ctx: RunContext,
  journal: SubtaskJournal | undefined,
  s: IdentifiedSubtask,
  hashOf: (file: string) => string | undefined,
): HandlerRun | undefined {
  const entry = journal?.reuse(s, hashOf);
  if (entry === undefined) return undefined;
  for (const call of entry.calls) ctx.ledger.record(call);
  return { proposals: entry.record.proposals, outcome: entry.record.outcome };
}

/**
 * What a fix is asked, as a hash: its kind, file, the text it is given, the cause and the errors it answers
 * (sorted, so the order the compiler listed them in does not count). Two rounds that ask the same hash the same.
 */
export function fixRequestHash(target: FixTarget, text: string): string {
  const errors = [...target.diagnostics].sort(compareDiagnostic).map((d) => ({
    file: d.file,
    line: d.line,
    code: d.code,
    message: d.message,
    related: d.related ?? [],
  }));
  return sha256Hex(
    JSON.stringify({ kind: target.kind, file: target.file, text, cause: target.cause ?? null, errors }),
  );
}

function compareDiagnostic(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.code - b.code || a.message.localeCompare(b.message)
  );
}

/**
 * One fix of round `round`, journaled: a journaled answer whose files (the fix's own, those its errors are in and
 * point into, at the texts of this round) still hash the same, and which was asked the same errors on the same
 * text (`fixRequestHash`), stands in for the call, its calls counted as spent; else `run` calls the model and its
 * answer is journaled. Without a journal it only runs.
 */
export async function journaledFix(
  ctx: RunContext,
  journal: SubtaskJournal | undefined,
  fix: { target: FixTarget; round: number; text: string; hashOf: (file: string) => string | undefined },
  run: () => Promise<WorkerResult>,
): Promise<WorkerResult> {
  if (journal === undefined) return run();
  const { target, round, text, hashOf } = fix;
  const step = {
    id: fixJournalId(target.kind, round, target.file),
    file: target.file,
    handler: 'llm',
    origin: target.kind,
    // Its files can hash the same while its errors differ (a file outside its base changed since).
    request: fixRequestHash(target, text),
  };
  const entry = journal.reuse(step, hashOf);
  const reused = entry && answerOf(entry.record, text);
  if (entry && reused) {
    for (const call of entry.calls) ctx.ledger.record(call);
    return reused;
  }
  const files = [target.file, ...target.diagnostics.map((d) => d.file), ...target.pointsInto];
  const base = Object.fromEntries([...new Set(files)].map((f) => [f, hashOf(f) ?? null]));
  const label = fixLabel(target);
  // The fix of an earlier round has the same label: only the calls made from here on are this round's.
  const before = entriesOf(ctx, label).length;
  const result = await run();
  const made = entriesOf(ctx, label).slice(before);
  const costUsd = made.reduce((sum, e) => sum + e.costUsd, 0);
  const calls = asCalls(made);
  journal.finished(fixRecord(step, { target, round, base, costUsd }, result, calls), calls);
  return result;
}

function entriesOf(ctx: Pick<RunContext, 'ledger'>, label: string): LedgerEntry[] {
  return ctx.ledger.entries().filter((e) => e.label === label);
}

function fixRecord(
  step: { id: string; request: string },
  fix: { target: FixTarget; round: number; base: Record<string, string | null>; costUsd: number },
  result: WorkerResult,
  calls: readonly LedgerRecord[],
): SubtaskRecord {
  const { target, round, base, costUsd } = fix;
  const usage = calls.reduce((sum, c) => addUsage(sum, c.usage), emptyUsage());
  const outcome: HandlerOutcome = result.ok
    ? {
        status: result.value.status === 'changed' ? 'done' : 'unchanged',
        attempts: result.value.attempts,
        costUsd,
        ...(result.value.status === 'unchanged' ? { reason: result.value.message } : {}),
        ...(result.value.notes === undefined ? {} : { notes: result.value.notes }),
      }
    : {
        status: failedStatus(result.error.cause?.reason),
        attempts: result.error.attempts,
        costUsd,
        reason: result.error.message,
        ...(result.error.cause ? { errorReason: result.error.cause.reason } : {}),
      };
  return {
    version: SUBTASK_RECORD_VERSION,
    id: step.id,
    file: target.file,
    handler: 'llm',
    base,
    proposals: result.ok ? [{ file: target.file, after: result.value.after }] : [],
    outcome,
    usage,
    origin: target.kind,
    round,
    request: step.request,
  };
}

function failedStatus(reason: string | undefined): HandlerOutcome['status'] {
  if (reason === 'cancelled') return 'cancelled';
  return reason === 'budget-exceeded' ? 'skipped-budget' : 'failed';
}

/** A journaled fix's answer as the worker gave it, or undefined when the record holds none to reuse. */
function answerOf(record: SubtaskRecord, text: string): WorkerResult | undefined {
  const { outcome } = record;
  const after = record.proposals.find((p) => p.file === record.file)?.after ?? text;
  const notes = outcome.notes === undefined ? {} : { notes: outcome.notes };
  if (outcome.status === 'done')
    return { ok: true, value: { status: 'changed', after, attempts: outcome.attempts, ...notes } };
  if (outcome.status !== 'unchanged') return undefined;
  const message = outcome.reason ?? '';
  return { ok: true, value: { status: 'unchanged', after, message, attempts: outcome.attempts, ...notes } };
}
