/** Low-level HTTP writing for the mock: JSON, SSE, and the deliberate faults (cut, stalled streams). */
import type http from 'node:http';
import type { MockReply } from './reply';
import { messageToSseEvents, type SseEvent } from './sse';

/** Writes `reply`: SSE for a streaming request answered 200, JSON (or a raw string) otherwise. */
export function writeReply(
  res: http.ServerResponse,
  reply: MockReply,
  headers: Record<string, string>,
  streams: boolean,
): void {
  const status = reply.status ?? 200;
  if (streams && status === 200) {
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
  const stopAt = reply.cutStreamAfterEvents ?? reply.hangAfterEvents;
  const text = events
    .slice(0, stopAt)
    .map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`)
    .join('');
  if (stopAt === undefined) {
    res.end(text);
  } else if (reply.cutStreamAfterEvents !== undefined) {
    // Flush what we have, then kill the socket so the client sees a truncated stream.
    res.write(text, () => setTimeout(() => res.socket?.destroy(), 10));
  } else {
    res.write(text); // and never end: closed by the client's abort or by close()
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
