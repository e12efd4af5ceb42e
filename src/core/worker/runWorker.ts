/**
 * One LLM subtask: call the worker, validate its output, apply its edits to the file in memory.
 * Invalid output or edits that do not apply are retried once with the precise error, then reported.
 */
import { isOrchestraError, type OrchestraError } from '../errors';
import { parseToolInput, toolFromSchema } from '../llm/structured';
import type { ChatMessage, ModelRequest, ModelResponse } from '../llm/modelClient';
import type { Subtask } from '../plan/planSchema';
import { callWithinBudget, type RunContext } from '../run/runContext';
import { applyWorkerOutput } from './applyEdits';
import { WorkerOutputSchema, type WorkerOutput } from './editSchema';
import { EDIT_TOOL_NAME } from './workerPrompt';

export const editTool = toolFromSchema(
  EDIT_TOOL_NAME,
  'Submit the edits for your one assigned file.',
  WorkerOutputSchema,
);

export type WorkerResult =
  | { ok: true; after: string; notes?: string; attempts: number }
  | { ok: false; reason: string; attempts: number; error?: OrchestraError };

/** Attempts per subtask: the first call and one retry with the error. */
const MAX_ATTEMPTS = 2;

export async function runWorker(
  ctx: RunContext,
  subtask: Subtask,
  before: string,
  request: ModelRequest,
): Promise<WorkerResult> {
  let messages: ChatMessage[] = request.messages;
  let lastError = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    let response: ModelResponse;
    try {
      response = await callWithinBudget(ctx, { ...request, messages });
    } catch (e) {
      // A call the budget refused was never sent, so it is not an attempt.
      const made = isOrchestraError(e) && e.reason === 'budget-exceeded' ? attempt - 1 : attempt;
      if (isOrchestraError(e)) return { ok: false, reason: e.message, attempts: made, error: e };
      throw e;
    }
    if (response.stopReason === 'refusal') {
      return {
        ok: false,
        reason: `the model refused: ${response.text.slice(0, 200) || 'no reason given'}`,
        attempts: attempt,
      };
    }
    const outcome = readOutput(response, subtask, before);
    if (outcome.ok) return { ok: true, after: outcome.after, notes: outcome.notes, attempts: attempt };
    lastError = outcome.error;
    if (attempt < MAX_ATTEMPTS) {
      ctx.emit({ type: 'subtask', file: subtask.file, status: 'retry', detail: lastError });
      messages = [
        ...request.messages,
        {
          role: 'assistant',
          content: `Previous ${EDIT_TOOL_NAME} input: ${JSON.stringify(response.toolInput ?? response.text)}`,
        },
        {
          role: 'user',
          content: `That did not work: ${lastError}\nCall ${EDIT_TOOL_NAME} again with corrected edits.`,
        },
      ];
    }
  }
  return {
    ok: false,
    reason: `invalid worker output after ${MAX_ATTEMPTS} attempts: ${lastError}`,
    attempts: MAX_ATTEMPTS,
  };
}

function readOutput(
  response: ModelResponse,
  subtask: Subtask,
  before: string,
): { ok: true; after: string; notes?: string } | { ok: false; error: string } {
  if (response.stopReason === 'max_tokens') {
    return {
      ok: false,
      error: 'the reply was cut off (max_tokens); send fewer, smaller search/replace blocks',
    };
  }
  if (response.toolInput === undefined)
    return { ok: false, error: `no ${EDIT_TOOL_NAME} tool call in the reply` };
  const parsed = parseToolInput(WorkerOutputSchema, response.toolInput);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const output: WorkerOutput = parsed.value;
  // applyWorkerOutput refuses an output for another file than the one assigned (the message says which).
  const applied = applyWorkerOutput(before, output, {
    isNew: subtask.handler === 'create',
    file: subtask.file,
  });
  if (!applied.ok) return { ok: false, error: applied.error };
  return { ok: true, after: applied.text, notes: output.notes };
}
