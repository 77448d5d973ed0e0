// Polling a remote status until it settles: one loop for every resource that
// waits on Pipecat Cloud (an agent's deployment, a secret set's provisioning, a
// cloud build). What "settled" means and how long to wait between polls are the
// caller's; the deadline and the tolerance for failing polls live here.
import { ApiError } from "../client/errors/ApiError";

export interface PollOptions<T> {
  /** The snapshot already in hand (a create's answer): judged first, so a settled one costs no poll. */
  initial: T;
  /** Reads a fresh snapshot; throw to report a failed poll. */
  read: () => Promise<T>;
  settled: (snapshot: T) => boolean;
  /** The wait before poll number `n` (0 for the first), given the latest snapshot. */
  delayMs: (n: number, latest: T) => number;
  /**
   * Each wait is spread by ± this fraction (default 0.2), so resources created
   * together do not poll in lockstep (N agents, one rate limit).
   */
  jitter?: number;
  random?: () => number;
  timeoutSeconds: number;
  /** Failed polls in a row (after the client's own retries) before giving up. */
  maxConsecutiveErrors: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PollResult<T> {
  /** The last snapshot seen. */
  latest: T;
  /** False when the deadline passed first. */
  settled: boolean;
  polls: number;
}

export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? DEFAULT_POLL_JITTER;
  const deadline = now() + options.timeoutSeconds * 1000;

  let latest = options.initial;
  let polls = 0;
  let consecutiveErrors = 0;
  while (!options.settled(latest)) {
    const remaining = deadline - now();
    if (remaining <= 0) return { latest, settled: false, polls };
    await sleep(Math.min(jittered(options.delayMs(polls, latest), jitter, random()), remaining));
    polls++;
    try {
      latest = await options.read();
      consecutiveErrors = 0;
    } catch (error) {
      if (!mayHeal(error) || ++consecutiveErrors >= options.maxConsecutiveErrors) throw error;
    }
  }
  return { latest, settled: true, polls };
}

export const DEFAULT_POLL_JITTER = 0.2;

/** `delay` spread uniformly over ± `jitter` of itself; `r` in [0, 1). */
export function jittered(delay: number, jitter: number, r: number): number {
  return Math.max(0, Math.round(delay * (1 - jitter + 2 * jitter * r)));
}

/** A 4xx other than 404 and 429 (a bad key, say) will not heal by waiting: stop at once. */
export function mayHeal(error: unknown): boolean {
  return !(error instanceof ApiError && error.status < 500 && error.status !== 404 && error.status !== 429);
}
