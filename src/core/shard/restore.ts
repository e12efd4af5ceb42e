/**
 * A planned run rebuilt from a plan file in another process: the facts gathered again (no model call), the
 * workers' requests built from the whole plan exactly as the planning process built them (not counted again),
 * and a ledger that already holds the calls made elsewhere, so the budget and the usage report see them.
 */
import { Budget } from '../llm/budget';
import { UsageLedger, type LedgerRecord } from '../llm/ledger';
import { contextFor, type PlannedRun, type RunDeps } from '../pipeline';
import { gatherFacts } from '../facts/facts';
import { pricesFor, rolesOf } from '../run/providers';
import type { RunState } from '../runTypes';
import { buildWorkerRequests } from '../worker/workerRequests';
import type { PlanFile } from './planFile';

export async function restorePlanned(
  deps: RunDeps,
  file: PlanFile,
  spentElsewhere: readonly LedgerRecord[],
): Promise<PlannedRun> {
  const ledger = new UsageLedger(pricesFor(deps));
  for (const record of spentElsewhere) ledger.record(record);
  const state: RunState = { ledger, budget: new Budget(deps.config.budgetUsd, ledger) };
  const ctx = contextFor(deps, state);
  ctx.emit({ type: 'stage', stage: 'facts', message: 'Gathering workspace facts' });
  const facts = await gatherFacts(deps.workspace, {
    instruction: file.instruction,
    seed: file.seed,
    importDepth: deps.config.importDepth,
  });
  return {
    request: { instruction: file.instruction, ...(file.seed ? { seed: file.seed } : {}) },
    facts,
    plan: file.plan,
    droppedFiles: file.droppedFiles,
    rejected: file.rejected,
    estimate: file.estimate,
    roles: rolesOf(deps),
    workerRequests: buildWorkerRequests(ctx, file.instruction, file.plan, facts),
    state,
  };
}
