/**
 * Amazon Bedrock's failures by their AWS error type, which says more than the status does: an HTTP error names it
 * in `x-amzn-errortype` (`ThrottlingException:http://internal.amazon.com/coral/…`) with the body `{ message }`; an
 * exception frame mid-stream arrives from the Bedrock SDK as an SSE `error` typed e.g. `throttlingException`.
 * Without a known type (a gateway in between) the status decides, as on the Anthropic API.
 */
import type { APIError } from '@anthropic-ai/sdk';
import { OrchestraError, type ErrorReason } from '../errors';
import {
  ANTHROPIC_ERRORS,
  classifyThrown,
  failureToError,
  IncompleteMessageError,
  sanitized,
  type Failure,
  type FailureContext,
  type SdkErrors,
} from './anthropicErrors';
import { parseRetryAfterMs } from './retry';

/** What a message may say about the call that failed. */
interface Said {
  /** `429 ThrottlingException: <AWS's message>`, or `ThrottlingException mid-stream: …`. */
  said: string;
  /** `2 retries`. */
  retries: string;
  model: string;
}

interface AwsKind {
  reason: ErrorReason;
  retryable: boolean;
  say: (s: Said) => string;
}

const SLOWER = 'wait a minute or lower orchestra.maxConcurrency';

/** Every AWS error type Bedrock answers with that means something specific to us. */
const AWS_KINDS: Readonly<Record<string, AwsKind>> = {
  ThrottlingException: {
    reason: 'rate-limited',
    retryable: true,
    say: (s) => `rate limited by Amazon Bedrock (${s.said}) after ${s.retries}: ${SLOWER}.`,
  },
  ServiceQuotaExceededException: {
    reason: 'rate-limited',
    retryable: true,
    say: (s) =>
      `your Amazon Bedrock quota is used up (${s.said}) after ${s.retries}: ${SLOWER}, or ask for a higher ` +
      'quota in the AWS Service Quotas console.',
  },
  AccessDeniedException: {
    reason: 'auth',
    retryable: false,
    say: (s) =>
      `authentication failed: Amazon Bedrock denied access to ${s.model} (${s.said}): request access to the ` +
      'model in the Bedrock console (Model access, in this region) and check that your IAM policy allows ' +
      'bedrock:InvokeModelWithResponseStream.',
  },
  UnrecognizedClientException: {
    reason: 'auth',
    retryable: false,
    say: (s) =>
      `authentication failed: AWS does not recognise your credentials (${s.said}): check your AWS credentials ` +
      '(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or SSO).',
  },
  ExpiredTokenException: {
    reason: 'auth',
    retryable: false,
    say: (s) =>
      `authentication failed: your AWS credentials have expired (${s.said}): refresh them (aws sso login, or ` +
      'new temporary credentials with AWS_SESSION_TOKEN) and try again.',
  },
  ValidationException: {
    reason: 'api-error',
    retryable: false,
    say: (s) =>
      TOO_LONG.test(s.said)
        ? `the request is too long for ${s.model} (${s.said}): lower orchestra.workerFileTokens ` +
          '(--worker-file-tokens) or use a model with a larger context window.'
        : `Amazon Bedrock rejected the request as invalid (${s.said}).`,
  },
  ResourceNotFoundException: {
    reason: 'api-error',
    retryable: false,
    say: (s) =>
      `model not found on Amazon Bedrock: ${s.model} (${s.said}): check the model id (--model, orchestra.models) ` +
      'and that Bedrock offers it in your region (--aws-region, orchestra.bedrock.region or AWS_REGION).',
  },
  ModelTimeoutException: {
    reason: 'timeout',
    retryable: true,
    say: (s) =>
      `${s.model} timed out on Amazon Bedrock (${s.said}) after ${s.retries}: try again; if it persists, ` +
      'lower orchestra.workerFileTokens so that each request is smaller.',
  },
  ServiceUnavailableException: {
    reason: 'overloaded',
    retryable: true,
    say: (s) => `Amazon Bedrock is unavailable (${s.said}) after ${s.retries}: try again in a few minutes.`,
  },
  ModelNotReadyException: {
    reason: 'overloaded',
    retryable: true,
    say: (s) =>
      `${s.model} is not ready on Amazon Bedrock (${s.said}) after ${s.retries}: try again in a few minutes.`,
  },
  InternalServerException: {
    reason: 'api-error',
    retryable: true,
    say: (s) => `Amazon Bedrock returned a server error (${s.said}) after ${s.retries}: try again later.`,
  },
  ModelStreamErrorException: {
    reason: 'api-error',
    retryable: true,
    say: (s) => `Amazon Bedrock's stream failed (${s.said}) after ${s.retries}: try again later.`,
  },
};

