// How fast one host process talks to one API origin. `pulumi up` runs every
// resource at once, and every resource shares the same rate limit upstream, so
// the pace is kept per process and origin, not per client: a token bucket
// (a burst, then a steady rate) that halves its rate when the API answers 429
// and grows back while requests go through (additive increase, multiplicative
// decrease). The throttled request itself waits the Retry-After the API asked
// for, plus jitter. Policy as data; time and randomness are injected.

export interface PacingPolicy {
  /** Requests per second at start. */
  initialRate: number;
  /** Never slower than this, never faster than that. */
  minRate: number;
  maxRate: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
  /** On a 429 the rate is multiplied by this, at most once per `decreaseCooldownMs`. */
  decreaseFactor: number;
  /** A burst of 429s answers one burst of requests: it slows the host once. */
  decreaseCooldownMs: number;
  /** While requests go through, the rate grows by this many requests/s every second. */
  recoveryPerSecond: number;
  /** A retry waits Retry-After plus up to this fraction of it more (0.5 = up to +50 %), so retries do not arrive together. */
  retryAfterJitter: number;
}

export const defaultPacingPolicy: PacingPolicy = {
  initialRate: 40,
  minRate: 1,
  maxRate: 100,
  burst: 5,
  decreaseFactor: 0.5,
  decreaseCooldownMs: 1_000,
  recoveryPerSecond: 10,
  retryAfterJitter: 0.5,
};

export interface PacerSeams {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The wait before retrying a 429: the Retry-After asked for, plus jitter. */
export function throttledRetryDelayMs(policy: PacingPolicy, retryAfterMs: number, random: () => number): number {
  return Math.round(retryAfterMs * (1 + policy.retryAfterJitter * random()));
}

export class Pacer {
  readonly policy: PacingPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private rateNow: number;
  private tokens: number;
  private refilledAt: number;
  private grownAt: number;
  private lastDecreaseAt = -Infinity;
  /** Requests waiting for a token, first come first served. */
  private readonly queue: Array<() => void> = [];
  private pumping = false;
  /** 429s seen: for error messages and the benchmark. */
  throttled = 0;
  /** Requests let through, and how many of them had to wait for a token: what the pacer did, for tests and the benchmark. */
  acquired = 0;
  queued = 0;

  constructor(policy: Partial<PacingPolicy> = {}, seams: PacerSeams = {}) {
    this.policy = { ...defaultPacingPolicy, ...policy };
    this.now = seams.now ?? Date.now;
    this.sleep = seams.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = seams.random ?? Math.random;
    this.rateNow = this.policy.initialRate;
    this.tokens = this.policy.burst;
    this.refilledAt = this.grownAt = this.now();
  }

  /** Requests per second currently allowed. */
  get rate(): number {
    return this.rateNow;
  }

  /** Resolves when the next request may be sent. */
  acquire(): Promise<void> {
    this.acquired++;
    if (this.queue.length === 0 && this.take() === 0) return Promise.resolve();
    this.queued++;
    return new Promise((resolve) => {
      this.queue.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /** Lets the queue out one token at a time, at the rate of the moment (it may change while they wait). */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const wait = this.take();
        if (wait > 0) await this.sleep(wait);
        else this.queue.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Takes a token and returns 0, or returns how long until one is there (ms). */
  private take(): number {
    const now = this.now();
    this.tokens = Math.min(this.policy.burst, this.tokens + (Math.max(0, now - this.refilledAt) * this.rateNow) / 1000);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rateNow));
  }

  /** A request went through: recover towards the ceiling (only while busy: a quiet spell proves nothing). */
  succeeded(): void {
    const now = this.now();
    const elapsed = Math.min(1000, Math.max(0, now - this.grownAt));
    this.grownAt = now;
    this.rateNow = Math.min(this.policy.maxRate, this.rateNow + (this.policy.recoveryPerSecond * elapsed) / 1000);
  }

  /** The API said 429: slow the whole host down, once per burst of 429s. */
  throttle(): void {
    const now = this.now();
    this.throttled++;
    this.grownAt = now;
    if (now - this.lastDecreaseAt >= this.policy.decreaseCooldownMs) {
      this.lastDecreaseAt = now;
      this.rateNow = Math.max(this.policy.minRate, this.rateNow * this.policy.decreaseFactor);
    }
  }

  /** The wait before retrying a 429 that asked for `retryAfterMs`. */
  retryDelayMs(retryAfterMs: number): number {
    return throttledRetryDelayMs(this.policy, retryAfterMs, this.random);
  }
}

// One pacer per origin for the whole process: every client, provider instance
// and resource kind in a provider host shares it.
const shared = new Map<string, Pacer>();

export function sharedPacer(origin: string): Pacer {
  let pacer = shared.get(origin);
  if (pacer === undefined) {
    pacer = new Pacer();
    shared.set(origin, pacer);
  }
  return pacer;
}
