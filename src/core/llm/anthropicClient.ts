/**
 * ModelClient over the real Anthropic SDK. The SDK's own retries are off (maxRetries: 0) so that every
 * retry is ours: bounded, logged, honouring retry-after, and abortable while waiting.
 */
import { APIError } from '@anthropic-ai/sdk';
import { cancelledError, throwIfCancelled } from '../errors';
import type {
  ModelCallOptions,
  ModelClient,
  ModelRequest,
  ModelResponse,
  RateLimiter,
  RateReport,
} from './modelClient';
import { IncompleteMessageError, type Failure } from './anthropicErrors';
import { readMessage, toWireParams } from './anthropicWire';
import { estimateRequestTokens } from './budget';
import { redactSecrets } from './redact';
import { describeFailure, sdkLogger } from './sdkLog';
import {
  createPlatformSdk,
  NO_API_KEY_MESSAGE,
  platformSecrets,
  type AnthropicPlatform,
  type PlatformSdk,
} from './platformSdk';
import { err, ok, type Result } from '../result';
import {
  abortableSleep,
  DEFAULT_TIMING,
  parseRateHeaders,
  retryDelayMs,
  sleepUnlessAborted,
  type RetryTiming,
  type Sleep,
} from './retry';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

export interface AnthropicClientOptions {
  apiKey: string | undefined;
  baseURL?: string;
  /** Bedrock or Vertex instead of the Anthropic API (then `apiKey`/`baseURL` are ignored). */
  platform?: AnthropicPlatform;
  /** Per attempt, covering the whole response (a stalled stream counts too). */
  timeoutMs: number;
  /** Retries after the first attempt, for 429/529/5xx/timeouts/connection errors. */
  maxRetries: number;
  /** Stream responses (default true): long generations never hit idle-connection limits. */
  stream?: boolean;
  /** Receives retries and SDK warnings; messages are already redacted. */
  log?: LogFn;
  /** Injected wait (tests); it is raced against the caller's signal either way. */
  sleep?: Sleep;
  retryTiming?: Partial<RetryTiming>;
}

export { NO_API_KEY_MESSAGE };

/** What a 401/403 asks the user to check, per platform. */
const CREDENTIALS: Record<AnthropicPlatform['kind'], string> = {
  anthropic: 'your API key',
  bedrock:
    'your AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or SSO) and the model access granted in the Bedrock console',
  vertex:
    'your Google credentials (gcloud auth application-default login or GOOGLE_APPLICATION_CREDENTIALS) and Vertex AI access in the project',
};

