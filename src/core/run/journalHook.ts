/**
 * What runSubtasks tells the run journal: the sha256 of the texts a subtask started from (its base), the calls
 * it made, and a journaled result put back in place of running it (its calls counted as spent, not made again).
 */
import type { FileProposal, HandlerRun } from '../handlers/handler';
import { asCalls, type SubtaskJournal } from '../journal/journal';
import { SUBTASK_RECORD_VERSION, type SubtaskRecord } from '../journal/subtaskRecord';
import { addUsage, emptyUsage } from '../llm/modelClient';
import type { LedgerRecord } from '../llm/ledger';
import type { IdentifiedSubtask } from '../plan/dependencies';
import { sha256Hex } from '../workspace/contentHash';
import type { Workspace } from '../workspace/workspace';
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
