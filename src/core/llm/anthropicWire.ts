/**
 * Our ModelRequest ↔ the Messages API wire shapes. The response side trusts nothing: a 2xx body that is
 * not a Messages response (a proxy page, a truncated object) becomes a MalformedResponseError.
 */
import type Anthropic from '@anthropic-ai/sdk';
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
import { count, isObject, type Json } from './wireValues';

export type WireParams = Anthropic.MessageCreateParamsNonStreaming;

export function toWireParams(request: ModelRequest): WireParams {
  const system: Anthropic.TextBlockParam[] = request.system
    .filter((block) => block.text.length > 0) // the API rejects empty text blocks
    .map((block) => ({
      type: 'text',
      text: block.text,
      ...(block.cache ? { cache_control: { type: 'ephemeral' } } : {}),
    }));
  const tools: Anthropic.Tool[] = toolsOf(request).map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { ...tool.inputSchema, type: 'object' },
  }));
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    ...(system.length > 0 ? { system } : {}),
    messages: request.messages.map(toWireMessage),
    tools,
    tool_choice: answerForced(request) ? { type: 'tool', name: request.tool.name } : { type: 'any' },
  };
}

function toWireMessage(message: ChatMessage): Anthropic.MessageParam {
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  const content: Anthropic.ContentBlockParam[] = message.content.map((block) => {
    if (block.type === 'text') return { type: 'text', text: block.text };
    if (block.type === 'tool_use')
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    return {
      type: 'tool_result',
      tool_use_id: block.toolUseId,
      content: block.content,
      ...(block.isError ? { is_error: true } : {}),
    };
  });
  return { role: message.role, content };
}

const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
  pause_turn: 'pause_turn',
  // Same consequence for us as max_tokens: the answer is cut off.
  model_context_window_exceeded: 'max_tokens',
};

function readUsage(usage: Json): TokenUsage {
  return {
    inputTokens: count(usage['input_tokens']),
    outputTokens: count(usage['output_tokens']),
    cacheCreationInputTokens: count(usage['cache_creation_input_tokens']),
    cacheReadInputTokens: count(usage['cache_read_input_tokens']),
  };
}

/**
 * Reads a Messages response: the answer tool's input (else the first call of a tool that is not a helper,
 * which validation then rejects) and the calls of the helper tools.
 */
export function readMessage(
  raw: unknown,
  toolName: string,
  requestId: string | undefined,
  helperNames: readonly string[] = [],
): ModelResponse {
  if (!isObject(raw) || !Array.isArray(raw['content']) || !isObject(raw['usage'])) {
    const kind = typeof raw === 'string' ? `text "${raw.slice(0, 60)}"` : typeof raw;
    throw new MalformedResponseError(`expected a Messages response, got ${kind}`);
  }
  const blocks = raw['content'].filter(isObject);
  const toolBlocks = blocks.filter((b) => b['type'] === 'tool_use');
  const isHelper = (b: Json): boolean => typeof b['name'] === 'string' && helperNames.includes(b['name']);
  const tool = toolBlocks.find((b) => b['name'] === toolName) ?? toolBlocks.find((b) => !isHelper(b));
  const toolCalls: ToolCall[] = toolBlocks.filter(isHelper).map((b) => ({
    id: typeof b['id'] === 'string' ? b['id'] : '',
    name: b['name'] as string,
    input: b['input'],
  }));
  const text = blocks
    .filter((b) => b['type'] === 'text' && typeof b['text'] === 'string')
    .map((b) => b['text'] as string)
    .join('\n');
  const stop = raw['stop_reason'];
  return {
    toolInput: tool?.['input'],
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    text,
    stopReason: (typeof stop === 'string' ? STOP_REASONS[stop] : undefined) ?? 'other',
    usage: readUsage(raw['usage']),
    model: typeof raw['model'] === 'string' ? raw['model'] : '',
    requestId,
  };
}
