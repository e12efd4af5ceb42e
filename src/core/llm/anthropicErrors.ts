/**
 * Turns whatever the SDK (or fetch underneath it) throws into a classified failure, then into an
 * OrchestraError whose message says what to do. Every text that ends up in a message is redacted.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { cancelledError, OrchestraError, type ErrorReason } from '../errors';
import { redactSecrets } from './redact';
import { parseRetryAfterMs } from './retry';

export interface Failure {
  reason: ErrorReason;
  retryable: boolean;
  /** Redacted detail from the API or the transport. */
  detail: string;
  status?: number;
  requestId?: string;
  retryAfterMs?: number;
  /** Set when a stream/body was cut mid-response (reported as `network`). */
  cut?: boolean;
  /** Amazon Bedrock's error type (`ThrottlingException`, …), when it named a documented one (bedrockErrors.ts). */
  awsType?: string;
  /** A redacted copy of what was thrown: SDK errors carry response bodies, which may echo the key. */
  cause: Error;
}

export interface FailureContext {
  /** Our per-attempt timer fired. */
  timedOut: boolean;
  /** The caller's signal fired. */
  cancelled: boolean;
  secrets: readonly string[];
}

/** Thrown by the response reader when a 2xx body is not a Messages response. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** A stream that ended, frame by whole frame, before its `message_stop`: what arrived is not the whole answer. */
export class IncompleteMessageError extends Error {
  override readonly name = 'IncompleteMessageError';
}

const CUT_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Walks the `cause` chain: undici reports a cut body as TypeError('terminated') caused by a socket error. */
export function isConnectionCut(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (e.message === 'terminated' || (typeof code === 'string' && CUT_CODES.has(code))) return true;
  }
  return false;
}

