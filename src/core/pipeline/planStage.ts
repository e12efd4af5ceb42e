/**
 * The planning stage: facts, the orchestrator's plan (or a journaled plan re-checked, on resume) and its
 * counted estimate. It stops before any worker runs so the user can review the plan.
 */
import { OrchestraError, throwIfCancelled, toOrchestraError } from '../errors';
import { Budget } from '../llm/budget';
import { UsageLedger, type LedgerRecord } from '../llm/ledger';
import { pricesFor, rolesOf } from '../run/providers';
import { planRefactor } from '../plan/planRefactor';
import type { Plan } from '../plan/planSchema';
import { checkPlan, planCheckHost } from '../plan/validatePlan';
import type { PlannedRun, RunDeps, RunRequest, RunState } from '../runTypes';
import { allRejected, overBudgetReask, withSpend } from '../run/runMessages';
import { gatherFacts } from '../facts/facts';
import { contextFor } from './context';
import { countedEstimate, type CountedEstimate } from './countedEstimate';

export async function planRun(deps: RunDeps, request: RunRequest): Promise<PlannedRun> {
  const instruction = request.instruction.trim();
  if (!instruction) {
    throw new OrchestraError(
      'bad-input',
      'The instruction is empty: describe the refactoring, e.g. "rename `UserId` to `AccountId`".',
    );
  }
  const ledger = new UsageLedger(pricesFor(deps));
  const budget = new Budget(deps.config.budgetUsd, ledger, deps.config.budgetTokens);
  const state: RunState = { ledger, budget };
  const ctx = contextFor(deps, state);
  ctx.emit({ type: 'stage', stage: 'facts', message: 'Gathering workspace facts' });
  const facts = await gatherFacts(deps.workspace, {
    instruction,
    seed: request.seed,
    importDepth: deps.config.importDepth,
  });
  throwIfCancelled(deps.signal);
  ctx.emit({
    type: 'stage',
    stage: 'plan',
    message: `Planning (${facts.candidates.length} candidate files)`,
  });
  let outcome: Awaited<ReturnType<typeof planRefactor>>;
  let counted: CountedEstimate;
  // The estimate of the plan the orchestrator gave last: counted once, for the budget check and the review.
  let last: { plan: Plan; counted: CountedEstimate } | undefined;
  const estimateOf = async (plan: Plan): Promise<CountedEstimate> => {
    if (last?.plan !== plan) {
      ctx.emit({ type: 'stage', stage: 'estimate', message: 'Estimating cost' });
      last = { plan, counted: await countedEstimate(ctx, instruction, plan, facts) };
    }
    return last.counted;
  };
  try {
    outcome = await planRefactor(ctx, instruction, facts, {
      overBudget: async (plan) => {
        const estimate = (await estimateOf(plan)).estimate;
        return estimate.fitsBudget ? undefined : overBudgetReask(estimate, ctx.config.maxWorkers);
      },
    });
    counted = await estimateOf(outcome.plan);
  } catch (e) {
    throw withSpend(toOrchestraError(e), ledger);
  }
  if (outcome.plan.subtasks.length === 0 && outcome.rejected.length > 0) {
    throw withSpend(allRejected(deps.workspace, instruction, outcome.rejected), ledger);
  }
  return {
    request: { ...request, instruction },
    facts,
    plan: outcome.plan,
    droppedFiles: outcome.dropped,
    rejected: outcome.rejected,
    ...(outcome.groups.length > 0 ? { groups: outcome.groups } : {}),
    estimate: counted.estimate,
    roles: rolesOf(deps),
    workerRequests: counted.requests,
    state,
    ...(outcome.budgetReask ? { budgetReask: outcome.budgetReask } : {}),
  };
}

/**
 * A journaled run's plan again, without the orchestrator (resume): the facts re-gathered, the plan re-checked,
 * the workers' requests rebuilt and counted; `spent` (the planning calls) is counted as spent again.
 */
export async function replanRun(
  deps: RunDeps,
  request: RunRequest,
  plan: Plan,
  spent: readonly LedgerRecord[],
): Promise<PlannedRun> {
  const ledger = new UsageLedger(pricesFor(deps));
  for (const call of spent) ledger.record(call);
  const state: RunState = {
    ledger,
    budget: new Budget(deps.config.budgetUsd, ledger, deps.config.budgetTokens),
  };
  const ctx = contextFor(deps, state);
  ctx.emit({ type: 'stage', stage: 'facts', message: 'Gathering workspace facts' });
  const facts = await gatherFacts(deps.workspace, { ...request, importDepth: deps.config.importDepth });
  const check = checkPlan(plan, planCheckHost(deps.workspace), deps.config.maxWorkers);
  ctx.emit({ type: 'stage', stage: 'estimate', message: 'Estimating cost' });
  const counted = await countedEstimate(ctx, request.instruction, check.plan, facts);
  const { rejected, dropped: droppedFiles, plan: checked } = check;
  const roles = rolesOf(deps);
  return {
    request,
    facts,
    plan: checked,
    droppedFiles,
    rejected,
    estimate: counted.estimate,
    roles,
    workerRequests: counted.requests,
    state,
  };
}
