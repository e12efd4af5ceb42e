/** Runs a checked plan: deterministic handlers first, then LLM workers through capped dispatch. */
import { isOrchestraError } from '../errors';
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import type { SubtaskOutcome } from '../runTypes';
import { dispatchCapped } from './dispatch';
import { renameSymbol } from '../handlers/renameSymbol';
import { runWorker, type WorkerResult } from '../worker/runWorker';
import { warmUpPossible } from '../worker/cacheFill';
import { cacheableTokens } from './estimate';
import type { RunContext } from './runContext';
import { isModelSubtask } from '../worker/workerRequests';

export interface Proposal {
  subtask: string;
  file: string;
  after: string;
}

export interface SubtaskRun {
  proposals: Proposal[];
  outcomes: SubtaskOutcome[];
}

export async function runSubtasks(
  ctx: RunContext,
  plan: Plan,
  requests: Map<string, ModelRequest>,
): Promise<SubtaskRun> {
  const proposals: Proposal[] = [];
  const outcomes: SubtaskOutcome[] = [];
  for (const subtask of plan.subtasks.filter((s) => s.handler === 'rename')) {
    outcomes.push(runRename(ctx, subtask, proposals));
  }
  const modelSubtasks = plan.subtasks.filter(isModelSubtask);
  let budgetStop: string | undefined;
  const results = await dispatchCapped(
    modelSubtasks.map((subtask) => ({
      key: subtask.file,
      run: async (): Promise<WorkerResult> => {
        ctx.emit({ type: 'subtask', file: subtask.file, status: 'started' });
        const before = ctx.workspace.readText(subtask.file) ?? '';
        const result = await runWorker(ctx, subtask, before, requests.get(subtask.file) as ModelRequest);
        if (!result.ok && result.error?.reason === 'budget-exceeded') budgetStop ??= result.reason;
        return result;
      },
    })),
    {
      cap: ctx.config.maxWorkers,
      concurrency: ctx.config.maxConcurrency,
      signal: ctx.signal,
      stopReason: () => budgetStop,
      // A warm-up call only buys something from a provider that caches the shared prefix.
      warmFirst:
        ctx.client.cachesPrompts === true &&
        worthWarming(
          modelSubtasks.map((s) => requests.get(s.file)),
          ctx.config.maxConcurrency,
        ),
    },
  );
  results.forEach((r, i) => {
    const subtask = modelSubtasks[i] as Subtask;
    const base = { file: subtask.file, handler: subtask.handler, costUsd: costOfLabel(ctx, subtask.file) };
    let outcome: SubtaskOutcome;
    if (!r.started) {
      const status = r.why === 'cancelled' ? 'cancelled' : r.why === 'cap' ? 'dropped-cap' : 'skipped-budget';
      outcome = { ...base, status, attempts: 0, reason: r.detail ?? notStartedReason(r.why) };
    } else if (r.value.ok) {
      const before = ctx.workspace.readText(subtask.file) ?? '';
      const changed = r.value.after !== before;
      if (changed) proposals.push({ subtask: subtask.file, file: subtask.file, after: r.value.after });
      outcome = {
        ...base,
        status: changed ? 'done' : 'unchanged',
        attempts: r.value.attempts,
        notes: r.value.notes,
        ...(r.value.status === 'unchanged' ? { reason: r.value.reason } : {}),
      };
    } else {
      const reason = r.value.error?.reason;
      const status =
        reason === 'cancelled' ? 'cancelled' : reason === 'budget-exceeded' ? 'skipped-budget' : 'failed';
      outcome = {
        ...base,
        status,
        attempts: r.value.attempts,
        reason: r.value.reason,
        ...(reason ? { errorReason: reason } : {}),
      };
    }
    ctx.emit({ type: 'subtask', file: subtask.file, status: outcome.status, detail: outcome.reason });
    outcomes.push(outcome);
  });
  return { proposals, outcomes };
}

/** Spend of every call made for one subtask (its retries included). */
export function costOfLabel(ctx: Pick<RunContext, 'ledger'>, label: string): number {
  return ctx.ledger
    .entries()
    .filter((e) => e.label === label)
    .reduce((sum, e) => sum + e.costUsd, 0);
}

/** Sequencing one call first pays when its cached prefix will be read by at least two later workers at once. */
export function worthWarming(requests: Array<ModelRequest | undefined>, concurrency: number): boolean {
  const first = requests[0];
  if (!first || !warmUpPossible(requests.length, concurrency)) return false;
  return cacheableTokens(first) > 0;
}

function notStartedReason(why: 'cap' | 'stopped' | 'cancelled'): string {
  if (why === 'cap') return 'beyond the maxWorkers cap';
  if (why === 'cancelled') return 'the run was cancelled before this subtask started';
  return 'not started: the budget could not cover another call';
}

function runRename(ctx: RunContext, subtask: Subtask, proposals: Proposal[]): SubtaskOutcome {
  const base = { file: subtask.file, handler: subtask.handler, costUsd: 0, attempts: 0 };
  if (!subtask.rename) return { ...base, status: 'failed', reason: 'rename subtask without rename.from/to' };
  try {
    const result = renameSymbol(ctx.workspace, {
      file: subtask.file,
      from: subtask.rename.from,
      to: subtask.rename.to,
    });
    if (!result.ok) return { ...base, status: 'failed', reason: result.error };
    for (const change of result.changes)
      proposals.push({ subtask: subtask.file, file: change.file, after: change.after });
    const files = result.changes.length;
    ctx.emit({ type: 'subtask', file: subtask.file, status: 'done', detail: `renamed in ${files} files` });
    return {
      ...base,
      status: files > 0 ? 'done' : 'unchanged',
      notes: `renamed ${subtask.rename.from} → ${subtask.rename.to} in ${files} file(s)`,
    };
  } catch (e) {
    const reason = isOrchestraError(e) || e instanceof Error ? e.message : String(e);
    return { ...base, status: 'failed', reason };
  }
}
