/** Builders for scripted replies: chat completions with tool calls, and the API's error shapes. */
import type { MockOpenAIReply } from './reply';
import type { MockOpenAIRequest } from './request';

export interface MockChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  /** Sent as `prompt_tokens_details.cached_tokens` (part of prompt_tokens, as the API counts them). */
  cached_tokens: number;
}

export interface ChatReplyOptions {
  usage?: Partial<MockChatUsage>;
  /** Default `tool_calls` with a call, `stop` without. */
  finishReason?: string;
  /** Defaults to the model the request asked for. */
  model?: string;
  /** Assistant text sent beside the tool call. */
  text?: string;
  /** Function name; defaults to the request's forced tool. */
  name?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A builder's reply function: synchronous, so tests may spread it and add faults. */
export type ChatReplyFn = (req: MockOpenAIRequest) => MockOpenAIReply;

let nextId = 1;

function completion(
  req: MockOpenAIRequest,
  message: Record<string, unknown>,
  finishReason: string,
  opts: ChatReplyOptions,
): MockOpenAIReply {
  const u = { prompt_tokens: 100, completion_tokens: 50, cached_tokens: 0, ...opts.usage };
  return {
    headers: opts.headers,
    delayMs: opts.delayMs,
    body: {
      id: `chatcmpl-mock-${nextId++}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: opts.model ?? req.body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: opts.text ?? null, ...message },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: u.prompt_tokens,
        completion_tokens: u.completion_tokens,
        total_tokens: u.prompt_tokens + u.completion_tokens,
        prompt_tokens_details: { cached_tokens: u.cached_tokens },
      },
    },
  };
}

/** Calls with raw argument strings (a malformed one is sent as it is). */
export function rawToolCallsReply(
  calls: Array<{ name: string; arguments: string }>,
  opts: Omit<ChatReplyOptions, 'name'> = {},
): ChatReplyFn {
  return (req) =>
    completion(
      req,
      {
        tool_calls: calls.map((c) => ({
          id: `call_mock_${nextId++}`,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      },
      opts.finishReason ?? 'tool_calls',
      opts,
    );
}

/** A completion whose one tool call carries `input` for the request's forced tool. */
export function toolUseReply(input: unknown, opts: ChatReplyOptions = {}): ChatReplyFn {
  return (req) => {
    const name = opts.name ?? req.toolName ?? req.toolNames[0] ?? 'tool';
    return rawToolCallsReply([{ name, arguments: JSON.stringify(input) }], opts)(req);
  };
}

/** Several tool calls at once, e.g. two `read_lines`. */
export function toolCallsReply(
  calls: Array<{ name: string; input: unknown }>,
  opts: Omit<ChatReplyOptions, 'name'> = {},
): ChatReplyFn {
  return rawToolCallsReply(
    calls.map((c) => ({ name: c.name, arguments: JSON.stringify(c.input) })),
    opts,
  );
}

/** Tool-call arguments that are not JSON (a local model's slip): the engine must re-ask, not crash. */
export function malformedArgumentsReply(
  args = '{"summary": "cut off',
  opts: ChatReplyOptions = {},
): ChatReplyFn {
  return (req) =>
    rawToolCallsReply([{ name: opts.name ?? req.toolName ?? 'tool', arguments: args }], opts)(req);
}

export function textReply(text: string, opts: Omit<ChatReplyOptions, 'text' | 'name'> = {}): ChatReplyFn {
  return (req) => completion(req, { content: text }, opts.finishReason ?? 'stop', opts);
}

export function errorReply(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
  code: string | null = null,
): MockOpenAIReply {
  return { status, headers, body: { error: { message, type, param: null, code } } };
}

/** 429 with `retry-after` in seconds (or as given). */
export function rateLimitReply(retryAfter?: number | string): MockOpenAIReply {
  const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) };
  return errorReply(429, 'requests', 'Rate limit reached for requests', headers, 'rate_limit_exceeded');
}

export function serverErrorReply(status = 500): MockOpenAIReply {
  return errorReply(status, 'server_error', 'The server had an error while processing your request.');
}
