// An optional rate limit for the whole simulated API, like the ones every real
// API has (Pipecat Cloud documents none): a token bucket refilled at
// `requestsPerSecond`, holding at most `burst` requests; a request that finds it
// empty gets 429 with Retry-After and changes nothing.

/** A limit on the rate of /v1 requests (`SimulatorOptions.rateLimit`). */
export interface RateLimit {
  /** Requests accepted per second on average (the bucket's refill rate); must be > 0. */
  requestsPerSecond: number;
  /** Requests accepted at once after a quiet spell; default one second's worth. */
  burst?: number;
  /** The Retry-After sent with each 429, in seconds; default 1. */
  retryAfterSeconds?: number;
}

export class RateLimiter {
  private readonly burst: number;
  readonly retryAfterSeconds: number;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    if (!(limit.requestsPerSecond > 0)) throw new TypeError("rateLimit.requestsPerSecond must be a number > 0");
    this.burst = limit.burst ?? Math.max(1, limit.requestsPerSecond);
    if (!(this.burst >= 1)) throw new TypeError("rateLimit.burst must be a number >= 1");
    this.retryAfterSeconds = limit.retryAfterSeconds ?? 1;
    if (!(this.retryAfterSeconds >= 0)) throw new TypeError("rateLimit.retryAfterSeconds must be a number >= 0");
    this.tokens = this.burst;
    this.refilledAt = now();
  }

  /** True when the request may go through (and spends a token). */
  admit(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.refilledAt) * this.limit.requestsPerSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Back to a full bucket (simulator reset). */
  reset(): void {
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }
}
