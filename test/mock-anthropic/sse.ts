/**
 * Turns a complete Messages response into the SSE event sequence the real API streams, so the SDK's
 * MessageStream accumulator is exercised exactly as in production.
 */
export interface SseEvent {
  event: string;
  data: unknown;
}

interface Block {
  type: string;
  text?: string;
  input?: unknown;
  [key: string]: unknown;
}

interface MessageLike {
  content?: Block[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Splits a string into `n` roughly equal chunks (at least one). */
function chunks(text: string, n: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function messageToSseEvents(body: unknown): SseEvent[] {
  const message = (body ?? {}) as MessageLike;
  const usage = message.usage ?? {};
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...message,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  (message.content ?? []).forEach((block, index) => {
    if (block.type === 'tool_use') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      });
      for (const part of chunks(JSON.stringify(block.input ?? {}), 3)) {
        events.push({
          event: 'content_block_delta',
          data: {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: part },
          },
        });
      }
    } else {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { ...block, text: '' } },
      });
      for (const part of chunks(block.text ?? '', 2)) {
        events.push({
          event: 'content_block_delta',
          data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } },
        });
      }
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason ?? 'end_turn', stop_sequence: message.stop_sequence ?? null },
      usage: {
        output_tokens: usage['output_tokens'] ?? 0,
        input_tokens: usage['input_tokens'] ?? 0,
        cache_creation_input_tokens: usage['cache_creation_input_tokens'] ?? 0,
        cache_read_input_tokens: usage['cache_read_input_tokens'] ?? 0,
      },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}
