/**
 * plan → capped dispatch → merge. The one entry point shared by the CLI, the extension and tests.
 * `planRun` stops before any worker runs so the user can review the plan and its estimate;
 * `executeRun` runs the (possibly edited) plan and returns changes in memory — nothing is written here.
 * Each stage lives in `pipeline/`; adapters import them from here only.
 */
import { OrchestraError } from './errors';
import type { Plan } from './plan/planSchema';
import type { PlannedRun, RefactorResult, RunDeps, RunRequest } from './runTypes';
import { executeRun } from './pipeline/executeStage';
import { planRun } from './pipeline/planStage';

export type { PlannedRun, RunDeps, RunRequest, RunState } from './runTypes';
export { contextFor } from './pipeline/context';
export { planRun, replanRun } from './pipeline/planStage';
export { executeRun } from './pipeline/executeStage';
export { finishRun, type DispatchedRun } from './pipeline/finishStage';

/** planRun + executeRun without review (CLI and tests); `review` may edit or cancel the plan. */
export async function runRefactor(
  deps: RunDeps,
  request: RunRequest,
  review?: (planned: PlannedRun) => Promise<Plan | undefined>,
): Promise<RefactorResult> {
  const planned = await planRun(deps, request);
  const plan = review ? await review(planned) : planned.plan;
  if (!plan) throw new OrchestraError('cancelled', 'The plan was not approved; nothing was run.');
  // Only a plan the reviewer changed is re-estimated (which costs token-count calls).
  return executeRun(deps, planned, plan === planned.plan ? undefined : plan);
}
