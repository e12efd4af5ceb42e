/**
 * One rate gate per run, shared by every model call (orchestrator, workers, repair): concurrency adapts to
 * what the provider says instead of each call retrying on its own.
 * - A 429/529 pauses every caller until its `retry-after` (or a backoff) and halves the allowed concurrency,
 *   once per congestion event (calls already in flight when it was cut do not cut it again).
 * - Each answered call raises it again by 1/limit (additive increase: +1 per round of answers), never above
 *   `maxConcurrency`.
 * - The `requests` window of the headers (limit, remaining, time to full) is mirrored as a local token
 *   bucket, so calls are paced to the provider's refill rate before it has to refuse one; a `tokens` window
 *   with less left than an average call uses pauses new calls until enough of it has refilled.
 * The budget check before every call is the caller's and stays where it is (`callWithinBudget`).
 */
import { cancelledError } from '../errors';
import type { RateLimiter, RateReport, RateWindow } from '../llm/modelClient';

/** Pace a little under the provider's rate: arrival times jitter, and a refusal costs a round trip. */
const PACING_MARGIN = 0.97;

export interface GateClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_CLOCK: GateClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RateGateOptions {
  maxConcurrency: number;
  clock?: GateClock;
  /** Pause after a 429/529 without retry-after (default 1 s). */
  backoffMs?: number;
  /** Longest pause one answer can impose (default 60 s, as the client's retry-after cap). */
  maxPauseMs?: number;
}

interface Waiter {
  resolve: (done: (report: RateReport) => void) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** The provider's request window as a local bucket: `tokens` at `at`, refilled at `perMs`. */
interface Bucket {
  capacity: number;
  perMs: number;
  tokens: number;
  at: number;
}

export interface RateGateStats {
  limit: number;
  inFlight: number;
  pausedForMs: number;
  /** 429/529 answers seen, and how many cut the concurrency. */
  limited: number;
  cuts: number;
  /** The provider's request rate as the gate paces it (undefined until a requests window was seen). */
  requestsPerSecond?: number;
}

export class RateGate implements RateLimiter {
  private limit: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private lastCutAt = -Infinity;
  private lastSlowdownAt = -Infinity;
  private limited = 0;
  private cuts = 0;
  private bucket: Bucket | undefined;
  private avgTokens: number | undefined;
  private readonly waiters: Waiter[] = [];
  private timer: unknown;
  private timerAt = Infinity;
  private readonly clock: GateClock;

  constructor(private readonly options: RateGateOptions) {
    this.limit = Math.max(1, options.maxConcurrency);
    this.clock = options.clock ?? REAL_CLOCK;
  }

  stats(): RateGateStats {
    const pausedForMs = Math.max(0, this.pausedUntil - this.clock.now());
    const { limit, inFlight, limited, cuts } = this;
    const stats = { limit, inFlight, pausedForMs, limited, cuts };
    return this.bucket ? { ...stats, requestsPerSecond: this.bucket.perMs * 1000 } : stats;
  }