export function causeText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${e.message} [${code}]` : e.message);
  }
  return parts.join(': ') || String(error);
}

/** Keeps the error's class name and (redacted) message chain, nothing else. */
export function sanitized(error: unknown, redact: (s: string) => string): Error {
  const copy = new Error(redact(causeText(error)));
  copy.name = error instanceof Error ? error.name : typeof error;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

function fromApiError(e: APIError, redact: (s: string) => string): Failure {
  const status = e.status;
  const type = e.type ?? undefined;
  const detail = redact(e.apiMessage ?? e.message);
  const base = { detail, status, requestId: e.requestID ?? undefined, cause: sanitized(e, redact) };
  if (status === undefined) {
    // An `event: error` inside an SSE stream (the HTTP status was already 200).
    if (type === 'overloaded_error') return { ...base, reason: 'overloaded', retryable: true };
    if (type === 'rate_limit_error') return { ...base, reason: 'rate-limited', retryable: true };
    return { ...base, reason: 'api-error', retryable: type === 'api_error' };
  }
  const retryAfterMs = parseRetryAfterMs(e.headers);
  if (status === 401 || status === 403) return { ...base, reason: 'auth', retryable: false };
  if (status === 429) return { ...base, reason: 'rate-limited', retryable: true, retryAfterMs };
  if (status === 529) return { ...base, reason: 'overloaded', retryable: true, retryAfterMs };
  const retryable = status === 408 || status >= 500;
  return { ...base, reason: 'api-error', retryable, retryAfterMs };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** What one SDK throws, as the shared classification needs to tell it apart. */
export interface SdkErrors<E extends Error> {
  readonly timeout: ErrorClass;
  readonly abort: ErrorClass;
  readonly connection: ErrorClass;
  readonly api: abstract new (...args: never[]) => E;
  /** Its API error (an HTTP status and body) as a failure. */
  fromApiError(e: E, redact: (s: string) => string): Failure;
  /** A stream the SDK saw end early, besides a cut connection. */
  isCut?(error: unknown): boolean;
}

/**
 * One classification for every SDK: cancellation, our own errors, timeouts, aborts, connection failures, the
 * API's answer, a cut stream, and anything else as a malformed response.
 */
export function classifyThrown<E extends Error>(
  error: unknown,
  ctx: FailureContext,
  sdk: SdkErrors<E>,
): Failure {
  const redact = (s: string): string => redactSecrets(s, ctx.secrets);
  const cause = sanitized(error, redact);
  if (ctx.cancelled) return { reason: 'cancelled', retryable: false, detail: 'cancelled', cause };
  if (error instanceof OrchestraError) {
    return { reason: error.reason, retryable: false, detail: redact(error.message), cause };
  }
  if (ctx.timedOut || error instanceof sdk.timeout) {
    return { reason: 'timeout', retryable: true, detail: 'timed out', cause };
  }
  if (error instanceof sdk.abort) return { reason: 'cancelled', retryable: false, detail: 'aborted', cause };
  if (error instanceof sdk.connection) {
    const inner = (error as Error & { cause?: unknown }).cause ?? error;
    return { reason: 'network', retryable: true, detail: redact(causeText(inner)), cause };
  }
  if (error instanceof sdk.api) return sdk.fromApiError(error, redact);
  if (isConnectionCut(error) || sdk.isCut?.(error) === true) {
    return { reason: 'network', retryable: true, cut: true, detail: redact(causeText(error)), cause };
  }
  // SyntaxError from a bad JSON body or SSE line, SDK stream errors ("stream ended without producing a
  // Message"), our shape check.
  return { reason: 'malformed-response', retryable: false, detail: redact(causeText(error)), cause };
}

export const ANTHROPIC_ERRORS: SdkErrors<APIError> = {
  timeout: APIConnectionTimeoutError,
  abort: APIUserAbortError,
  connection: APIConnectionError,
  api: APIError,
  fromApiError,
};

export function classifyError(error: unknown, ctx: FailureContext): Failure {
  return classifyThrown(error, ctx, ANTHROPIC_ERRORS);
}

function plural(n: number): string {
  return `${n} ${n === 1 ? 'retry' : 'retries'}`;
}

/** The final, user-facing error once retries are used up (or the failure was not retryable). */
export function failureToError(
  f: Failure,
  retries: number,
  timeoutMs: number,
  credentials = 'your API key',
): OrchestraError {
  const details = { status: f.status, requestId: f.requestId, cause: f.cause };
  const ref = f.requestId ? ` [request-id ${f.requestId}]` : '';
  const say = (message: string): OrchestraError => new OrchestraError(f.reason, message + ref, details);
  switch (f.reason) {
    case 'cancelled':
      return cancelledError();
    case 'auth':
      return say(`authentication failed: check ${credentials} (${f.status ?? '?'}: ${f.detail}).`);
    case 'rate-limited':
      return say(
        `rate limited (429) after ${plural(retries)}: wait a minute or lower orchestra.maxConcurrency.`,
      );
    case 'overloaded':
      return say(
        `the API is overloaded (${f.status ?? 529}) after ${plural(retries)}: try again in a few minutes.`,
      );
    case 'timeout':
      return say(
        `request timed out after ${timeoutMs / 1000} s (${plural(retries)}): raise orchestra.timeoutMs or try again.`,
      );
    case 'network':
      return f.cut
        ? say(
            `network error: the connection was cut mid-response after ${plural(retries)} (${f.detail}): ` +
              'check your network or proxy and try again.',
          )
        : say(
            `network error: could not reach the API after ${plural(retries)} (${f.detail}): check your network or proxy.`,
          );
    case 'malformed-response':
      return say(
        `the API returned a malformed response (${f.detail}): try again; if it persists, check any proxy in between.`,
      );
    case 'api-error': {
      const after = f.retryable ? ` after ${plural(retries)}` : '';
      if (f.status === undefined || f.status >= 500) {
        return say(
          `the API returned an error (${f.status ?? 'in stream'})${after}: ${f.detail}. Try again later.`,
        );
      }
      return say(`the API rejected the request (${f.status})${after}: ${f.detail}`);
    }
    default:
      return new OrchestraError(f.reason, f.detail, details);
  }
}
