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
  const deadline = now() + options.timeoutSeconds * 1000;

  let latest = options.initial;
  let polls = 0;
  let consecutiveErrors = 0;
  while (!options.settled(latest)) {
    const remaining = deadline - now();
    if (remaining <= 0) return { latest, settled: false, polls };
    await sleep(Math.min(options.delayMs(polls, latest), remaining));
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

/** A 4xx other than 404 and 429 (a bad key, say) will not heal by waiting: stop at once. */
export function mayHeal(error: unknown): boolean {
  return !(error instanceof ApiError && error.status < 500 && error.status !== 404 && error.status !== 429);
}
