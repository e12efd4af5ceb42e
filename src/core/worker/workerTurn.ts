/**
 * One answer of a worker: the model is called until it calls submit_edits (or answers without any tool),
 * and its read_lines calls are served in between from the text of its own file. Bounded: at most
 * MAX_READS reads per worker; once they are used up the answer tool is forced. Every call is reserved in
 * the budget and cancellable, like any other.
 */
import { isOrchestraError, OrchestraError, throwIfCancelled } from '../errors';
import { overContextWindow } from '../llm/contextWindow';
import type { ChatMessage, ContentBlock, ModelResponse, ToolCall } from '../llm/modelClient';
import { callWithinBudget, type RunContext } from '../run/runContext';
import { READ_TOOL_NAME, readLines } from './readLines';
import type { WorkerRequest } from './workerPrompt';

/** read_lines calls one worker may make in all (its retry and re-ask included). */
export const MAX_READS = 4;

/** A worker's conversation so far, carried across its answers (retry, re-ask). */
export interface Conversation {
  messages: ChatMessage[];
  /** Model calls sent (answered or failed on the API); a call the budget refused was never sent. */
  calls: number;
  reads: number;
}

export function startConversation(request: WorkerRequest): Conversation {
  return { messages: request.messages, calls: 0, reads: 0 };
}

/** Calls the model until it answers; throws OrchestraError (budget, cancelled, API) like callWithinBudget. */
export async function nextAnswer(
  ctx: RunContext,
  request: WorkerRequest,
  fileText: string,
  convo: Conversation,
): Promise<ModelResponse> {
  for (;;) {
    const readsLeft = MAX_READS - convo.reads;
    const toolChoice = readsLeft > 0 ? (request.toolChoice ?? 'answer') : 'answer';
    const response = await sendCounted(ctx, { ...request, messages: convo.messages, toolChoice }, convo);
    const reads = (response.toolCalls ?? []).filter((c) => c.name === READ_TOOL_NAME);
    const stop = response.stopReason === 'max_tokens' || response.stopReason === 'refusal';
    if (response.toolInput !== undefined || reads.length === 0 || stop) return response;
    if (readsLeft <= 0) return response; // a provider that ignored the forced choice: no more reads
    const results: ContentBlock[] = reads.map((call, i) => serve(call, fileText, i < readsLeft));
    convo.reads += Math.min(reads.length, readsLeft);
    convo.messages = [
      ...convo.messages,
      { role: 'assistant', content: assistantTurn(response, reads) },
      { role: 'user', content: results },
    ];
  }
}

async function sendCounted(
  ctx: RunContext,
  request: WorkerRequest,
  convo: Conversation,
): Promise<ModelResponse> {
  throwIfCancelled(ctx.signal); // before sending: not a call
  // Every request, not only the first one counted for the estimate: a later wave's, a retry's, a read's.
  const over = overContextWindow(request, ctx.config.contextWindows);
  if (over !== undefined) throw new OrchestraError('bad-input', `${over} It was not sent.`);
  try {
    const response = await callWithinBudget(ctx, request);
    convo.calls++;
    return response;
  } catch (e) {
    if (!(isOrchestraError(e) && e.reason === 'budget-exceeded')) convo.calls++;
    throw e;
  }
}

function serve(call: ToolCall, fileText: string, allowed: boolean): ContentBlock {
  if (!allowed) {
    const error = `read limit reached (${MAX_READS} reads): call submit_edits now with what you have`;
    return { type: 'tool_result', toolUseId: call.id, content: error, isError: true };
  }
  const result = readLines(fileText, call.input);
  return result.ok
    ? { type: 'tool_result', toolUseId: call.id, content: result.value }
    : { type: 'tool_result', toolUseId: call.id, content: result.error, isError: true };
}

/** The model's turn as it made it: its text, then the read calls it is answered for. */
function assistantTurn(response: ModelResponse, reads: ToolCall[]): ContentBlock[] {
  const text: ContentBlock[] = response.text ? [{ type: 'text', text: response.text }] : [];
  return [
    ...text,
    ...reads.map((c): ContentBlock => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input })),
  ];
}
