/**
 * Low-level HTTP writing for the mock: JSON, SSE, Bedrock's event stream, and the deliberate faults (cut,
 * stalled, ended-early streams).
 */
import type http from 'node:http';
import { chunkFrame, EVENT_STREAM_CONTENT_TYPE, exceptionFrame, type MetricsUsage } from './eventStream';
import type { MockReply } from './reply';
import { messageToSseEvents, type SseEvent } from './sse';

/** How a 200 answer is framed: a JSON body, the Messages API's SSE, or Bedrock's binary event stream. */
export type ReplyFormat = 'json' | 'sse' | 'event-stream';

/** Writes `reply` in `format` when it is answered 200, as JSON (or a raw string) otherwise. */
export function writeReply(
  res: http.ServerResponse,
  reply: MockReply,
  headers: Record<string, string>,
  format: ReplyFormat,
): void {
  const status = reply.status ?? 200;
  if (format === 'event-stream' && status === 200) return writeEventStream(res, headers, reply);
  if (format === 'sse' && status === 200) {
    const events = typeof reply.body === 'string' ? reply.body : messageToSseEvents(reply.body);
    return writeSse(res, headers, events, reply);
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
  if (reply.cutStreamAfterEvents !== undefined) {
    // Promise the whole body, send half, then drop the connection.
    const length = Buffer.byteLength(text);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': length, ...headers });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function writeSse(
  res: http.ServerResponse,
  headers: Record<string, string>,
  events: SseEvent[] | string,
  reply: MockReply,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  if (typeof events === 'string') {
    res.end(events);
    return;
  }
  const stopAt = reply.cutStreamAfterEvents ?? reply.hangAfterEvents ?? reply.endStreamAfterEvents;
  const text = events
    .slice(0, stopAt)
    .map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`)
    .join('');
  finishStream(res, reply, text);
}

/**
 * Bedrock's answer to `invoke-with-response-stream`: one `chunk` frame per Messages stream event, then the
 * reply's faults: an exception frame, a cut socket, a stall, or a clean end before `message_stop`.
 */
function writeEventStream(res: http.ServerResponse, headers: Record<string, string>, reply: MockReply): void {
  res.writeHead(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, ...headers });
  const usage = ((reply.body ?? {}) as { usage?: MetricsUsage }).usage;
  const events = messageToSseEvents(reply.body);
  const thrown = reply.streamException;
  const stopAt =
    thrown?.afterEvents ?? reply.cutStreamAfterEvents ?? reply.hangAfterEvents ?? reply.endStreamAfterEvents;
  const frames = events.slice(0, stopAt).map((event) => chunkFrame(event, usage));
  // Bedrock ends the stream after an exception frame.
  if (thrown) return void res.end(Buffer.concat([...frames, exceptionFrame(thrown.type, thrown.message)]));
  finishStream(res, reply, Buffer.concat(frames));
}

/** Ends a streamed answer as `reply` asks: cut (the socket destroyed), stalled, or ended (whole or early). */
function finishStream(res: http.ServerResponse, reply: MockReply, data: string | Buffer): void {
  if (reply.cutStreamAfterEvents !== undefined) {
    // Flush what we have, then kill the socket so the client sees a truncated stream.
    res.write(data, () => setTimeout(() => res.socket?.destroy(), 10));
  } else if (reply.hangAfterEvents !== undefined) {
    res.write(data); // and never end: closed by the client's abort or by close()
  } else {
    res.end(data);
  }
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function mockError(
  message: string,
  type = 'api_error',
): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type, message } };
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
