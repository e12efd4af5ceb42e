/**
 * Between a dispatch's results and `SubtaskRecord`s: a shard turns its share's proposals and outcomes into
 * records (with the hash of every file each started from and the calls billed under its label); the merge
 * turns the records of all shards back into one dispatch's results.
 */
import type { FileProposal } from '../handlers/handler';
import { handlerFor } from '../handlers/registry';
import { SUBTASK_RECORD_VERSION, type SubtaskRecord } from '../journal/subtaskRecord';
import { addUsage, emptyUsage, type ModelRequest } from '../llm/modelClient';
import type { UsageLedger } from '../llm/ledger';
import { subtaskId, withIds } from '../plan/dependencies';
import type { Plan, Subtask } from '../plan/planSchema';
import type { Proposal, SubtaskRun } from '../run/runSubtasks';
import type { SubtaskOutcome } from '../runTypes';
import type { HandlerOutcome } from '../stageTypes';
import type { Workspace } from '../workspace/workspace';

export interface RecordInputs {
  /** The whole plan (records carry its ids) and the plan indices of the share that ran. */
  plan: Plan;
  share: readonly number[];
  run: SubtaskRun;
  requests: ReadonlyMap<string, ModelRequest>;
  ledger: UsageLedger;
  workspace: Workspace;
}

/** One record per subtask of the share, in plan order. */
export function toRecords(inputs: RecordInputs): SubtaskRecord[] {
  const { plan, share, run, requests, ledger, workspace } = inputs;
  const ids = withIds(plan.subtasks).subtasks;
  const unclaimed = [...run.outcomes];
  return share.map((at): SubtaskRecord => {
    const s = plan.subtasks[at] as Subtask;
    const key = subtaskId(s);
    const found = unclaimed.findIndex((o) => (o.id ?? o.file) === key);
    const outcome = found < 0 ? undefined : unclaimed.splice(found, 1)[0];
    const proposals: FileProposal[] = run.proposals.filter((p) => p.subtask === key).map(fileProposal);
    const files = new Set([s.file, ...(s.to === undefined ? [] : [s.to])]);
    for (const p of proposals) {
      files.add(p.file);
      if (p.movedFrom !== undefined) files.add(p.movedFrom);
    }
    const label = requests.get(key)?.label ?? s.file;
    const usage = handlerFor(s.handler).usesModel
      ? ledger
          .entries()
          .filter((e) => e.label === label)
          .reduce((sum, e) => addUsage(sum, e.usage), emptyUsage())
      : emptyUsage();
    return {
      version: SUBTASK_RECORD_VERSION,
      id: ids[at]?.id ?? key,
      file: s.file,
      handler: s.handler,
      base: Object.fromEntries([...files].sort().map((f) => [f, workspace.hashOf(f) ?? null])),
      proposals,
      outcome: outcome ? handlerOutcome(outcome) : notReported(),
      usage,
    };
  });
}

/**
 * The dispatch results the records stand for, as one process would have returned them: outcomes of the
 * deterministic steps first, then the model steps, each in plan order; proposals in plan order, deletions last.
 */
export function fromRecords(plan: Plan, records: readonly SubtaskRecord[]): SubtaskRun {
  const ids = withIds(plan.subtasks).subtasks;
  const byId = new Map(records.map((r) => [r.id, r]));
  const steps = ids.flatMap((s, at) => {
    const record = byId.get(s.id);
    const own = plan.subtasks[at] as Subtask;
    return record ? [{ own, record, usesModel: handlerFor(own.handler).usesModel }] : [];
  });
  const outcomes: SubtaskOutcome[] = [
    ...steps.filter((x) => !x.usesModel),
    ...steps.filter((x) => x.usesModel),
  ].map(({ own, record }) => {
    const { id, ...rest } = record.outcome;
    return { ...(id !== undefined ? { id } : {}), file: own.file, handler: own.handler, ...rest };
  });
  const proposals: Proposal[] = steps.flatMap(({ own, record }) =>
    record.proposals.map((p) => ({ subtask: subtaskId(own), ...p })),
  );
  return {
    outcomes,
    proposals: [
      ...proposals.filter((p) => p.deleted !== true),
      ...proposals.filter((p) => p.deleted === true),
    ],
  };
}

function fileProposal(p: Proposal): FileProposal {
  return {
    file: p.file,
    after: p.after,
    ...(p.movedFrom !== undefined ? { movedFrom: p.movedFrom } : {}),
    ...(p.deleted === true ? { deleted: true as const } : {}),
  };
}

function handlerOutcome(o: SubtaskOutcome): HandlerOutcome {
  const { file: _file, handler: _handler, ...rest } = o;
  return rest;
}

// The dispatch reports every subtask it is given; this stands for one it did not, so the merge says so.
function notReported(): HandlerOutcome {
  return { status: 'failed', attempts: 0, costUsd: 0, reason: 'the shard reported no outcome for it' };
}
