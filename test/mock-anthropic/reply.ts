/** What a scripted rule answers with, and how it matches a request (the builders are in replies.ts). */
import type { MockRequest } from './request';

export interface MockReply {
  /** HTTP status (default 200). Non-200 replies are always JSON, as the real API does. */
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (or as SSE when the request streams); a string is sent raw (malformed bodies). */
  body?: unknown;
  /** Wait before answering. */
  delayMs?: number;
  /** Never answer; the socket stays open until the client aborts or the mock closes. */
  hang?: boolean;
  /** Send this many SSE events (or half a JSON body) and then destroy the socket. */
  cutStreamAfterEvents?: number;
  /** Send this many SSE events and then stall (a stream that stops mid-way without closing). */
  hangAfterEvents?: number;
  /** Send this many stream events and then end the response cleanly: a stream truncated before `message_stop`. */
  endStreamAfterEvents?: number;
  /**
   * Bedrock's event stream only: after `afterEvents` events, an exception frame (`:message-type: exception`,
   * `:exception-type: type`, e.g. `throttlingException`) carrying `{ message }`, and the end of the stream.
   */
  streamException?: { afterEvents: number; type: string; message: string };
  /** Destroy the socket without answering. */
  resetConnection?: boolean;
}

export type MockReplyFn = (req: MockRequest) => MockReply | Promise<MockReply>;
export type MockMatch = (req: MockRequest) => boolean;
