/** Asks the orchestrator for a plan, validates it, re-asks once with the precise problems, then caps in code. */
import { OrchestraError } from '../errors';
import { err, type Result } from '../result';
import { parseToolInput, toolFromSchema } from '../llm/structured';
import type { ChatMessage, ModelResponse } from '../llm/modelClient';
import { callWithinBudget, type RunContext } from '../run/runContext';
import type { WorkspaceFacts } from '../facts/types';
import { buildSlice } from '../facts/slices';
import { buildOrchestratorRequest, PLAN_TOOL_NAME } from './orchestratorPrompt';
import { PlanSchema, type Plan } from './planSchema';
import { checkPlan, planCheckHost, type PlanCheck } from './validatePlan';

export const planTool = toolFromSchema(
  PLAN_TOOL_NAME,
  'Submit the refactoring plan: one subtask per file that must change.',
  PlanSchema,
);

/** How many candidate files get an excerpt in the orchestrator prompt. */
const MAX_SLICES = 12;

export interface PlanOutcome extends PlanCheck {
  attempts: number;
}

export async function planRefactor(
  ctx: RunContext,
  instruction: string,
  facts: WorkspaceFacts,
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
  });
  const host = planCheckHost(ctx.workspace);
  let messages: ChatMessage[] = request.messages;
  let lastError = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await callWithinBudget(ctx, { ...request, messages });
    const parsed = readPlan(response);
    if (!parsed.ok) {
      lastError = parsed.error;
    } else {
      const check = checkPlan(parsed.value, host, ctx.config.maxWorkers);
      // Problems are worth one re-ask; after that the code-enforced result stands.
      if (check.problems.length === 0 || attempt === 2) return { ...check, attempts: attempt };
      lastError = `the plan has problems:\n- ${check.problems.join('\n- ')}`;
    }
    ctx.emit({ type: 'log', level: 'warn', message: `plan attempt ${attempt} rejected: ${lastError}` });
    messages = [
      ...request.messages,
      {
        role: 'assistant',
        content: `Previous ${PLAN_TOOL_NAME} input: ${JSON.stringify(response.toolInput ?? response.text)}`,
      },
      { role: 'user', content: `${lastError}\nCall ${PLAN_TOOL_NAME} again with a corrected plan.` },
    ];
  }
  throw new OrchestraError(
    'invalid-model-output',
    `the orchestrator returned an invalid plan twice: ${lastError}`,
  );
}

function readPlan(response: ModelResponse): Result<Plan> {
  if (response.stopReason === 'max_tokens') {
    return err('the reply was cut off (max_tokens); send a shorter plan with brief instructions');
  }
  if (response.stopReason === 'refusal') return err(`the model refused: ${response.text.slice(0, 200)}`);
  if (response.toolInput === undefined) return err(`no ${PLAN_TOOL_NAME} tool call in the reply`);
  return parseToolInput(PlanSchema, response.toolInput);
}
