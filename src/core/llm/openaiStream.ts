/**
 * Assembles streamed chat-completion chunks into one completion, the shape `readCompletion` reads.
 * Tool-call arguments arrive in pieces keyed by `index` (the id and name only in the first piece); usage
 * comes in a last chunk with no choices (`stream_options.include_usage`).
 */
import { MalformedResponseError } from './anthropicErrors';
import { isObject } from './wireValues';

interface CallParts {
  id: string;
  name: string;
  arguments: string;
}

/** The stream ended (or was stopped) before a finish reason: what arrived is not the whole answer. */
export class IncompleteStreamError extends Error {
  override readonly name = 'IncompleteStreamError';
}

export interface AssembledCompletion {
  id: string;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    };
    finish_reason: string | null;
  }>;
  usage?: unknown;
}

export async function assembleStream(chunks: AsyncIterable<unknown>): Promise<AssembledCompletion> {
  let id = '';
  let model = '';
  let content = '';
  let refusal = '';
  let finish: string | null = null;
  let usage: unknown;
  let sawChoice = false;
  const calls = new Map<number, CallParts>();
  for await (const chunk of chunks) {
    if (!isObject(chunk)) continue;
    if (typeof chunk['id'] === 'string' && chunk['id']) id = chunk['id'];
    if (typeof chunk['model'] === 'string' && chunk['model']) model = chunk['model'];
    if (isObject(chunk['usage'])) usage = chunk['usage'];
    const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : [];
    for (const choice of choices) {
      if (!isObject(choice) || (typeof choice['index'] === 'number' && choice['index'] !== 0)) continue;
      sawChoice = true;
      if (typeof choice['finish_reason'] === 'string') finish = choice['finish_reason'];
      const delta = isObject(choice['delta']) ? choice['delta'] : {};
      if (typeof delta['content'] === 'string') content += delta['content'];
      if (typeof delta['refusal'] === 'string') refusal += delta['refusal'];
      const deltas = Array.isArray(delta['tool_calls']) ? delta['tool_calls'] : [];
      deltas.forEach((d, position) => {
        if (!isObject(d)) return;
        // Some servers send each call whole and without an index: its position stands in.
        const index = typeof d['index'] === 'number' ? d['index'] : position;
        const parts = calls.get(index) ?? { id: '', name: '', arguments: '' };
        const fn = isObject(d['function']) ? d['function'] : {};
        if (typeof d['id'] === 'string' && d['id']) parts.id = d['id'];
        if (typeof fn['name'] === 'string' && fn['name']) parts.name += parts.name ? '' : fn['name'];
        if (typeof fn['arguments'] === 'string') parts.arguments += fn['arguments'];
        calls.set(index, parts);
      });
    }
  }
  if (!sawChoice) throw new MalformedResponseError('the stream ended without a completion');
  if (finish === null) throw new IncompleteStreamError('the stream ended before the answer was finished');
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, c]) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: c.arguments },
    }));
  return {
    id,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: content || null,
          refusal: refusal || null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finish,
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}
