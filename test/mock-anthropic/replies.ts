/** Builders for scripted replies: well-formed Messages responses and the API's error shapes. */
import type { MockReply, MockReplyFn } from './reply';
import type { MockRequest } from './request';

export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface ReplyOptions {
  usage?: Partial<MockUsage>;
  stopReason?: string;
  /** Defaults to the model the request asked for. */
  model?: string;
  /** A text block sent before the tool_use block. */
  text?: string;
  /** Tool name; defaults to the request's forced tool. */
  name?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

let nextId = 1;

function usageOf(partial: Partial<MockUsage> | undefined): MockUsage {
  return {
    input_tokens: 100,
    output_tokens: 50,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    ...partial,
  };
}

function message(req: MockRequest, content: unknown[], stopReason: string, opts: ReplyOptions): MockReply {
  return {
    headers: opts.headers,
    delayMs: opts.delayMs,
    body: {
      id: `msg_mock_${nextId++}`,
      type: 'message',
      role: 'assistant',
      model: opts.model ?? req.body.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: usageOf(opts.usage),
    },
  };
}

/** A full response whose `tool_use` block carries `input` for the request's forced tool. */
export function toolUseReply(input: unknown, opts: ReplyOptions = {}): MockReplyFn {
  return (req) => {
    const content: unknown[] = opts.text ? [{ type: 'text', text: opts.text, citations: null }] : [];
    const name = opts.name ?? req.toolName ?? req.body.tools?.[0]?.name ?? 'tool';
    content.push({ type: 'tool_use', id: `toolu_mock_${nextId++}`, name, input });
    return message(req, content, opts.stopReason ?? 'tool_use', opts);
  };
}

/**
 * A response with several tool_use blocks, e.g. two `read_lines` calls at once. The ids are fresh; a test
 * finds them in the next request's `toolUses` and matches them against its `toolResults`.
 */
export function toolCallsReply(
  calls: Array<{ name: string; input: unknown }>,
  opts: Omit<ReplyOptions, 'name'> = {},
): MockReplyFn {
  return (req) => {
    const content: unknown[] = opts.text ? [{ type: 'text', text: opts.text, citations: null }] : [];
    for (const call of calls) {
      content.push({ type: 'tool_use', id: `toolu_mock_${nextId++}`, name: call.name, input: call.input });
    }
    return message(req, content, opts.stopReason ?? 'tool_use', opts);
  };
}

/** A plain text answer (no tool call), e.g. a refusal. */
export function textReply(text: string, opts: Omit<ReplyOptions, 'text' | 'name'> = {}): MockReplyFn {
  return (req) =>
    message(req, [{ type: 'text', text, citations: null }], opts.stopReason ?? 'end_turn', opts);
}

export function errorReply(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): MockReply {
  return { status, headers, body: { type: 'error', error: { type, message } } };
}

/** 429 with `retry-after` in seconds (a number) or as given (e.g. an HTTP date). */
export function rateLimitReply(retryAfter?: number | string): MockReply {
  const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) };
  return errorReply(
    429,
    'rate_limit_error',
    'Number of request tokens has exceeded your rate limit.',
    headers,
  );
}

export function overloadedReply(): MockReply {
  return errorReply(529, 'overloaded_error', 'Overloaded');
}

export function serverErrorReply(): MockReply {
  return errorReply(500, 'api_error', 'Internal server error');
}

/**
 * Amazon Bedrock's error answer: the AWS error type in `x-amzn-errortype` (with its Coral namespace, as Bedrock
 * sends it), the body `{ message }` and no Anthropic `error` object.
 */
export function bedrockErrorReply(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): MockReply {
  return {
    status,
    headers: {
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      ...headers,
    },
    body: { message },
  };
}
