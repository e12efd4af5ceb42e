/**
 * Our own retry timing (the SDK's is disabled so every retry is bounded, logged and abortable):
 * honour the server's retry-after when given, otherwise exponential backoff with jitter.
 */
import { cancelledError } from '../errors';
import type { RateReport, RateWindow } from './modelClient';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryTiming {
  /** First backoff step when the server gives no retry-after (doubles per retry). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** retry-after values above this are cut to it, so one header cannot stall a run. */
  maxRetryAfterMs: number;
  random: () => number;
}

export const DEFAULT_TIMING: RetryTiming = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

interface HeaderBag {
  get(name: string): string | null;
}

/** Milliseconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or HTTP date). */
export function parseRetryAfterMs(
  headers: HeaderBag | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const number = (value: string | null | undefined): number | undefined => {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** A window's `limit`/`remaining`/`reset` (RFC 3339, as Anthropic sends it, or seconds); undefined when absent. */
function windowOf(headers: HeaderBag, prefix: string, nowMs: number): RateWindow | undefined {
  const limit = number(headers.get(`${prefix}-limit`));
  const remaining = number(headers.get(`${prefix}-remaining`));
  const reset = headers.get(`${prefix}-reset`)?.trim();
  let resetInMs: number | undefined;
  if (reset) {
    const at = /^\d+(\.\d+)?$/.test(reset) ? nowMs + Number.parseFloat(reset) * 1000 : Date.parse(reset);
    if (!Number.isNaN(at)) resetInMs = Math.max(0, at - nowMs);
  }
  if (limit === undefined && remaining === undefined && resetInMs === undefined) return undefined;
  return { limit, remaining, resetInMs };
}

/**
 * Anthropic's `anthropic-ratelimit-requests-*` and `-tokens-*` headers (the tightest of the token windows
 * when input and output are reported apart) and `retry-after`, as the provider-neutral limiter reads them.
 */
export function parseRateHeaders(
  headers: HeaderBag | undefined,
  nowMs: number = Date.now(),
): Omit<RateReport, 'outcome'> {
  if (headers === undefined) return {};
  const requests = windowOf(headers, 'anthropic-ratelimit-requests', nowMs);
  const tokenWindows = ['tokens', 'input-tokens', 'output-tokens']
    .map((kind) => windowOf(headers, `anthropic-ratelimit-${kind}`, nowMs))
    .filter((w): w is RateWindow => w !== undefined);
  const tokens = tokenWindows.sort((a, b) => (a.remaining ?? Infinity) - (b.remaining ?? Infinity))[0];
  const retryAfterMs = parseRetryAfterMs(headers, nowMs);
  return {
    ...(requests ? { requests } : {}),
    ...(tokens ? { tokens } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Delay before retry number `retryIndex` (0-based). */
export function retryDelayMs(
  retryAfterMs: number | undefined,
  retryIndex: number,
  timing: RetryTiming,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, timing.maxRetryAfterMs);
  const step = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retryIndex);
  // "Equal jitter": at least half the step, so concurrent workers spread out without retrying at once.
  return step / 2 + timing.random() * (step / 2);
}

/** setTimeout that rejects with a `cancelled` error as soon as the signal fires. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Runs any sleep but stops waiting the moment `signal` fires (an injected sleep may ignore it). */
export async function sleepUnlessAborted(
  sleep: Sleep,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) throw cancelledError();
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
