/**
 * plan → capped dispatch → merge. The one entry point shared by the CLI, the extension and tests.
 * `planRun` stops before any worker runs so the user can review the plan and its estimate;
 * `executeRun` runs the (possibly edited) plan and returns changes in memory — nothing is written here.
 */
import { OrchestraError, throwIfCancelled, toOrchestraError } from './errors';
import type { SubtaskJournal } from './journal/journal';
import { Budget } from './llm/budget';
import { UsageLedger, type LedgerRecord } from './llm/ledger';
import { withLedger } from './llm/meteredClient';
import type { ModelRequest } from './llm/modelClient';
import { withProvenance } from './merge/provenance';
import { synthesize } from './merge/synthesize';
import { pricesFor, refuseOverContext, rolesOf } from './run/providers';
import { planRefactor } from './plan/planRefactor';
import type { Plan } from './plan/planSchema';
import { checkPlan, planCheckHost } from './plan/validatePlan';
import type {
  CostEstimate,
  EventSink,
  PlannedRun,
  RefactorResult,
  RunDeps,
  RunRequest,
  RunState,
} from './runTypes';
import { withArrivalRequests } from './run/arrivalRequests';
import { buildEstimate, chatModelsOf, countPromptTokens } from './run/estimate';
import { remainingObligations } from './run/obligations';
import { checkAndFix } from './run/followUps';
import { followUpCallBound } from './run/followUpBound';
import { repairTemplate } from './run/repair';
import { allRejected, costAlert, overBudgetReask, overBudgetRefusal, withSpend } from './run/runMessages';
import { judgeRun, rejectedSteps } from './run/verdict';
import type { RunContext } from './run/runContext';
import { RateGate } from './run/rateGate';
import { runSubtasks, type SubtaskRun } from './run/runSubtasks';
import { buildWorkerRequests } from './worker/workerRequests';
import { gatherFacts } from './facts/facts';
import type { WorkspaceFacts } from './facts/types';

export type { PlannedRun, RunDeps, RunRequest, RunState } from './runTypes';

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

async function finishWith(
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

export function contextFor(deps: RunDeps, state: RunState): RunContext {
  const emit: EventSink = (event) => {
    try {
      deps.onEvent?.(event);
    } catch {
      // A listener's failure (a progress UI that went away) must not break the run.
    }
  };
  state.ledger.onRecord = () => {
    const s = state.ledger.summary();
    emit({ type: 'usage', calls: s.calls, costUsd: s.costUsd, usage: s.usage });
  };
  return {
    workspace: deps.workspace,
    client: withLedger(deps.client, state.ledger),
    ledger: state.ledger,
    budget: state.budget,
    config: deps.config,
    signal: deps.signal,
    emit,
    limiter: new RateGate({ maxConcurrency: deps.config.maxConcurrency }),
  };
}

const COUNT_CONCURRENCY = 8;

interface CountedEstimate {
  estimate: CostEstimate;
  requests: Map<string, ModelRequest>;
}

/** The estimate shown for review: prompt tokens of the workers' actual requests, counted by the provider. */
async function countedEstimate(
  ctx: RunContext,
  instruction: string,
  plan: Plan,
  facts: WorkspaceFacts,
): Promise<CountedEstimate> {
  // A step on a path a move creates is counted on the moved text, as it will be sent.
  const built = buildWorkerRequests(ctx, instruction, plan, facts);
  const requests = await withArrivalRequests(ctx, plan, built, { instruction, facts });
  const keys = [...requests.keys()];
  const list = [...requests.values()];
  const counted = await countPromptTokens(ctx.client, list, {
    // Counting is free and generates nothing, so it need not wait on the workers' concurrency.
    concurrency: COUNT_CONCURRENCY,
    signal: ctx.signal,
  });
  refuseOverContext(list, counted, ctx.config.contextWindows);
  const cachesPrompts = ctx.client.cachesPrompts === true;
  const { maxWorkers, followUps } = ctx.config;
  const estimate = buildEstimate(
    ctx.ledger.totalUsd(),
    list,
    ctx.config,
    counted,
    cachesPrompts,
    plan.subtasks.map((subtask) => {
      const at = keys.indexOf(subtask.id ?? subtask.file);
      return { subtask, request: at < 0 ? undefined : at };
    }),
    ctx.ledger.prices,
    ctx.budget.spentTokens(),
  );
  const followUpCalls = followUpCallBound(ctx.workspace, plan, { maxWorkers, followUps });
  const chatModels = chatModelsOf(ctx.client, ctx.config.models, estimate.freeModels);
  return {
    estimate: { ...estimate, followUpCalls, ...(chatModels.length > 0 ? { chatModels } : {}) },
    requests,
  };
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
