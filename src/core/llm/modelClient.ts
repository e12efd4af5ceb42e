/**
 * The port every model provider implements (Anthropic over HTTP, VS Code LM in the extension).
 * Structured output always goes through one forced tool call whose input is the JSON we want.
 */
export type ModelRole = 'orchestrator' | 'worker' | 'repair';

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

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ModelRequest {
  role: ModelRole;
  model: string;
  system: SystemBlock[];
  messages: ChatMessage[];
  tool: ToolSpec;
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
  /** The forced tool call's input, if the model made one. Untrusted: validate with zod. */
  toolInput: unknown;
  /** Any text blocks, joined (used in error messages for refusals). */
  text: string;
  stopReason: StopReason;
  usage: TokenUsage;
  model: string;
  requestId?: string;
}

export interface ModelCallOptions {
  signal?: AbortSignal;
}

export interface ModelClient {
  readonly provider: 'anthropic' | 'vscode-lm' | string;
  /** Whether prompt prefixes marked `cache` are cached (Anthropic: yes; VS Code LM: no). */
  readonly cachesPrompts?: boolean;
  /** Throws OrchestraError (auth, rate-limited, overloaded, timeout, network, cancelled, …). */
  call(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  /** Counted prompt tokens for the estimate; providers without counting return a heuristic. */
  countTokens?(request: ModelRequest, options?: ModelCallOptions): Promise<number>;
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
