/**
 * ModelClient over the official `openai` SDK, for any OpenAI-compatible Chat Completions endpoint: OpenAI,
 * Azure OpenAI (`apiVersion` → `?api-version=` and the `api-key` header), Ollama, LM Studio, vLLM, OpenRouter.
 * As with the Anthropic client, the SDK's own retries are off so every retry is ours (bounded, logged,
 * honouring retry-after, abortable). No prompt cache is relied on and no token-counting endpoint exists:
 * `countTokens` is the calibrated estimate.
 */
import OpenAI from 'openai';
import { cancelledError, OrchestraError, throwIfCancelled } from '../errors';
import { err, ok, type Result } from '../result';
import { failureToError, type Failure } from './anthropicErrors';
import type { LogFn } from './anthropicClient';
import { isHostedOpenAI, isLocalEndpoint } from './endpoint';
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from './modelClient';
import { classifyOpenAIError } from './openaiErrors';
import { assembleStream } from './openaiStream';
import { estimateChatRequestTokens } from './openaiTokens';
import { readCompletion, toChatParams, type MaxTokensField } from './openaiWire';
import { redactSecrets } from './redact';
import { describeFailure, sdkLogger } from './sdkLog';
import {
  abortableSleep,
  DEFAULT_TIMING,
  retryDelayMs,
  sleepUnlessAborted,
  type RetryTiming,
  type Sleep,
} from './retry';

export const OPENAI_PROVIDER = 'openai-compatible';

// Defined beside the endpoint checks, so the extension host can read it without loading the SDK.
export { DEFAULT_OPENAI_BASE_URL } from './endpoint';

export interface OpenAIClientOptions {
  /** Optional for a local endpoint (loopback or private network); required for a hosted one. */
  apiKey: string | undefined;
  /** E.g. https://api.openai.com/v1, http://localhost:11434/v1, https://NAME.openai.azure.com/openai/v1. */
  baseURL: string;
  /** Azure OpenAI: sent as `?api-version=` on every request, with the key in the `api-key` header. */
  apiVersion?: string;
  /** Per attempt, covering the whole response (a stalled stream counts too). */
  timeoutMs: number;
  /** Retries after the first attempt, for 429/5xx/timeouts/connection errors. */
  maxRetries: number;
  /** Stream responses (default true), as the Anthropic client does. */
  stream?: boolean;
  /** Default: `max_completion_tokens` for api.openai.com and Azure, `max_tokens` elsewhere. */
  maxTokensField?: MaxTokensField;
  /** Receives retries and SDK warnings; messages are already redacted. */
  log?: LogFn;
  sleep?: Sleep;
  retryTiming?: Partial<RetryTiming>;
}

export const NO_OPENAI_KEY_MESSAGE =
  'no API key for the openai-compatible endpoint: set OPENAI_API_KEY or run Orchestra: Set OpenAI API Key ' +
  '(a local server — localhost or a private network address — needs none).';

export interface OpenAICompatibleClient extends ModelClient {
  /** The endpoint is on this machine or a private network: no key needed, no price known ($0). */
  readonly local: boolean;
}

export function createOpenAIClient(options: OpenAIClientOptions): OpenAICompatibleClient {
  const apiKey = options.apiKey?.trim() ?? '';
  const secrets = [apiKey, options.apiKey ?? ''];
  const log: LogFn = (level, message) => options.log?.(level, redactSecrets(message, secrets));
  const timing: RetryTiming = { ...DEFAULT_TIMING, ...options.retryTiming };
  const sleep = options.sleep ?? abortableSleep;
  const streaming = options.stream ?? true;
  const { timeoutMs, maxRetries, baseURL } = options;
  const local = isLocalEndpoint(baseURL);
  const maxTokensField =
    options.maxTokensField ?? (isHostedOpenAI(baseURL) ? 'max_completion_tokens' : 'max_tokens');
  let sdk: OpenAI | undefined;

  function getSdk(): OpenAI {
    if (!apiKey && !local) throw new OrchestraError('auth', NO_OPENAI_KEY_MESSAGE);
    const azure = options.apiVersion !== undefined && options.apiVersion !== '';
    // The SDK insists on a key; without one (a local server) none is sent. Azure takes it as `api-key`.
    const headers: Record<string, string | null> = {};
    if (!apiKey || azure) headers['Authorization'] = null;
    if (apiKey && azure) headers['api-key'] = apiKey;
    sdk ??= new OpenAI({
      apiKey: apiKey || 'no-key',
      // Everything explicit: the SDK would otherwise read OPENAI_* variables on its own.
      baseURL,
      organization: null,
      project: null,
      adminAPIKey: null,
      defaultHeaders: headers,
      ...(azure ? { defaultQuery: { 'api-version': options.apiVersion } } : {}),
      maxRetries: 0,
      timeout: timeoutMs,
      logger: sdkLogger(log),
      logLevel: 'warn',
    });
    return sdk;
  }

  /** One attempt with its own deadline, linked to the caller's signal. */
  async function attempt<T>(
    run: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Result<T, Failure>> {
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
      return err(classifyOpenAIError(error, { timedOut: timedOut && !cancelled, cancelled, secrets }));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function call(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<ModelResponse> {
    const client = getSdk();
    const params = toChatParams(request, maxTokensField);
    const what = `${request.role} call${request.label ? ` (${request.label})` : ''} to ${request.model}`;
    const helpers = (request.helperTools ?? []).map((t) => t.name);
    const signal = callOptions.signal;
    for (let retry = 0; ; retry++) {
      throwIfCancelled(signal);
      const outcome = await attempt(async (attemptSignal) => {
        const opts = { signal: attemptSignal, timeout: timeoutMs };
        if (streaming) {
          const streamed = { ...params, stream: true as const, stream_options: { include_usage: true } };
          const { data, request_id } = await client.chat.completions.create(streamed, opts).withResponse();
          const completion = await assembleStream(data);
          // The SDK ends an aborted stream quietly; what arrived before the deadline is not an answer.
          if (attemptSignal.aborted) throw new Error('the stream was aborted');
          return readCompletion(completion, request.tool.name, request_id ?? undefined, helpers);
        }
        const { data, request_id } = await client.chat.completions.create(params, opts).withResponse();
        return readCompletion(data, request.tool.name, request_id ?? undefined, helpers);
      }, signal);
      if (outcome.ok) return outcome.value;
      const failure = outcome.error;
      if (failure.reason === 'cancelled') throw cancelledError();
      if (!failure.retryable || retry >= maxRetries) throw failureToError(failure, retry, timeoutMs);
      const delay = retryDelayMs(failure.retryAfterMs, retry, timing);
      const why = failure.retryAfterMs === undefined ? 'backoff' : 'retry-after';
      log(
        'warn',
        `${what}: ${describeFailure(failure)}; retry ${retry + 1}/${maxRetries} in ${(delay / 1000).toFixed(2)} s (${why})`,
      );
      await sleepUnlessAborted(sleep, delay, signal);
    }
  }

  function countTokens(request: ModelRequest, callOptions: ModelCallOptions = {}): Promise<number> {
    throwIfCancelled(callOptions.signal);
    return Promise.resolve(estimateChatRequestTokens(request));
  }

  return { provider: OPENAI_PROVIDER, cachesPrompts: false, local, call, countTokens };
}