  acquire(signal?: AbortSignal): Promise<(report: RateReport) => void> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(cancelledError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Starts waiters while the concurrency, the pause and the bucket allow; else wakes up when they will. */
  private pump(): void {
    for (;;) {
      const now = this.clock.now();
      if (this.waiters.length === 0) return;
      if (this.inFlight >= Math.floor(this.limit)) return; // a release pumps again
      const wait = Math.max(this.pausedUntil - now, this.bucketWait(now));
      if (wait > 0) return this.wakeAt(now + wait);
      const waiter = this.waiters.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.take(now);
      const startedAt = now;
      this.inFlight++;
      let released = false;
      waiter.resolve((report) => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.observe(report, startedAt);
        this.pump();
      });
    }
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimer(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private refill(now: number): Bucket | undefined {
    const b = this.bucket;
    if (b === undefined) return undefined;
    b.tokens = Math.min(b.capacity, b.tokens + (now - b.at) * b.perMs);
    b.at = now;
    return b;
  }

  /** Milliseconds until the mirrored bucket holds a whole request (0 when unknown or available). */
  private bucketWait(now: number): number {
    const b = this.refill(now);
    if (b === undefined || b.tokens >= 1) return 0;
    return b.perMs > 0 ? (1 - b.tokens) / b.perMs : (this.options.backoffMs ?? 1_000);
  }

  private take(now: number): void {
    const b = this.refill(now);
    if (b !== undefined) b.tokens -= 1;
  }

  private observe(report: RateReport, startedAt: number): void {
    const now = this.clock.now();
    const maxPause = this.options.maxPauseMs ?? 60_000;
    if (report.requests) this.learnRequests(report, now, startedAt);
    if (report.outcome === 'limited') {
      this.limited++;
      const pause = Math.min(maxPause, report.retryAfterMs ?? this.options.backoffMs ?? 1_000);
      this.pausedUntil = Math.max(this.pausedUntil, now + pause);
      // A refusal with a requests window is a rate the bucket now paces; without one (an overload, a
      // provider that says nothing) the concurrency is halved, once per congestion event: calls that
      // started before the last cut were part of the same overload.
      if (this.bucket === undefined && startedAt > this.lastCutAt) {
        this.limit = Math.max(1, Math.floor(Math.min(this.limit, this.inFlight + 1) / 2));
        this.lastCutAt = now;
        this.cuts++;
      }
    } else if (report.outcome === 'ok') {
      this.limit = Math.min(this.options.maxConcurrency, this.limit + 1 / Math.floor(this.limit));
    }
    if (report.outcome === 'ok' && report.tokens)
      this.watchTokens(report.tokens, report.tokensUsed, now, maxPause);
  }

  /**
   * Mirrors the provider's request window. Its refill rate: first from a refusal (`reset` − `retry-after`
   * is the time for `limit − 1` requests), then corrected by feedback — 15% slower after a refusal, 2%
   * faster when an answer shows more left than refilled during it while callers were held back. Its level: what `retry-after`
   * implies after a refusal; after an answer, no more than `remaining` (which
   * may predate calls started since, so it only ever lowers the level).
   */
  private learnRequests(report: RateReport, now: number, startedAt: number): void {
    const { limit, remaining, resetInMs } = report.requests ?? {};
    if (limit === undefined || remaining === undefined || limit <= 0) return;
    const retryAfter = report.retryAfterMs;
    let perMs = this.bucket?.perMs;
    if (report.outcome === 'limited') {
      if (perMs === undefined && retryAfter !== undefined && resetInMs !== undefined) {
        // `reset` is a moment, read when the answer arrived; `retry-after` a span from when the provider
        // decided, somewhere in the round trip: half of it is added back.
        const span = resetInMs + (now - startedAt) / 2 - retryAfter;
        if (limit > 1 && span > 0) perMs = ((limit - 1) / span) * PACING_MARGIN;
      } else if (perMs !== undefined && startedAt > this.lastSlowdownAt) {
        perMs *= 0.85;
        this.lastSlowdownAt = now;
      }
    } else if (perMs === undefined && resetInMs !== undefined && resetInMs > 0 && limit - remaining > 1) {
      perMs = ((limit - remaining - 1) / resetInMs) * PACING_MARGIN;
    } else if (perMs !== undefined && this.waiters.length > 0 && remaining >= 2 + perMs * (now - startedAt)) {
      // More left than refilled while this call ran, with callers held back: the pace is too slow.
      perMs *= 1.02;
    }
    if (perMs === undefined) return;
    // After a refusal the bucket holds what `retry-after` implies: a whole request once it has passed.
    const tokens =
      report.outcome === 'limited'
        ? Math.max(0, 1 - (retryAfter ?? 0) * perMs)
        : Math.min(limit, remaining, this.refill(now)?.tokens ?? Infinity);
    this.bucket = { capacity: limit, perMs, tokens, at: now };
  }

  /** Pauses new calls while the token window holds less than an average call uses, until that refilled. */
  private watchTokens(window: RateWindow, used: number | undefined, now: number, maxPause: number): void {
    if (used !== undefined && used > 0)
      this.avgTokens = this.avgTokens === undefined ? used : 0.8 * this.avgTokens + 0.2 * used;
    const { limit, remaining, resetInMs } = window;
    const need = this.avgTokens ?? 1;
    if (remaining === undefined || resetInMs === undefined || remaining >= need) return;
    const missing = limit !== undefined ? Math.max(1, limit - remaining) : need;
    const pause = Math.min(maxPause, resetInMs * Math.min(1, (need - remaining) / missing));
    this.pausedUntil = Math.max(this.pausedUntil, now + pause);
  }
}
