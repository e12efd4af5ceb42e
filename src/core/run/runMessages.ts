/** What a run says when it stops early or overspends: messages a user can act on. */
import { OrchestraError } from '../errors';
import type { Budget } from '../llm/budget';
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
  const dollars =
    estimate.totalUsd > estimate.budgetUsd
      ? `The plan is estimated at $${estimate.totalUsd.toFixed(4)} (plan $${estimate.planUsd.toFixed(4)} + workers ` +
        `$${estimate.workersUsd.toFixed(4)}), over the budget of $${estimate.budgetUsd.toFixed(2)} (at most ${maxWorkers} ` +
        `subtasks).${costliest ? ` The costliest subtasks: ${costliest}.` : ''} `
      : '';
  const tokens =
    estimate.fitsTokens === false
      ? `The plan's calls to models priced $0 are estimated at ${tokenFigures(estimate)}, over the token budget ` +
        `of ${estimate.budgetTokens ?? 0} tokens (at most ${maxWorkers} subtasks). `
      : '';
  return (
    `${dollars}${tokens}Plan again within the budget: use the ` +
    'handlers that need no model where they fit, the "fast" tier for mechanical edits, and fewer model subtasks. ' +
    `Call ${PLAN_TOOL_NAME} again.`
  );
}

/** "12000 tokens (planning 2300 + workers 9700)": the $0 models' share of an estimate. */
function tokenFigures(estimate: CostEstimate): string {
  const { plan, workers } = estimate.freeTokens ?? { plan: 0, workers: 0 };
  return `${plan + workers} tokens (planning ${plan} + workers ${workers})`;
}

/**
 * Why the workers' calls to $0 models cannot run within the token budget left after planning, or undefined
 * when they fit (or there are none): the estimate and the budget in tokens, and the setting to raise.
 */
export function overTokenBudget(estimate: CostEstimate, remainingTokens: number): string | undefined {
  const workers = estimate.freeTokens?.workers ?? 0;
  if (workers === 0 || workers <= remainingTokens) return undefined;
  return (
    `the plan's calls to models priced $0 are estimated at ${tokenFigures(estimate)} but the token budget is ` +
    `${estimate.budgetTokens ?? 0} tokens (${remainingTokens} left after planning); raise orchestra.budgetTokens ` +
    '(--budget-tokens) or untick files'
  );
}

/**
 * The refusal of a plan the budget left after planning cannot run, in dollars or in the tokens of $0 models;
 * undefined when it fits. No worker has been called.
 */
export function overBudgetRefusal(
  estimate: CostEstimate,
  budget: Budget,
  budgetReask: string | undefined,
): OrchestraError | undefined {
  const asked = budgetReask ? '. The orchestrator was asked once to plan within the budget.' : '';
  if (estimate.workersUsd > budget.remainingUsd()) {
    const costliest = costliestSubtasks(estimate);
    return new OrchestraError(
      'budget-exceeded',
      `the plan is estimated at $${estimate.totalUsd.toFixed(4)} but the budget is $${budget.limitUsd.toFixed(2)} ` +
        `($${budget.remainingUsd().toFixed(4)} left after planning); raise the budget or untick files` +
        (costliest ? `. Costliest subtasks: ${costliest}` : '') +
        asked,
    );
  }
  const tokens = overTokenBudget(estimate, budget.remainingTokens());
  return tokens === undefined ? undefined : new OrchestraError('budget-exceeded', `${tokens}${asked}`);
}
