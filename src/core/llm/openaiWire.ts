/**
 * Our ModelRequest ↔ the Chat Completions wire shapes (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM,
 * OpenRouter). The answer is a function tool forced by `tool_choice`; helper tools make it `required`.
 * The response side trusts nothing: a 2xx body that is not a chat completion becomes a MalformedResponseError.
 */
import type OpenAI from 'openai';
import {
  answerForced,
  toolsOf,
  type ChatMessage,
  type ModelRequest,
  type ModelResponse,
  type StopReason,
  type TokenUsage,
  type ToolCall,
} from './modelClient';
import { MalformedResponseError } from './anthropicErrors';
import { count, isObject } from './wireValues';

export type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** Newer hosted OpenAI models refuse `max_tokens`; most local servers know only `max_tokens`. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

export function toChatParams(request: ModelRequest, maxTokensField: MaxTokensField): ChatParams {
  // One system message: the `cache` marks have no wire form here (OpenAI caches long prefixes by itself).
  const system = request.system
    .map((b) => b.text)
    .filter((t) => t.length > 0)
    .join('\n\n');
  const messages: WireMessage[] = system ? [{ role: 'system', content: system }] : [];
  for (const message of request.messages) messages.push(...toWireMessages(message));
  const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = toolsOf(request).map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: { ...tool.inputSchema, type: 'object' },
    },
  }));
  return {
    model: request.model,
    [maxTokensField]: request.maxTokens,
    messages,
    tools,
    tool_choice: answerForced(request)
      ? { type: 'function', function: { name: request.tool.name } }
      : 'required',
  };
}

/** One of our messages as Chat Completions messages: tool results become `tool` messages, one per call. */
function toWireMessages(message: ChatMessage): WireMessage[] {
  if (typeof message.content === 'string') {
    return [
      message.role === 'user'
        ? { role: 'user', content: message.content }
        : { role: 'assistant', content: message.content },
    ];
  }
  const text = message.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('\n');
  if (message.role === 'assistant') {
    const calls = message.content.flatMap((b) =>
      b.type === 'tool_use'
        ? [
            {
              id: b.id,
              type: 'function' as const,
              function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
            },
          ]
        : [],
    );
    return [{ role: 'assistant', content: text || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) }];
  }
  const out: WireMessage[] = message.content.flatMap((b) =>
    b.type === 'tool_result'
      ? [
          {
            role: 'tool' as const,
            tool_call_id: b.toolUseId,
            // The wire has no error flag; the text says it.
            content: b.isError ? `Error: ${b.content}` : b.content,
          },
        ]
      : [],
  );
  if (text) out.push({ role: 'user', content: text });
  return out;
}

const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  stop: 'end_turn',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
  content_filter: 'refusal',
};

/** `prompt_tokens` includes the cached ones; ours are split as the Anthropic API reports them. */
export function readUsage(usage: unknown): TokenUsage {
  const u = isObject(usage) ? usage : {};
  const details = isObject(u['prompt_tokens_details']) ? u['prompt_tokens_details'] : {};
  const prompt = count(u['prompt_tokens']);
  const cached = Math.min(prompt, count(details['cached_tokens']));
  return {
    inputTokens: prompt - cached,
    outputTokens: count(u['completion_tokens']),
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: cached,
  };
}

/** Arguments arrive as a JSON string; one that does not parse is passed on as the string, so the
 * validation step reports "not valid JSON" to the model and the bounded retry asks again. */
function parseArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Reads a chat completion: the answer tool's arguments (else the first call of a tool that is not a helper,
 * which validation then rejects) and the calls of the helper tools.
 */
export function readCompletion(
  raw: unknown,
  toolName: string,
  requestId: string | undefined,
  helperNames: readonly string[] = [],
): ModelResponse {
  const choices = isObject(raw) ? raw['choices'] : undefined;
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (!isObject(raw) || !isObject(choice) || !isObject(choice['message'])) {
    const kind = typeof raw === 'string' ? `text "${raw.slice(0, 60)}"` : typeof raw;
    throw new MalformedResponseError(`expected a chat completion, got ${kind}`);
  }
  const message = choice['message'];
  const calls = (Array.isArray(message['tool_calls']) ? message['tool_calls'] : [])
    .filter(isObject)
    .map((c) => {
      const fn = isObject(c['function']) ? c['function'] : {};
      return {
        id: typeof c['id'] === 'string' ? c['id'] : '',
        name: typeof fn['name'] === 'string' ? fn['name'] : '',
        input: parseArguments(fn['arguments']),
      };
    });
  const isHelper = (c: { name: string }): boolean => helperNames.includes(c.name);
  const tool = calls.find((c) => c.name === toolName) ?? calls.find((c) => !isHelper(c));
  const toolCalls: ToolCall[] = calls.filter(isHelper);
  const text = [message['content'], message['refusal']]
    .filter((t): t is string => typeof t === 'string' && t.length > 0)
    .join('\n');
  const finish = choice['finish_reason'];
  return {
    toolInput: tool?.input,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    text,
    stopReason: (typeof finish === 'string' ? STOP_REASONS[finish] : undefined) ?? 'other',
    usage: readUsage(raw['usage']),
    model: typeof raw['model'] === 'string' ? raw['model'] : '',
    requestId,
  };
}