/** Bedrock's "Input is too long for requested model." (and the Messages API's "prompt is too long"). */
const TOO_LONG = /\b(input|prompt) is too long\b/i;

/**
 * The AWS error type a header, a body's `__type` or a stream error names, as its exception class is spelled:
 * `ThrottlingException:http://…` and `com.amazon.coral.service#ThrottlingException` and `throttlingException`
 * all give `ThrottlingException`. Undefined for a type Bedrock does not document (e.g. an Anthropic one).
 */
export function awsErrorType(raw: string | null | undefined): string | undefined {
  const name = raw?.split(':')[0]?.split('#').pop()?.trim() ?? '';
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  return Object.hasOwn(AWS_KINDS, type) ? type : undefined;
}

function bodyField(e: APIError, field: string): string | undefined {
  const value = (e.error as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value ? value : undefined;
}

function fromApiError(e: APIError, redact: (s: string) => string): Failure {
  const awsType = awsErrorType(e.headers?.get('x-amzn-errortype') ?? bodyField(e, '__type') ?? e.type);
  const detail = e.apiMessage ?? bodyField(e, 'message') ?? bodyField(e, 'Message') ?? e.message;
  const requestId = e.requestID ?? e.headers?.get('x-amzn-requestid') ?? undefined;
  if (awsType === undefined) {
    const failure = ANTHROPIC_ERRORS.fromApiError(e, redact);
    return { ...failure, detail: redact(detail), requestId };
  }
  const { reason, retryable } = AWS_KINDS[awsType]!;
  return {
    reason,
    retryable,
    awsType,
    detail: redact(detail),
    status: e.status,
    requestId,
    retryAfterMs: parseRetryAfterMs(e.headers),
    cause: sanitized(e, redact),
  };
}

const BEDROCK_ERRORS: SdkErrors<APIError> = {
  ...ANTHROPIC_ERRORS,
  fromApiError,
  // A stream of whole frames that ends before `message_stop` was cut off, like a cut connection.
  isCut: (error) => error instanceof IncompleteMessageError,
};

export function classifyBedrockError(error: unknown, ctx: FailureContext): Failure {
  return classifyThrown(error, ctx, BEDROCK_ERRORS);
}

/** The user-facing error for a Bedrock failure: by its AWS type when it has one, else as on the Anthropic API. */
export function bedrockFailureToError(
  f: Failure,
  retries: number,
  timeoutMs: number,
  call: { model: string; credentials: string },
): OrchestraError {
  const kind = f.awsType === undefined ? undefined : AWS_KINDS[f.awsType];
  if (kind === undefined) return failureToError(f, retries, timeoutMs, call.credentials);
  const said =
    f.status === undefined ? `${f.awsType} mid-stream: ${f.detail}` : `${f.status} ${f.awsType}: ${f.detail}`;
  const message = kind.say({ said, retries: `${retries} ${retries === 1 ? 'retry' : 'retries'}`, ...call });
  const ref = f.requestId ? ` [request-id ${f.requestId}]` : '';
  return new OrchestraError(f.reason, message + ref, {
    status: f.status,
    requestId: f.requestId,
    cause: f.cause,
  });
}
