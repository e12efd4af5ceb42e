/** What a run says when it stops early or overspends: messages a user can act on. */
import { OrchestraError } from '../errors';
import type { UsageLedger } from '../llm/ledger';
import { formatUsage } from '../report';
import type { CostEstimate, PlannedRun } from '../runTypes';
import { PLAN_TOOL_NAME } from '../plan/orchestratorPrompt';
import type { Workspace } from '../workspace/workspace';

/**
 * Every subtask of the plan was rejected: the instruction pointed outside the workspace (bad input), or
 * the orchestrator named only files that cannot be changed (an invalid plan). Either way nothing runs.
 */
export function allRejected(
  ws: Workspace,
  instruction: string,
  rejected: PlannedRun['rejected'],
): OrchestraError {
  const outside = instruction
    .split(/[\s`'"()]+/)
    .filter((token) => /[\\/]/.test(token) && ws.resolveInside(token) === undefined);
  if (outside.length > 0) {
    return new OrchestraError(
      'outside-workspace',
      `The instruction names files outside the workspace (${outside.join(', ')}); Orchestra only changes ` +
        `files under ${ws.root}. Nothing was run.`,
    );
  }
  const list = rejected.map((r) => `${r.file}: ${r.reason}`).join('; ');
  return new OrchestraError(
    'invalid-model-output',
    `The orchestrator's plan named no file that can be changed; every subtask was rejected (${list}). ` +
      'Nothing was run; name the files or symbols to change in the instruction and run it again.',
  );
}

/** A run that stops while planning has still spent money on billed plan attempts: say how much. */
export function withSpend(error: OrchestraError, ledger: UsageLedger): OrchestraError {
  const summary = ledger.summary();
  if (summary.calls === 0) return error;
  return new OrchestraError(
    error.reason,
    `${error.message} Spent so far: ${formatUsage(summary)}.`,
    error.details,
  );
}

export function costAlert(actual: number, estimate: number, factor: number): string | undefined {
  if (estimate <= 0 || actual <= estimate * factor) return undefined;
  return `This run cost $${actual.toFixed(4)}, ${(actual / estimate).toFixed(1)}× the estimate of $${estimate.toFixed(4)} (alert above ${factor}×).`;
}

/** The costliest model subtasks of an estimate, most expensive first: `s1 src/a.ts (llm, strong, model) $0.1200`. */
export function costliestSubtasks(estimate: CostEstimate, count = 3): string | undefined {
  const priced = (estimate.subtasks ?? []).filter((s) => s.usd > 0).sort((a, b) => b.usd - a.usd);
  if (priced.length === 0) return undefined;
  return priced
    .slice(0, count)
    .map(
      (s) =>
        `${s.id === s.file ? s.file : `${s.id} ${s.file}`} (${[s.handler, s.tier, s.model].filter(Boolean).join(', ')}) $${s.usd.toFixed(4)}`,
    )
    .join('; ');
}

/** What the orchestrator is told when its plan is over the budget: the figures, and what to do about them. */
export function overBudgetReask(estimate: CostEstimate, maxWorkers: number): string {
  const costliest = costliestSubtasks(estimate);
  return (
    `The plan is estimated at $${estimate.totalUsd.toFixed(4)} (plan $${estimate.planUsd.toFixed(4)} + workers ` +
    `$${estimate.workersUsd.toFixed(4)}), over the budget of $${estimate.budgetUsd.toFixed(2)} (at most ${maxWorkers} ` +
    `subtasks).${costliest ? ` The costliest subtasks: ${costliest}.` : ''} Plan again within the budget: use the ` +
    'handlers that need no model where they fit, the "fast" tier for mechanical edits, and fewer model subtasks. ' +
    `Call ${PLAN_TOOL_NAME} again.`
  );
}
