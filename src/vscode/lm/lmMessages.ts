/**
 * The pure half of the `vscode-lm` provider: ModelRequest → chat messages + request options, response
 * stream → ModelResponse, LM errors → OrchestraError. No `vscode` import: the adapter (lmModelClient.ts)
 * injects the API's constructors and type guards as an `LmApi`, so unit tests can drive all of it with fakes.
 */
import { cancelledError, OrchestraError } from '../../core/errors';
import {
  answerForced,
  emptyUsage,
  messageText,
  toolsOf,
  type ChatMessage,
  type ModelRequest,
  type ModelResponse,
  type ToolCall,
  type ToolSpec,
} from '../../core/llm/modelClient';

export interface LmTextPartLike {
  value: string;
}

export interface LmToolCallPartLike {
  callId: string;
  name: string;
  input: object;
}

/** The shape of `vscode.LanguageModelChatRequestOptions` that Orchestra sends. */
export interface LmRequestOptions<Mode> {
  justification: string;
  tools: { name: string; description: string; inputSchema: Record<string, unknown> }[];
  toolMode: Mode;
}

/** What Orchestra uses of a `vscode.LanguageModelChat`. */
export interface LmChatModelLike<Msg, Mode, Token> {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly maxInputTokens: number;
  countTokens(text: string | Msg, token?: Token): PromiseLike<number>;
  sendRequest(
    messages: Msg[],
    options: LmRequestOptions<Mode>,
    token: Token,
  ): PromiseLike<{ stream: AsyncIterable<unknown> }>;
}

export interface LinkedToken<Token> {
  token: Token;
  dispose(): void;
}

/** A user turn's parts: text, or the result of a tool call (`LanguageModelToolResultPart`). */
export type LmUserPart = { kind: 'text'; text: string } | { kind: 'result'; callId: string; text: string };
/** An assistant turn's parts: text, or a tool call it made (`LanguageModelToolCallPart`). */
export type LmAssistantPart =
  { kind: 'text'; text: string } | { kind: 'call'; callId: string; name: string; input: object };

/** The parts of the `vscode` namespace the provider needs, injected by the thin adapter. */
export interface LmApi<Msg, Mode, Token> {
  userMessage(text: string): Msg;
  assistantMessage(text: string): Msg;
  /** A user message of parts (tool results), for a conversation with helper tools. */
  userParts(parts: LmUserPart[]): Msg;
  /** An assistant message of parts (the tool calls it made). */
  assistantParts(parts: LmAssistantPart[]): Msg;
  /** `LanguageModelChatToolMode.Required`: the model must call the (single) tool. */
  toolModeRequired: Mode;
  /** `LanguageModelChatToolMode.Auto`: offered with helper tools, since some models take one tool only when required. */
  toolModeAuto: Mode;
  isTextPart(part: unknown): part is LmTextPartLike;
  isToolCallPart(part: unknown): part is LmToolCallPartLike;
  /** A cancellation token that fires with `signal`; `dispose` detaches it. */
  linkToken(signal: AbortSignal | undefined): LinkedToken<Token>;
  isCancellation(error: unknown): boolean;
  /** `LanguageModelError.code` when `error` is one, else undefined. */
  errorCode(error: unknown): string | undefined;
  /** The codes `LanguageModelError.NoPermissions/Blocked/NotFound` produce (their `.name`). */
  errorCodes: { noPermissions: string; blocked: string; notFound: string };
  selectChatModels(selector?: {
    id?: string;
    family?: string;
  }): PromiseLike<readonly LmChatModelLike<Msg, Mode, Token>[]>;
}

export const JUSTIFICATION = 'Orchestra plans and performs the multi-file refactoring you asked for.';

/** One chat turn; `text` is what the tokenizer fallback counts, `parts` is set for tool calls and results. */
export type LmTurn =
  | { role: 'user'; text: string; parts?: LmUserPart[] }
  | { role: 'assistant'; text: string; parts?: LmAssistantPart[] };

/** The LM API has no system role: the system blocks become the first user message. */
export function lmTurns(request: ModelRequest): LmTurn[] {
  const system = request.system.map((b) => b.text).join('\n\n');
  const turns: LmTurn[] = system ? [{ role: 'user', text: system }] : [];
  for (const m of request.messages) turns.push(lmTurn(m));
  return turns;
}

function lmTurn(message: ChatMessage): LmTurn {
  const text = messageText(message);
  if (typeof message.content === 'string') return { role: message.role, text };
  if (message.role === 'user') {
    const parts: LmUserPart[] = [];
    for (const b of message.content) {
      if (b.type === 'text') parts.push({ kind: 'text', text: b.text });
      // The LM API has no error flag on a result: the text says it (our errors are written for the model).
      else if (b.type === 'tool_result') parts.push({ kind: 'result', callId: b.toolUseId, text: b.content });
    }
    return { role: 'user', text, parts };
  }
  const parts: LmAssistantPart[] = [];
  for (const b of message.content) {
    if (b.type === 'text') parts.push({ kind: 'text', text: b.text });
    else if (b.type === 'tool_use')
      parts.push({ kind: 'call', callId: b.id, name: b.name, input: asObject(b.input) });
  }
  return { role: 'assistant', text, parts };
}

function asObject(value: unknown): object {
  return typeof value === 'object' && value !== null ? value : {};
}

export function toLmMessages<Msg>(
  turns: readonly LmTurn[],
  api: Pick<
    LmApi<Msg, unknown, unknown>,
    'userMessage' | 'assistantMessage' | 'userParts' | 'assistantParts'
  >,
): Msg[] {
  return turns.map((t) => {
    if (t.role === 'user') return t.parts ? api.userParts(t.parts) : api.userMessage(t.text);
    return t.parts ? api.assistantParts(t.parts) : api.assistantMessage(t.text);
  });
}

