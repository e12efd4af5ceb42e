/**
 * Runs a checked plan through the handler registry: deterministic handlers first, in plan order, each on
 * the texts the ones before it left; then the handlers that call a model, through capped dispatch.
 */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import type { SubtaskOutcome } from '../runTypes';
import type { HandlerRun } from '../handlers/handler';
import { costOfLabel } from '../handlers/llm';
import { handlerFor } from '../handlers/registry';
import { dispatchCapped } from './dispatch';
import { warmUpPossible } from '../worker/cacheFill';
import { cacheableTokens } from './estimate';
import type { RunContext } from './runContext';

export interface Proposal {
  subtask: string;
  file: string;
  after: string;
}

export interface SubtaskRun {
  proposals: Proposal[];
  outcomes: SubtaskOutcome[];
}

/** Model subtasks all start from the texts read for planning (their requests were built on them). */
const BASELINE: ReadonlyMap<string, string> = new Map();

export async function runSubtasks(
  ctx: RunContext,
  plan: Plan,
  requests: Map<string, ModelRequest>,
): Promise<SubtaskRun> {
  const usesModel = (s: Subtask): boolean => handlerFor(s.handler).usesModel;
  const { proposals, outcomes } = await runDeterministic(
    ctx,
    plan.subtasks.filter((s) => !usesModel(s)),
  );
  const modelSubtasks = plan.subtasks.filter(usesModel);
  let budgetStop: string | undefined;
  const results = await dispatchCapped(
    modelSubtasks.map((subtask) => ({
      key: subtask.file,
      run: async (): Promise<HandlerRun> => {
        ctx.emit({ type: 'subtask', file: subtask.file, status: 'started' });
        const run = await handlerFor(subtask.handler).run({
          ctx,
          subtask,
          current: BASELINE,
          request: requests.get(subtask.file),
        });
        if (run.outcome.status === 'skipped-budget') budgetStop ??= run.outcome.reason;
        return run;
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
    const base = { file: subtask.file, handler: subtask.handler };
    let outcome: SubtaskOutcome;
    if (!r.started) {
      const status = r.why === 'cancelled' ? 'cancelled' : r.why === 'cap' ? 'dropped-cap' : 'skipped-budget';
      const costUsd = costOfLabel(ctx, subtask.file);
      outcome = { ...base, costUsd, status, attempts: 0, reason: r.detail ?? notStartedReason(r.why) };
    } else {
      for (const p of r.value.proposals) proposals.push({ subtask: subtask.file, ...p });
      outcome = { ...base, ...r.value.outcome };
    }
    ctx.emit({ type: 'subtask', file: subtask.file, status: outcome.status, detail: outcome.reason });
    outcomes.push(outcome);
  });
  return { proposals, outcomes };
}

/**
 * Deterministic subtasks one after another, each seeing the texts the ones before it proposed (two renames
 * declared in one file, or touching one importer, never clash). One proposal per file: its final text.
 */
async function runDeterministic(ctx: RunContext, subtasks: Subtask[]): Promise<SubtaskRun> {
  const current = new Map<string, string>();
  const lastBy = new Map<string, string>();
  const outcomes: SubtaskOutcome[] = [];
  for (const subtask of subtasks) {
    const run = await handlerFor(subtask.handler).run({ ctx, subtask, current, request: undefined });
    for (const p of run.proposals) {
      current.set(p.file, p.after);
      lastBy.set(p.file, subtask.file);
    }
    const outcome: SubtaskOutcome = { file: subtask.file, handler: subtask.handler, ...run.outcome };
    const detail = outcome.reason ?? outcome.notes;
    ctx.emit({ type: 'subtask', file: subtask.file, status: outcome.status, detail });
    outcomes.push(outcome);
  }
  const proposals = [...current]
    .filter(([file, after]) => after !== ctx.workspace.readText(file))
    .map(([file, after]) => ({ subtask: lastBy.get(file) ?? file, file, after }));
  return { proposals, outcomes };
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
