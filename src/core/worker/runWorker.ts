/**
 * One LLM subtask: call the worker (serving its read_lines calls), validate its output, apply its edits to
 * the file in memory. Invalid output or edits that do not apply are retried once with the precise error,
 * then reported. An answer that changes nothing is checked, not assumed: the worker is asked once more with
 * its subtask and the lines of its file that mention the plan's symbols; if it still changes nothing, the
 * result says why (its notes, or that nothing was edited).
 */
import { isOrchestraError, type OrchestraError } from '../errors';
import { parseToolInput, toolFromSchema } from '../llm/structured';
import { err, ok, type Result } from '../result';
import type { ChatMessage, ModelResponse } from '../llm/modelClient';
import type { SubtaskFields } from '../plan/subtaskFields';
import type { RunContext } from '../run/runContext';
import { applyWorkerOutput } from './applyEdits';
import { WorkerOutputSchema, type WorkerOutput } from './editSchema';
import { EDIT_TOOL_NAME, type WorkerRequest } from './workerPrompt';
import { nextAnswer, startConversation } from './workerTurn';
import { reaskMessage } from './reask';

export const editTool = toolFromSchema(
  EDIT_TOOL_NAME,
  'Submit the edits for your one assigned file.',
  WorkerOutputSchema,
);

/** The worker's file after its edits. `attempts`: model calls made for the subtask (reads, the retry and the re-ask included). */
export type WorkerAnswer =
  | { status: 'changed'; after: string; notes?: string; attempts: number }
  | {
      status: 'unchanged';
      after: string;
      /** Why nothing changed: the model's notes, or what it returned. */
      message: string;
      notes?: string;
      attempts: number;
    };

/** No usable answer: why, in words, and the API / budget / cancellation error behind it when there was one. */
export interface WorkerFailure {
  message: string;
  attempts: number;
  cause?: OrchestraError;
}

export type WorkerResult = Result<WorkerAnswer, WorkerFailure>;

/** Answers per subtask that may be invalid: the first and one retry with the error. */
const MAX_ATTEMPTS = 2;

export const NO_EDITS_MESSAGE = 'the worker returned no edits';
export const NO_CHANGE_MESSAGE = "the worker's edits changed nothing";

export async function runWorker(
  ctx: RunContext,
  subtask: SubtaskFields,
  before: string,
  request: WorkerRequest,
): Promise<WorkerResult> {
  const convo = startConversation(request);
  let invalid = 0;
  let reasked = false;
  for (;;) {
    let response: ModelResponse;
    try {
      response = await nextAnswer(ctx, request, before, convo);
    } catch (e) {
      if (isOrchestraError(e)) return err({ message: e.message, attempts: convo.calls, cause: e });
      throw e;
    }
    if (response.stopReason === 'refusal') {
      return err({
        message: `the model refused: ${response.text.slice(0, 200) || 'no reason given'}`,
        attempts: convo.calls,
      });
    }
    const outcome = readOutput(response, subtask, before);
    if (!outcome.ok) {
      invalid++;
      if (invalid >= MAX_ATTEMPTS) {
        return err({
          message: `invalid worker output after ${MAX_ATTEMPTS} attempts: ${outcome.error}`,
          attempts: convo.calls,
        });
      }
      ctx.emit({ type: 'subtask', file: subtask.file, status: 'retry', detail: outcome.error });
      convo.messages = [
        ...convo.messages,
        previousAnswer(response),
        {
          role: 'user',
          content: `That did not work: ${outcome.error}\nCall ${EDIT_TOOL_NAME} again with corrected edits.`,
        },
      ];
      continue;
    }
    const { after, output } = outcome.value;
    const notes = output.notes;
    if (after !== before) return ok({ status: 'changed', after, notes, attempts: convo.calls });
    const message = notes?.trim() || (output.edits.length === 0 ? NO_EDITS_MESSAGE : NO_CHANGE_MESSAGE);
    // Only a worker the plan sent to change its file is asked again; a repair call has its own check.
    if (reasked || request.role !== 'worker') {
      return ok({ status: 'unchanged', after, message, notes, attempts: convo.calls });
    }
    reasked = true;
    ctx.emit({
      type: 'subtask',
      file: subtask.file,
      status: 'retry',
      detail: `no change (${message}); asked once more`,
    });
    convo.messages = [
      ...convo.messages,
      previousAnswer(response),
      { role: 'user', content: reaskMessage(subtask, before, request.focusTerms ?? []) },
    ];
  }
}

function previousAnswer(response: ModelResponse): ChatMessage {
  return {
    role: 'assistant',
    content: `Previous ${EDIT_TOOL_NAME} input: ${JSON.stringify(response.toolInput ?? response.text)}`,
  };
}

function readOutput(
  response: ModelResponse,
  subtask: SubtaskFields,
  before: string,
): Result<{ after: string; output: WorkerOutput }> {
  if (response.stopReason === 'max_tokens') {
    return err('the reply was cut off (max_tokens); send fewer, smaller search/replace blocks');
  }
  if (response.toolInput === undefined) return err(`no ${EDIT_TOOL_NAME} tool call in the reply`);
  const parsed = parseToolInput(WorkerOutputSchema, response.toolInput);
  if (!parsed.ok) return parsed;
  const output: WorkerOutput = parsed.value;
  // applyWorkerOutput refuses an output for another file than the one assigned (the message says which).
  const applied = applyWorkerOutput(before, output, {
    isNew: subtask.handler === 'create',
    file: subtask.file,
  });
  if (!applied.ok) return err(applied.error.message);
  return ok({ after: applied.value.text, output });
}
