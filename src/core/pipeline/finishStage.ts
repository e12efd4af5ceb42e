/**
 * The finishing stage, for a run dispatched here or merged from shards: merge, type-check, follow-ups and repair,
 * obligations, verdict. Nothing is written.
 */
import type { SubtaskJournal } from '../journal/journal';
import type { ModelRequest } from '../llm/modelClient';
import { withProvenance } from '../merge/provenance';
import { synthesize } from '../merge/synthesize';
import type { Plan } from '../plan/planSchema';
import type { CostEstimate, PlannedRun, RefactorResult, RunDeps, RunState } from '../runTypes';
import { rolesOf } from '../run/providers';
import { remainingObligations } from '../run/obligations';
import { checkAndFix } from '../run/followUps';
import { repairTemplate } from '../run/repair';
import { costAlert } from '../run/runMessages';
import { judgeRun, rejectedSteps } from '../run/verdict';
import type { RunContext } from '../run/runContext';
import type { SubtaskRun } from '../run/runSubtasks';
import { contextFor } from './context';

/** What `finishRun` merges: a dispatch's results, here or gathered from shards run elsewhere. */
export interface DispatchedRun {
  plan: Plan;
  droppedFiles: string[];
  /** Steps the re-check of an edited plan rejected, beside the ones rejected at planning. */
  rejected?: PlannedRun['rejected'];
  estimate: CostEstimate;
  requests: Map<string, ModelRequest>;
  run: SubtaskRun;
}

/** The tail of a run: merge, type-check, follow-ups and repair, obligations, verdict. Nothing is written. */
export async function finishRun(
  deps: RunDeps,
  planned: PlannedRun,
  dispatched: DispatchedRun,
): Promise<RefactorResult> {
  return finishWith(contextFor(deps, planned.state), deps, planned, dispatched);
}

/** Merges what was dispatched with the stage's context (`executeRun` passes its own, and its journal). */
export async function finishWith(
  ctx: RunContext,
  deps: RunDeps,
  planned: PlannedRun,
  dispatched: DispatchedRun,
  journal?: SubtaskJournal,
): Promise<RefactorResult> {
  const { plan, droppedFiles, estimate, requests, run } = dispatched;
  const instruction = planned.request.instruction;
  const rejected = rejectedSteps(planned.rejected, dispatched.rejected ?? []);
  const base = {
    instruction,
    plan,
    facts: planned.facts,
    droppedFiles,
    rejected,
    estimate,
    outcomes: run.outcomes,
  };
  if (deps.signal?.aborted) return cancelledResult(base, planned.state);

  ctx.emit({ type: 'stage', stage: 'merge', message: 'Merging edits' });
  const synthesis = synthesize({
    workspace: deps.workspace,
    plan,
    facts: planned.facts,
    instruction,
    proposals: run.proposals,
    outcomes: run.outcomes,
    strictScope: deps.config.strictScope,
  });
  const { merged, conflicts, outOfScope } = synthesis;
  for (const h of outOfScope) {
    const what = h.dropped ? 'dropped (strictScope)' : 'kept';
    ctx.emit({ type: 'log', level: 'warn', message: `${h.file}:${h.line}: out-of-scope hunk ${what}` });
  }

  ctx.emit({ type: 'stage', stage: 'typecheck', message: 'Type-checking the result' });
  // Check, then fix at the cause: repairs for the run's files, follow-ups for files outside the plan.
  const kept = new Set(plan.subtasks.map((s) => s.file));
  const checked = await checkAndFix(ctx, {
    plan,
    merged,
    ops: synthesis.ops,
    excluded: new Set(planned.plan.subtasks.map((s) => s.file).filter((f) => !kept.has(f))),
    template: (file) =>
      requests.values().next().value ??
      repairTemplate(ctx, { instruction, plan, facts: planned.facts, file }),
    scope: { facts: planned.facts, instruction, strict: deps.config.strictScope },
    ...(journal ? { journal } : {}),
  });
  const { changes, diagnostics } = checked;
  const outcomes = [...run.outcomes, ...checked.followUps];
  const usage = planned.state.ledger.summary();
  const cancelled = deps.signal?.aborted ?? false;
  const obligations = cancelled
    ? []
    : remainingObligations({
        workspace: deps.workspace,
        plan,
        instruction,
        outcomes,
        changes,
        facts: planned.facts,
      });
  const described = withProvenance({
    changes,
    plan,
    proposals: run.proposals,
    outcomes: run.outcomes,
    repairCostUsd: checked.repaired,
  });
  const parts = {
    ...base,
    outcomes,
    changes: cancelled ? [] : described,
    conflicts,
    diagnostics,
    usage,
    cancelled,
    obligations,
    outOfScope: [...outOfScope, ...checked.outOfScope],
  };
  const verdict = judgeRun(parts);
  const result: RefactorResult = {
    ...parts,
    roles: rolesOf(deps),
    verdict,
    costAlert: costAlert(usage.costUsd, estimate.totalUsd, deps.config.costAlertFactor),
  };
  ctx.emit({ type: 'stage', stage: 'done', message: verdict.message });
  return result;
}

type ResultBase = Pick<
  RefactorResult,
  'instruction' | 'plan' | 'facts' | 'droppedFiles' | 'rejected' | 'estimate' | 'outcomes'
>;

function cancelledResult(base: ResultBase, state: RunState): RefactorResult {
  const parts = {
    ...base,
    changes: [],
    conflicts: [],
    diagnostics: { before: [], after: [], introduced: [] },
    usage: state.ledger.summary(),
    cancelled: true,
    obligations: [],
    outOfScope: [],
  };
  return { ...parts, verdict: judgeRun(parts) };
}
