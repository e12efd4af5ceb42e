/**
 * Whatever the `openai` SDK (or fetch underneath it) throws, classified onto the same failures as the
 * Anthropic client's, so retries, messages and exit codes are one set across providers. Every text that
 * ends up in a message is redacted.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  classifyThrown,
  sanitized,
  type Failure,
  type FailureContext,
  type SdkErrors,
} from './anthropicErrors';
import { IncompleteStreamError } from './openaiStream';
import { parseRetryAfterMs } from './retry';

function apiDetail(e: APIError): string {
  const body = e.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' && body.message ? body.message : e.message;
}

function fromApiError(e: APIError, redact: (s: string) => string): Failure {
  const status = e.status;
  const code = `${e.code ?? ''} ${e.type ?? ''}`;
  const base = {
    detail: redact(apiDetail(e)),
    status,
    requestId: e.requestID ?? undefined,
    cause: sanitized(e, redact),
  };
  if (status === undefined) {
    // An error object inside an SSE stream (the HTTP status was already 200).
    if (/rate_limit/.test(code)) return { ...base, reason: 'rate-limited', retryable: true };
    if (/server_error|overloaded/.test(code)) return { ...base, reason: 'overloaded', retryable: true };
    return { ...base, reason: 'api-error', retryable: false };
  }
  const retryAfterMs = parseRetryAfterMs(e.headers);
  if (status === 401 || status === 403) return { ...base, reason: 'auth', retryable: false };
  // An exhausted quota is a 429 too, but waiting does not help: say what the API said.
  if (status === 429 && /insufficient_quota/.test(code))
    return { ...base, reason: 'api-error', retryable: false };
  if (status === 429) return { ...base, reason: 'rate-limited', retryable: true, retryAfterMs };
  if (status === 500 || status === 502 || status === 503 || status === 529) {
    return { ...base, reason: 'overloaded', retryable: true, retryAfterMs };
  }
  const retryable = status === 408 || status >= 500;
  return { ...base, reason: 'api-error', retryable, retryAfterMs };
}

const OPENAI_ERRORS: SdkErrors<APIError> = {
  timeout: APIConnectionTimeoutError,
  abort: APIUserAbortError,
  connection: APIConnectionError,
  api: APIError,
  fromApiError,
  isCut: (error) => error instanceof IncompleteStreamError,
};

export function classifyOpenAIError(error: unknown, ctx: FailureContext): Failure {
  return classifyThrown(error, ctx, OPENAI_ERRORS);
}
