/**
 * Our ModelRequest ↔ the Messages API wire shapes. The response side trusts nothing: a 2xx body that is
 * not a Messages response (a proxy page, a truncated object) becomes a MalformedResponseError.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelRequest, ModelResponse, StopReason, TokenUsage } from './modelClient';
import { MalformedResponseError } from './anthropicErrors';

export type WireParams = Anthropic.MessageCreateParamsNonStreaming;

export function toWireParams(request: ModelRequest): WireParams {
  const system: Anthropic.TextBlockParam[] = request.system
    .filter((block) => block.text.length > 0) // the API rejects empty text blocks
    .map((block) => ({
      type: 'text',
      text: block.text,
      ...(block.cache ? { cache_control: { type: 'ephemeral' } } : {}),
    }));
  const inputSchema: Anthropic.Tool.InputSchema = { ...request.tool.inputSchema, type: 'object' };
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    ...(system.length > 0 ? { system } : {}),
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    tools: [{ name: request.tool.name, description: request.tool.description, input_schema: inputSchema }],
    tool_choice: { type: 'tool', name: request.tool.name },
  };
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

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function readUsage(usage: Json): TokenUsage {
  return {
    inputTokens: count(usage['input_tokens']),
    outputTokens: count(usage['output_tokens']),
    cacheCreationInputTokens: count(usage['cache_creation_input_tokens']),
    cacheReadInputTokens: count(usage['cache_read_input_tokens']),
  };
}

/** Reads a Messages response; prefers the tool_use block of the forced tool. */
export function readMessage(raw: unknown, toolName: string, requestId: string | undefined): ModelResponse {
  if (!isObject(raw) || !Array.isArray(raw['content']) || !isObject(raw['usage'])) {
    const kind = typeof raw === 'string' ? `text "${raw.slice(0, 60)}"` : typeof raw;
    throw new MalformedResponseError(`expected a Messages response, got ${kind}`);
  }
  const blocks = raw['content'].filter(isObject);
  const toolBlocks = blocks.filter((b) => b['type'] === 'tool_use');
  const tool = toolBlocks.find((b) => b['name'] === toolName) ?? toolBlocks[0];
  const text = blocks
    .filter((b) => b['type'] === 'text' && typeof b['text'] === 'string')
    .map((b) => b['text'] as string)
    .join('\n');
  const stop = raw['stop_reason'];
  return {
    toolInput: tool?.['input'],
    text,
    stopReason: (typeof stop === 'string' ? STOP_REASONS[stop] : undefined) ?? 'other',
    usage: readUsage(raw['usage']),
    model: typeof raw['model'] === 'string' ? raw['model'] : '',
    requestId,
  };
}