export function createAnthropicClient(options: AnthropicClientOptions): ModelClient {
  const platform: AnthropicPlatform = options.platform ?? {
    kind: 'anthropic',
    apiKey: options.apiKey,
    baseURL: options.baseURL,
  };
  const secrets = platformSecrets(platform);
  const log: LogFn = (level, message) => options.log?.(level, redactSecrets(message, secrets));
  const timing: RetryTiming = { ...DEFAULT_TIMING, ...options.retryTiming };
  const sleep = options.sleep ?? abortableSleep;
  const { timeoutMs, maxRetries } = options;
  const credentials = CREDENTIALS[platform.kind];
  let built: PlatformSdk | undefined;

  function getSdk(): PlatformSdk {
    built ??= createPlatformSdk(platform, { timeout: timeoutMs, logger: sdkLogger(log), logLevel: 'warn' });
    return built;
  }

  /** One attempt with its own deadline, linked to the caller's signal; a failure keeps what its headers said. */
  async function attempt<T>(
    run: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Result<T, Failure & { rate: Omit<RateReport, 'outcome'> }>> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      return ok(await run(controller.signal));
    } catch (error) {
      const cancelled = signal?.aborted ?? false;
      const ctx = { timedOut: timedOut && !cancelled, cancelled, secrets };
      const failure = getSdk().errors.classify(error, ctx);
      return err({ ...failure, rate: error instanceof APIError ? parseRateHeaders(error.headers) : {} });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Attempts until one answers or the retries are used up. With a shared `limiter`, every attempt waits
   * for it first and reports the provider's rate headers back; a 429/529 then waits there (all callers
   * pause together) rather than in a sleep of its own.
   */
  async function withRetries(
    what: string,
    model: string,
    run: (signal: AbortSignal) => Promise<{ response: ModelResponse; headers: Headers }>,
    signal: AbortSignal | undefined,
    limiter: RateLimiter | undefined,
  ): Promise<ModelResponse> {
    for (let retry = 0; ; retry++) {
      throwIfCancelled(signal);
      const done = limiter === undefined ? undefined : await limiter.acquire(signal);
      const outcome = await attempt(run, signal);
      if (outcome.ok) {
        const { response, headers } = outcome.value;
        const tokensUsed = response.usage.inputTokens + response.usage.outputTokens;
        done?.({ outcome: 'ok', ...parseRateHeaders(headers), tokensUsed });
        return response;
      }
      const failure = outcome.error;
      const limited = failure.reason === 'rate-limited' || failure.reason === 'overloaded';
      done?.({ ...failure.rate, outcome: limited ? 'limited' : 'failed' });
      if (!failure.retryable || retry >= maxRetries)
        throw getSdk().errors.toError(failure, retry, timeoutMs, { model, credentials });
      const delay = retryDelayMs(failure.retryAfterMs, retry, timing);
      const why = failure.retryAfterMs === undefined ? 'backoff' : 'retry-after';
      // With a shared limiter a 429/529 waits there: every call pauses together for the same retry-after.
      const gated = limited && limiter !== undefined;
      const when =
        gated && failure.retryAfterMs === undefined
          ? 'when the shared rate gate opens'
          : `in ${(delay / 1000).toFixed(2)} s`;
      log(
        'warn',
        `${what}: ${describeFailure(failure)}; retry ${retry + 1}/${maxRetries} ${when} (${why})${gated ? '; every call of the run waits with it' : ''}`,
      );
      if (gated) continue;
      await sleepUnlessAborted(sleep, delay, signal);
    }
  }

  async function call(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<ModelResponse> {
    const { sdk: client, streams, errors } = getSdk();
    const streaming = streams && (options.stream ?? true);
    const params = toWireParams(request);
    const what = `${request.role} call${request.label ? ` (${request.label})` : ''} to ${request.model}`;
    const helpers = (request.helperTools ?? []).map((t) => t.name);
    // Bedrock names its request id x-amzn-requestid; the others send request-id, which the SDK reads.
    const idOf = (sdkId: string | null | undefined, headers: Headers): string | undefined =>
      sdkId ?? headers.get('x-amzn-requestid') ?? undefined;
    return withRetries(
      what,
      request.model,
      async (signal) => {
        if (streaming) {
          const stream = client.messages.stream(params, { signal, timeout: timeoutMs });
          const { response: http } = await stream.withResponse();
          if (errors.incompleteIsCut) {
            await stream.done();
            if (stream.receivedMessages.length === 0)
              throw new IncompleteMessageError('the stream ended before message_stop');
          }
          const message: unknown = await stream.finalMessage();
          const requestId = idOf(stream.request_id, http.headers);
          const response = readMessage(message, request.tool.name, requestId, helpers);
          return { response, headers: http.headers };
        }
        const {
          data,
          response: http,
          request_id,
        } = await client.messages.create(params, { signal, timeout: timeoutMs }).withResponse();
        const response = readMessage(data, request.tool.name, idOf(request_id, http.headers), helpers);
        return { response, headers: http.headers };
      },
      callOptions.signal,
      callOptions.limiter,
    );
  }

  async function countTokens(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<number> {
    const { sdk: client, countsTokens } = getSdk();
    throwIfCancelled(callOptions.signal);
    const count = client.messages.countTokens?.bind(client.messages);
    // Bedrock has no counting endpoint the SDK reaches: the same character-based estimate vscode-lm uses.
    if (!countsTokens || !count) return estimateRequestTokens(request);
    const { model, system, messages, tools, tool_choice } = toWireParams(request);
    const outcome = await attempt(
      (signal) => count({ model, system, messages, tools, tool_choice }, { signal, timeout: timeoutMs }),
      callOptions.signal,
    );
    if (outcome.ok && typeof outcome.value.input_tokens === 'number') return outcome.value.input_tokens;
    if (!outcome.ok && outcome.error.reason === 'cancelled') throw cancelledError();
    // Counting is advisory (it feeds the estimate); a heuristic beats failing the run over it.
    const why = outcome.ok ? 'no input_tokens in the answer' : describeFailure(outcome.error);
    log('debug', `token count failed (${why}); using a character-based estimate`);
    return estimateRequestTokens(request);
  }

  return { provider: platform.kind, cachesPrompts: true, call, countTokens };
}
