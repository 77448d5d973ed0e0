// When to retry, and how long to wait: data, so it can be read, tuned and tested
// without a clock.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff: baseDelayMs · 2^(retry − 1), capped at maxDelayMs, then ± jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of the delay that is randomized (0 = none, 0.5 = ±50 %). */
  jitter: number;
  /** A longer Retry-After than this is not waited out: the request fails and says so. */
  maxRetryAfterMs: number;
  /** Statuses retried for requests that are safe to repeat. */
  statuses: readonly number[];
  /** Statuses that mean the server did not act, so even a create is retried. */
  unprocessedStatuses: readonly number[];
  /** Network error codes retried for requests that are safe to repeat. */
  errorCodes: readonly string[];
  /** Network error codes that mean the request never reached the server: retried for any request. */
  unsentErrorCodes: readonly string[];
  /** A 409 for a secret set that is still provisioning is retried this long, every conflictDelayMs. */
  conflictWaitMs: number;
  conflictDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  jitter: 0.2,
  maxRetryAfterMs: 60_000,
  statuses: [408, 429, 500, 502, 503, 504],
  unprocessedStatuses: [429],
  errorCodes: ["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"],
  // EMFILE/ENFILE/EADDRNOTAVAIL: no socket could be opened, so nothing was sent; a moment later one may be.
  unsentErrorCodes: ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EMFILE", "ENFILE", "EADDRNOTAVAIL"],
  conflictWaitMs: 120_000,
  conflictDelayMs: 3_000,
};

/** Delay before retry number `retry` (1 for the first retry). */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const spread = exponential * policy.jitter;
  return Math.max(0, Math.round(exponential - spread + 2 * spread * random()));
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
