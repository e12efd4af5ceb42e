/**
 * A provider-side request limit for the mock, off unless `MockAnthropic.start({ rateLimit })` asks for it: a
 * token bucket of `capacity` requests refilled at `refillPerSecond`. Each message call takes one token on
 * arrival; an empty bucket answers 429 `rate_limit_error` at once with `retry-after` (seconds, to the
 * millisecond: when the next token arrives). Every answer carries Anthropic's `anthropic-ratelimit-requests-*`
 * headers (limit, remaining, reset = when the bucket is full again, RFC 3339) as of when it is sent.
 */
export interface MockRateLimit {
  capacity: number;
  refillPerSecond: number;
}

export type BucketVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; headers: Record<string, string>; retryAfterMs: number };

export class RequestBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limit: MockRateLimit,
    now: number,
  ) {
    this.tokens = limit.capacity;
    this.at = now;
  }

  /** Takes a token for a request arriving now; a refusal carries its headers and `retry-after`. */
  take(now: number): BucketVerdict {
    this.refill(now);
    const ok = this.tokens >= 1;
    if (ok) this.tokens -= 1;
    const headers = this.headers();
    if (ok) return { ok, headers };
    const retryAfterMs = Math.ceil((1 - this.tokens) / this.perMs());
    return { ok, retryAfterMs, headers: { ...headers, 'retry-after': (retryAfterMs / 1000).toFixed(3) } };
  }

  /** The headers as of `now`, for an answer sent then (as the API sends them with the response). */
  peek(now: number): Record<string, string> {
    this.refill(now);
    return this.headers();
  }

  private perMs(): number {
    return this.limit.refillPerSecond / 1000;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.limit.capacity, this.tokens + (now - this.at) * this.perMs());
    this.at = now;
  }

  private headers(): Record<string, string> {
    const fullInMs = (this.limit.capacity - this.tokens) / this.perMs();
    return {
      'anthropic-ratelimit-requests-limit': String(this.limit.capacity),
      'anthropic-ratelimit-requests-remaining': String(Math.floor(this.tokens)),
      'anthropic-ratelimit-requests-reset': new Date(Date.now() + fullInMs).toISOString(),
    };
  }
}
