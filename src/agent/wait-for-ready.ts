// Poll an agent until the deployment we asked for is ready, has failed, or the
// timeout passes. When to poll is poll-policy.ts: slowly while the deployment is
// far from ready, every second once its revision is Validating.
import type { AgentsApi } from "./api";
import { pollUntil } from "../core/poll";
import { defaultPollPolicy, pollDelayMs, type PollPolicy } from "./poll-policy";
import { interpretStatus, type Readiness } from "./readiness";
import type { AgentDetails } from "./schema";

export interface WaitOptions {
  client: Pick<AgentsApi, "getAgent">;
  agentName: string;
  /** The create/update response: interpreted first, so a deploy that is already ready costs no poll. */
  initial: AgentDetails;
  timeoutSeconds: number;
  poll?: Partial<PollPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /**
   * Judges the first snapshot polled, the write's read-back (one GET is both): an error it
   * returns ends the wait at once, as `{ state: "refused" }`.
   */
  verifyFirst?: (agent: AgentDetails) => Error | undefined;
}

export interface WaitResult {
  readiness: Readiness | { state: "timeout"; summary: string } | { state: "refused"; error: Error };
  /** The last snapshot seen: what the outputs should say. */
  agent: AgentDetails;
  polls: number;
}

export async function waitForReady(options: WaitOptions): Promise<WaitResult> {
  const policy = { ...defaultPollPolicy, ...options.poll };
  const desired = options.initial.desiredDeploymentId ?? options.initial.activeDeploymentId ?? null;
  let verify = options.verifyFirst;
  let refusal: Error | undefined;
  const result = await pollUntil({
    initial: options.initial,
    read: async () => {
      const latest = await options.client.getAgent(options.agentName);
      if (latest === null) throw new Error(`agent "${options.agentName}" not found while waiting for it`);
      refusal = verify?.(latest);
      verify = undefined;
      return latest;
    },
    settled: (agent) => refusal !== undefined || interpretStatus(agent, desired).state !== "waiting",
    delayMs: (n, agent) => pollDelayMs(policy, n, agent, desired),
    timeoutSeconds: options.timeoutSeconds,
    maxConsecutiveErrors: policy.maxConsecutiveErrors,
    jitter: policy.jitter,
    random: options.random,
    sleep: options.sleep,
    now: options.now,
  });
  if (refusal) return { readiness: { state: "refused", error: refusal }, agent: result.latest, polls: result.polls };
  const readiness = interpretStatus(result.latest, desired);
  if (!result.settled) return { readiness: { state: "timeout", summary: readiness.summary }, agent: result.latest, polls: result.polls };
  return { readiness, agent: result.latest, polls: result.polls };
}
