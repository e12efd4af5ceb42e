/**
 * The dispatch stage: the reviewed (possibly edited) plan re-checked and capped, re-estimated if edited, the
 * budget checked, the subtasks run; then the finishing stage. Changes stay in memory — nothing is written here.
 */
import type { SubtaskJournal } from '../journal/journal';
import type { Plan } from '../plan/planSchema';
import { checkPlan, planCheckHost } from '../plan/validatePlan';
import type { PlannedRun, RefactorResult, RunDeps } from '../runTypes';
import { overBudgetRefusal } from '../run/runMessages';
import { runSubtasks } from '../run/runSubtasks';
import { contextFor } from './context';
import { countedEstimate } from './countedEstimate';
import { finishWith } from './finishStage';

/** Runs the (possibly user-edited) plan. `plan` defaults to `planned.plan`; it is re-checked and capped. */
export async function executeRun(
  deps: RunDeps,
  planned: PlannedRun,
  edited?: Plan,
  options: { journal?: SubtaskJournal } = {},
): Promise<RefactorResult> {
  const ctx = contextFor(deps, planned.state);
  const check = checkPlan(edited ?? planned.plan, planCheckHost(deps.workspace), deps.config.maxWorkers);
  const plan = check.plan;
  const droppedFiles = [...new Set([...planned.droppedFiles, ...check.dropped])];
  const instruction = planned.request.instruction;
  // An edited plan is re-estimated; an unchanged one keeps the estimate the user reviewed and the
  // requests it was counted on (the workspace serves the same texts it read while planning).
  const recounted = edited ? await countedEstimate(ctx, instruction, plan, planned.facts) : undefined;
  const estimate = recounted?.estimate ?? planned.estimate;
  const requests = recounted?.requests ?? planned.workerRequests;
  const refused = overBudgetRefusal(estimate, planned.state.budget, planned.budgetReask);
  if (refused) throw refused;
  ctx.emit({ type: 'stage', stage: 'dispatch', message: `Running ${plan.subtasks.length} subtasks` });
  options.journal?.begin?.(plan);
  const run = await runSubtasks(ctx, plan, requests, { instruction, facts: planned.facts }, options.journal);
  const rejected = check.rejected;
  return finishWith(
    ctx,
    deps,
    planned,
    { plan, droppedFiles, rejected, estimate, requests, run },
    options.journal,
  );
}
