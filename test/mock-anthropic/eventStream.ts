/**
 * Amazon Bedrock's streaming answer (`invoke-with-response-stream`): AWS event-stream frames, binary and
 * CRC-checked, encoded with the same codec the Bedrock SDK decodes them with. Each Messages stream event rides
 * in a `chunk` event as base64 JSON; a failure mid-stream is an exception frame (`:message-type: exception`).
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { SseEvent } from './sse';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

type FrameHeaders = Parameters<EventStreamCodec['encode']>[0]['headers'];

function frame(headers: Record<string, string>, body: unknown): Buffer {
  const tagged: FrameHeaders = {};
  for (const [name, value] of Object.entries(headers)) tagged[name] = { type: 'string', value };
  return Buffer.from(codec.encode({ headers: tagged, body: Buffer.from(JSON.stringify(body), 'utf8') }));
}

/**
 * One Messages stream event as Bedrock sends it. Bedrock adds its own invocation metrics to `message_stop`, and
 * pads every chunk (`p`) so that frame sizes do not reveal the text.
 */
export function chunkFrame(event: SseEvent, usage: MetricsUsage = {}): Buffer {
  const data =
    event.event === 'message_stop' ? { ...(event.data as object), ...invocationMetrics(usage) } : event.data;
  const bytes = Buffer.from(JSON.stringify(data), 'utf8').toString('base64');
  return frame(
    { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' },
    { bytes, p: 'abcdefghijklmnopqrstuvwxyz'.slice(0, (bytes.length % 26) + 1) },
  );
}

/** A modeled exception frame, e.g. `throttlingException` or `modelStreamErrorException` (camel-cased names). */
export function exceptionFrame(type: string, message: string): Buffer {
  return frame(
    { ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' },
    { message },
  );
}

/** The reply's usage, which Bedrock repeats in its metrics. */
export interface MetricsUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
}

function invocationMetrics(usage: MetricsUsage): Record<string, unknown> {
  return {
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: usage.input_tokens ?? 0,
      outputTokenCount: usage.output_tokens ?? 0,
      invocationLatency: 12,
      firstByteLatency: 3,
    },
  };
}
