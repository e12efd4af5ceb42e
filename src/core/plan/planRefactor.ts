/** Asks the orchestrator for a plan, validates it, re-asks once with the precise problems, then caps in code. */
import { OrchestraError } from '../errors';
import { err, type Result } from '../result';
import { parseToolInput, toolFromSchema } from '../llm/structured';
import type { ChatMessage, ModelRequest, ModelResponse } from '../llm/modelClient';
import { estimateRequestTokens, worstCaseCallUsd } from '../llm/budget';
import { callWithinBudget, type RunContext } from '../run/runContext';
import type { WorkspaceFacts } from '../facts/types';
import { buildSlice } from '../facts/slices';
import { buildOrchestratorRequest, PLAN_TOOL_NAME } from './orchestratorPrompt';
import { PlanSchema, type Plan } from './planSchema';
import { checkPlan, planCheckHost, type PlanCheck } from './validatePlan';
import { budgetBrief } from './budgetBrief';

export const planTool = toolFromSchema(
  PLAN_TOOL_NAME,
  'Submit the refactoring plan: one subtask per file that must change, or one group per kind of change.',
  PlanSchema,
);

/** How many candidate files get an excerpt in the orchestrator prompt. */
const MAX_SLICES = 12;

export interface PlanOutcome extends PlanCheck {
  attempts: number;
  /** The message the orchestrator was re-asked with because its plan was over the budget, if it was. */
  budgetReask?: string;
}

export interface PlanOptions {
  /**
   * Judges a valid plan's cost: undefined when it fits the budget, else the figures (estimate, budget, the
   * costliest subtasks) the orchestrator is re-asked with, once.
   */
  overBudget?: (plan: Plan) => Promise<string | undefined>;
}

export async function planRefactor(
  ctx: RunContext,
  instruction: string,
  facts: WorkspaceFacts,
  options: PlanOptions = {},
): Promise<PlanOutcome> {
  const slices = facts.candidates
    .slice(0, MAX_SLICES)
    .map((c) => buildSlice(ctx.workspace, c.file, c.lines, { maxWholeLines: 120, context: 3 }));
  const request = buildOrchestratorRequest({
    instruction,
    facts,
    files: ctx.workspace.listFiles().slice(0, 400),
    slices,
    maxWorkers: ctx.config.maxWorkers,
    model: ctx.config.models.orchestrator,
    maxTokens: ctx.config.orchestratorMaxTokens,
    tool: planTool,
    workspace: ctx.workspace,
    budget: budgetBrief(ctx.config, sizeSample(ctx, facts)),
  });
  const host = planCheckHost(ctx.workspace);
  let messages: ChatMessage[] = request.messages;
  let lastError = '';
  let budgetReask: string | undefined;
  let calls = 0;
  // Two tries at a valid plan; a valid one over the budget is re-asked once more with the figures.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await callWithinBudget(ctx, { ...request, messages });
    calls++;
    const parsed = readPlan(response);
    if (!parsed.ok) {
      lastError = parsed.error;
    } else {
      const check = checkPlan(parsed.value, host, ctx.config.maxWorkers);
      // Problems are worth one re-ask; after that the code-enforced result stands.
      if (check.problems.length === 0 || attempt === 2) {
        const over = budgetReask === undefined ? await options.overBudget?.(check.plan) : undefined;
        const done = { ...check, attempts: calls, ...(budgetReask ? { budgetReask } : {}) };
        if (over === undefined) return done;
        const next: ChatMessage[] = [...messages, previousPlan(response), { role: 'user', content: over }];
        // A re-ask the budget cannot cover would fail on its own; the plan is then refused with its figures.
        if (!affordable(ctx, { ...request, messages: next })) {
          ctx.emit({
            type: 'log',
            level: 'warn',
            message: `plan over budget; no room left to ask again: ${over}`,
          });
          return done;
        }
        budgetReask = over;
        ctx.emit({ type: 'log', level: 'warn', message: `plan over budget, asking once more: ${over}` });
        messages = next;
        attempt = 0;
        continue;
      }
      lastError = `the plan has problems:\n- ${check.problems.join('\n- ')}`;
    }
    ctx.emit({ type: 'log', level: 'warn', message: `plan attempt ${attempt} rejected: ${lastError}` });
    messages = [
      ...(budgetReask === undefined ? request.messages : messages),
      previousPlan(response),
      { role: 'user', content: `${lastError}\nCall ${PLAN_TOOL_NAME} again with a corrected plan.` },
    ];
  }
  throw new OrchestraError(
    'invalid-model-output',
    `the orchestrator returned an invalid plan twice: ${lastError}`,
  );
}

function affordable(ctx: RunContext, request: ModelRequest): boolean {
  const worstCase = worstCaseCallUsd(request.model, estimateRequestTokens(request), request.maxTokens);
  return worstCase <= ctx.budget.remainingUsd();
}

function previousPlan(response: ModelResponse): ChatMessage {
  return {
    role: 'assistant',
    content: `Previous ${PLAN_TOOL_NAME} input: ${JSON.stringify(response.toolInput ?? response.text)}`,
  };
}

/** The files whose sizes the budget brief samples: the candidates, else the workspace's first files. */
function sizeSample(ctx: RunContext, facts: WorkspaceFacts): Array<{ file: string; text: string }> {
  const files = facts.candidates.length > 0 ? facts.candidates.map((c) => c.file) : ctx.workspace.listFiles();
  return files.slice(0, 200).flatMap((file) => {
    const text = ctx.workspace.readText(file);
    return text === undefined ? [] : [{ file, text }];
  });
}

function readPlan(response: ModelResponse): Result<Plan> {
  if (response.stopReason === 'max_tokens') {
    return err('the reply was cut off (max_tokens); send a shorter plan with brief instructions');
  }
  if (response.stopReason === 'refusal') return err(`the model refused: ${response.text.slice(0, 200)}`);
  if (response.toolInput === undefined) return err(`no ${PLAN_TOOL_NAME} tool call in the reply`);
  return parseToolInput(PlanSchema, response.toolInput);
}
