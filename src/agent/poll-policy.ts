// When to poll a deployment, as data plus one pure function. Before our revision
// validates, readiness is far off: wait 1 s, then twice as long each time, up to
// 5 s (the official CLI's interval). Once it is Validating, its replicas run and
// readiness is imminent: poll every second, so `up` returns within about a
// second of the agent becoming ready.
import { isRevisionOf } from "./readiness";
import type { AgentDetails } from "./schema";

export interface PollPolicy {
  /** Wait before the first poll; each later wait is `factor` times the previous one, up to `maxMs`. */
  initialMs: number;
  factor: number;
  maxMs: number;
  /** Longest wait while our revision is Validating. */
  validatingMs: number;
  /** Failed polls in a row (after the client's own retries) before giving up. */
  maxConsecutiveErrors: number;
  /** Each wait is spread by ± this fraction, so agents created together do not poll in lockstep. */
  jitter: number;
}

export const defaultPollPolicy: PollPolicy = { initialMs: 1_000, factor: 2, maxMs: 5_000, validatingMs: 1_000, maxConsecutiveErrors: 5, jitter: 0.2 };

/** The wait before poll number `n` (0 for the first), given the latest snapshot. */
export function pollDelayMs(policy: PollPolicy, n: number, agent: AgentDetails, desiredDeploymentId: string | null): number {
  const backoff = Math.min(policy.maxMs, policy.initialMs * policy.factor ** n);
  return isValidating(agent, desiredDeploymentId) ? Math.min(backoff, policy.validatingMs) : backoff;
}

/** The operator has picked up our deployment and its revision is Validating. */
export function isValidating(agent: AgentDetails, desiredDeploymentId: string | null): boolean {
  const revision = agent.currentRevision;
  if (revision?.phase !== "Validating") return false;
  if (desiredDeploymentId === null) return true;
  return agent.reconciledDeploymentId === desiredDeploymentId && isRevisionOf(revision, desiredDeploymentId);
}
