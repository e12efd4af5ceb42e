/**
 * The port every model provider implements (Anthropic over HTTP, VS Code LM in the extension).
 * Structured output always goes through one tool call whose input is the JSON we want (`tool`). A request
 * may also offer helper tools (`helperTools`, e.g. a worker's `read_lines`): the model may call them first,
 * the caller answers with `tool_result` turns, and the conversation ends with a call of `tool`.
 */
export type ModelRole = 'orchestrator' | 'worker' | 'repair' | 'follow-up';

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12 subset) for the tool input, generated from a zod schema. */
  inputSchema: Record<string, unknown>;
}

export interface SystemBlock {
  text: string;
  /** Mark the end of a prefix shared across calls (e.g. workspace context shared by all workers). */
  cache?: boolean;
}

/** A helper tool the model called: the caller answers it with a `tool_result` block of the same id. */
export interface ToolCall {
  id: string;
  name: string;
  /** Untrusted: validate with zod. */
  input: unknown;
}

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean };

export interface ChatMessage {
  role: 'user' | 'assistant';
  /** Plain text, or blocks when the turn carries tool calls (assistant) or tool results (user). */
  content: string | ContentBlock[];
}

/** A message's text as one string: tool calls as their JSON input, results as their content. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((b) =>
      b.type === 'text'
        ? b.text
        : b.type === 'tool_use'
          ? `${b.name} ${JSON.stringify(b.input) ?? ''}`
          : b.content,
    )
    .join('\n');
}

export interface ModelRequest {
  role: ModelRole;
  model: string;
  system: SystemBlock[];
  messages: ChatMessage[];
  /** The tool whose input is the answer. */
  tool: ToolSpec;
  /** Tools the model may call before answering with `tool`; sent with every call of a conversation. */
  helperTools?: ToolSpec[];
  /**
   * 'answer' (default): the model must call `tool`. 'any': it must call some tool, `tool` or a helper.
   * Only meaningful with `helperTools`.
   */
  toolChoice?: 'answer' | 'any';
  maxTokens: number;
  /** A label for logs and the ledger, e.g. the file a worker edits. */
  label?: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export type StopReason =
  'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn' | 'other';

export interface ModelResponse {
  /** The answer tool's input, if the model called it. Untrusted: validate with zod. */
  toolInput: unknown;
  /** Calls of the request's helper tools, in order; absent when there were none. */
  toolCalls?: ToolCall[];
  /** Any text blocks, joined (used in error messages for refusals). */
  text: string;
  stopReason: StopReason;
  usage: TokenUsage;
  model: string;
  requestId?: string;
}

export interface ModelCallOptions {
  signal?: AbortSignal;
  /**
   * Optional, provider-neutral: a limiter shared by every call of a run (`src/core/run/rateGate.ts`). A
   * client that supports it waits on `acquire` before each attempt (retries too) instead of sleeping on its
   * own, and reports what the provider said about its limits when the attempt ends.
   */
  limiter?: RateLimiter;
}

/** One of a provider's limit windows as its response headers describe it (all optional). */
export interface RateWindow {
  limit?: number;
  remaining?: number;
  /** Milliseconds until the window is full again. */
  resetInMs?: number;
}

/** What one attempt told the limiter. */
export interface RateReport {
  /** 'limited': 429 or 529 (slow down, all callers); 'failed': every other failure (no signal about limits). */
  outcome: 'ok' | 'limited' | 'failed';
  retryAfterMs?: number;
  requests?: RateWindow;
  tokens?: RateWindow;
  /** Input + output tokens the answer used (an `ok` attempt). */
  tokensUsed?: number;
}

export interface RateLimiter {
  /** Resolves when the attempt may start (rejects with `cancelled` on abort); call `done` when it ends. */
  acquire(signal?: AbortSignal): Promise<(report: RateReport) => void>;
}

export interface ModelClient {
  readonly provider: 'anthropic' | 'vscode-lm' | 'openai-compatible' | string;
  /** Whether prompt prefixes marked `cache` are cached (Anthropic: yes; VS Code LM, OpenAI-compatible: no). */
  readonly cachesPrompts?: boolean;
  /** The endpoint is on this machine or a private network: a model no price names costs $0. */
  readonly local?: boolean;
  /** With a client per role (roleClients.ts): the one a role's calls go to. */
  clientFor?(role: ModelRole): ModelClient;
  /** Throws OrchestraError (auth, rate-limited, overloaded, timeout, network, cancelled, …). */
  call(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  /** Counted prompt tokens for the estimate; providers without counting return a heuristic. */
  countTokens?(request: ModelRequest, options?: ModelCallOptions): Promise<number>;
}

/** Every tool a request sends: the answer tool first, then the helpers. */
export function toolsOf(request: Pick<ModelRequest, 'tool' | 'helperTools'>): ToolSpec[] {
  return [request.tool, ...(request.helperTools ?? [])];
}

/** Whether the model must call the answer tool (rather than any of the request's tools). */
export function answerForced(request: Pick<ModelRequest, 'helperTools' | 'toolChoice'>): boolean {
  return (request.helperTools ?? []).length === 0 || request.toolChoice !== 'any';
}

export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
  };
}

/** The client that serves `role`'s calls (itself unless it routes by role). */
export function clientForRole(client: ModelClient, role: ModelRole): ModelClient {
  return client.clientFor?.(role) ?? client;
}
