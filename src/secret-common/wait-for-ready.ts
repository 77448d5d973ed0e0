// Wait until a secret set leaves `pending`: one policy for both kinds, on the shared polling loop.
import { SecretSetNotReadyError } from "../client/errors/SecretSetNotReadyError";
import { pollUntil } from "../core/poll";

export interface SetSnapshot {
  /** pending | ready | failed; none: usable now; any other value: not ready yet. */
  status?: string | null;
  errorMessage?: string | null;
}

export interface SetPollPolicy {
  /** Wait before the first poll; doubled each time up to maxMs. Sets provision in seconds. */
  initialMs: number;
  maxMs: number;
  maxConsecutiveErrors: number;
}

export const defaultSetPollPolicy: SetPollPolicy = { initialMs: 500, maxMs: 3_000, maxConsecutiveErrors: 5 };

export interface WaitForSetOptions<T extends SetSnapshot> {
  setName: string;
  /** Reads the set; null when it vanished. */
  read: () => Promise<T | null>;
  timeoutSeconds: number;
  poll?: Partial<SetPollPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The ready snapshot; throws SecretSetNotReadyError on `failed` or when time runs out. */
export async function waitForSetReady<T extends SetSnapshot>(options: WaitForSetOptions<T>): Promise<T> {
  const policy = { ...defaultSetPollPolicy, ...options.poll };
  const read = async (): Promise<T> => {
    const set = await options.read();
    if (set === null) throw new Error(`secret set "${options.setName}" vanished while waiting for it to become ready`);
    return set;
  };
  // A PUT answers 202 before the set is pending: the first look is a poll, not the answer.
  const result = await pollUntil<T | undefined>({
    initial: undefined,
    read,
    settled: (set) => set !== undefined && (set.status === undefined || set.status === null || set.status === "ready" || set.status === "failed"),
    delayMs: (n) => (n === 0 ? 0 : Math.min(policy.maxMs, policy.initialMs * 2 ** (n - 1))),
    timeoutSeconds: options.timeoutSeconds,
    maxConsecutiveErrors: policy.maxConsecutiveErrors,
    sleep: options.sleep,
    now: options.now,
  });
  const latest = result.latest;
  if (latest === undefined || !result.settled) {
    throw new SecretSetNotReadyError(options.setName, "pending", undefined, options.timeoutSeconds, latest?.status ?? "pending");
  }
  if (latest.status === "failed") throw new SecretSetNotReadyError(options.setName, "failed", latest.errorMessage ?? undefined, options.timeoutSeconds);
  return latest;
}

/** A set as the provider records it: what the answer left out filled from what is known (its region), a missing status as ready. */
export function knownSet<T extends { region?: string | null; status?: string | null }>(set: T, region: string): T & { region: string; status: string } {
  return { ...set, region: set.region ?? region, status: set.status ?? "ready" };
}
