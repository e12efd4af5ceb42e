/**
 * The pure half of the `vscode-lm` provider: ModelRequest → chat messages + request options, response
 * stream → ModelResponse, LM errors → OrchestraError. No `vscode` import: the adapter (lmModelClient.ts)
 * injects the API's constructors and type guards as an `LmApi`, so unit tests can drive all of it with fakes.
 */
import { cancelledError, OrchestraError } from '../../core/errors';
import { emptyUsage, type ModelRequest, type ModelResponse, type ToolSpec } from '../../core/llm/modelClient';

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

/** The parts of the `vscode` namespace the provider needs, injected by the thin adapter. */
export interface LmApi<Msg, Mode, Token> {
  userMessage(text: string): Msg;
  assistantMessage(text: string): Msg;
  /** `LanguageModelChatToolMode.Required`: the model must call the (single) tool. */
  toolModeRequired: Mode;
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

export interface LmTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** The LM API has no system role: the system blocks become the first user message. */
export function lmTurns(request: ModelRequest): LmTurn[] {
  const system = request.system.map((b) => b.text).join('\n\n');
  const turns: LmTurn[] = system ? [{ role: 'user', text: system }] : [];
  for (const m of request.messages) turns.push({ role: m.role, text: m.content });
  return turns;
}

export function toLmMessages<Msg>(
  turns: readonly LmTurn[],
  api: Pick<LmApi<Msg, unknown, unknown>, 'userMessage' | 'assistantMessage'>,
): Msg[] {
  return turns.map((t) => (t.role === 'user' ? api.userMessage(t.text) : api.assistantMessage(t.text)));
}

/** Structured output is one forced call of the request's tool. */
export function toLmRequestOptions<Mode>(
  request: ModelRequest,
  toolModeRequired: Mode,
): LmRequestOptions<Mode> {
  const { name, description, inputSchema } = request.tool;
  return {
    justification: JUSTIFICATION,
    tools: [{ name, description, inputSchema }],
    toolMode: toolModeRequired,
  };
}

/** The tool definition also costs input tokens; the API cannot count it, so it is estimated (~4 chars/token). */
export function toolSchemaTokens(tool: ToolSpec): number {
  return Math.ceil(JSON.stringify(tool.inputSchema).length / 4);
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
}

/** Joins text parts and keeps the forced tool's input; other tools' calls are ignored. */
export async function readLmStream(
  stream: AsyncIterable<unknown>,
  toolName: string,
  api: Pick<LmApi<unknown, unknown, unknown>, 'isTextPart' | 'isToolCallPart'>,
  signal?: AbortSignal,
): Promise<StreamResult> {
  let text = '';
  let toolInput: unknown;
  for await (const part of stream) {
    if (signal?.aborted) throw cancelledError();
    if (api.isTextPart(part)) text += part.value;
    else if (api.isToolCallPart(part) && part.name === toolName) toolInput = part.input;
  }
  if (signal?.aborted) throw cancelledError();
  return { text, toolInput };
}

export function toModelResponse(
  result: StreamResult,
  inputTokens: number,
  outputTokens: number,
  modelId: string,
): ModelResponse {
  const usage = emptyUsage();
  usage.inputTokens = inputTokens;
  usage.outputTokens = outputTokens;
  return {
    toolInput: result.toolInput,
    text: result.text,
    stopReason: result.toolInput === undefined ? 'end_turn' : 'tool_use',
    usage,
    model: modelId,
  };
}

/** What the output cost, as the model's tokenizer sees it (the LM API reports no usage). */
export function outputText(result: StreamResult): string {
  return result.text + (result.toolInput === undefined ? '' : JSON.stringify(result.toolInput));
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