/** The tools a request sends: the answer tool alone when it is forced, else with its helpers. */
export function lmTools(request: ModelRequest): ToolSpec[] {
  return answerForced(request) ? [request.tool] : toolsOf(request);
}

/**
 * Structured output is one required call of the answer tool. With helper tools the mode is Auto: some
 * models accept a single tool only in Required mode; a reply without any call is re-asked by the engine.
 */
export function toLmRequestOptions<Mode>(
  request: ModelRequest,
  modes: { required: Mode; auto: Mode },
): LmRequestOptions<Mode> {
  const forced = answerForced(request);
  return {
    justification: JUSTIFICATION,
    tools: lmTools(request).map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
    toolMode: forced ? modes.required : modes.auto,
  };
}

/** The tool definitions also cost input tokens; the API cannot count them, so they are estimated (~4 chars/token). */
export function toolSchemaTokens(tools: ToolSpec | readonly ToolSpec[]): number {
  const list = Array.isArray(tools) ? tools : [tools as ToolSpec];
  return list.reduce((sum, tool) => sum + Math.ceil(JSON.stringify(tool.inputSchema).length / 4), 0);
}

/** Thrown before sending, so an oversized prompt fails clearly instead of as an opaque provider error. */
export function tooLargeError(
  request: ModelRequest,
  model: { id: string },
  tokens: number,
  limit: number,
): OrchestraError {
  const what = request.label ?? request.role;
  const setting =
    request.role === 'orchestrator' ? 'orchestra.models.orchestrator' : 'orchestra.models.worker';
  return new OrchestraError(
    'bad-input',
    `The prompt for ${what} is about ${tokens} tokens, more than the ${limit} that ${model.id} accepts. ` +
      `Choose a model with a larger context window (${setting}) or narrow the instruction to fewer files.`,
  );
}

export interface StreamResult {
  text: string;
  toolInput: unknown;
  /** Calls of the request's helper tools, in order. */
  toolCalls: ToolCall[];
}

/** Joins text parts, keeps the answer tool's input and the helper tools' calls; other tools' calls are ignored. */
export async function readLmStream(
  stream: AsyncIterable<unknown>,
  toolName: string,
  api: Pick<LmApi<unknown, unknown, unknown>, 'isTextPart' | 'isToolCallPart'>,
  signal?: AbortSignal,
  helperNames: readonly string[] = [],
): Promise<StreamResult> {
  let text = '';
  let toolInput: unknown;
  const toolCalls: ToolCall[] = [];
  for await (const part of stream) {
    if (signal?.aborted) throw cancelledError();
    if (api.isTextPart(part)) text += part.value;
    else if (api.isToolCallPart(part) && part.name === toolName) toolInput = part.input;
    else if (api.isToolCallPart(part) && helperNames.includes(part.name)) {
      toolCalls.push({ id: part.callId, name: part.name, input: part.input });
    }
  }
  if (signal?.aborted) throw cancelledError();
  return { text, toolInput, toolCalls };
}

/** `model`: the name the run configured (orchestra.models.*), which the ledger prices by. */
export function toModelResponse(
  result: StreamResult,
  inputTokens: number,
  outputTokens: number,
  model: string,
): ModelResponse {
  const usage = emptyUsage();
  usage.inputTokens = inputTokens;
  usage.outputTokens = outputTokens;
  const called = result.toolInput !== undefined || result.toolCalls.length > 0;
  return {
    toolInput: result.toolInput,
    ...(result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
    text: result.text,
    stopReason: called ? 'tool_use' : 'end_turn',
    usage,
    model,
  };
}

/** What the output cost, as the model's tokenizer sees it (the LM API reports no usage). */
export function outputText(result: StreamResult): string {
  const calls = result.toolCalls.map((c) => JSON.stringify(c.input) ?? '').join('');
  return result.text + (result.toolInput === undefined ? '' : JSON.stringify(result.toolInput)) + calls;
}

export function toLmError(
  error: unknown,
  signal: AbortSignal | undefined,
  api: Pick<LmApi<unknown, unknown, unknown>, 'isCancellation' | 'errorCode' | 'errorCodes'>,
): OrchestraError {
  if (error instanceof OrchestraError) return error;
  if (signal?.aborted || api.isCancellation(error)) return cancelledError();
  const message = error instanceof Error ? error.message : String(error);
  const code = api.errorCode(error);
  if (code !== undefined) {
    if (code === api.errorCodes.noPermissions) {
      return new OrchestraError(
        'auth',
        `VS Code did not allow Orchestra to use the language model: ${message}. Allow it when asked, or use provider "anthropic".`,
      );
    }
    if (code === api.errorCodes.blocked) {
      return new OrchestraError(
        'rate-limited',
        `The language model is blocked (quota or rate limit): ${message}. Try again later.`,
      );
    }
    if (code === api.errorCodes.notFound) {
      return new OrchestraError(
        'bad-input',
        `The language model is gone: ${message}. Check orchestra.models.*.`,
      );
    }
  }
  return new OrchestraError('api-error', `VS Code language model request failed: ${message}`, {
    cause: error,
  });
}

/** "No such model" with the models that do exist, so the user can copy a valid name into the setting. */
export function noModelError(
  name: string,
  available: readonly { id: string; vendor: string; family: string }[],
): OrchestraError {
  const names = available.map((m) => `${m.id} (${m.vendor}/${m.family})`).join(', ');
  return new OrchestraError(
    'bad-input',
    available.length
      ? `No VS Code language model matches "${name}". Set orchestra.models.orchestrator / orchestra.models.worker to one of: ${names}.`
      : `No VS Code language models are available for "${name}": install a chat model provider, or set orchestra.provider to "anthropic".`,
  );
}
