// Poll an agent until the deployment we asked for is ready, has failed, or the
// timeout passes. When to poll is poll-policy.ts: slowly while the deployment is
// far from ready, every second once its revision is Validating.
import type { PipecatClient } from "./client/client";
import { ApiError } from "./client/errors/ApiError";
import { defaultPollPolicy, pollDelayMs, type PollPolicy } from "./poll-policy";
import { interpretStatus, type Readiness } from "./readiness";
import type { AgentDetails } from "./schemas";

export interface WaitOptions {
  client: Pick<PipecatClient, "getAgent">;
  agentName: string;
  /** The create/update response: interpreted first, so a deploy that is already ready costs no poll. */
  initial: AgentDetails;
  timeoutSeconds: number;
  poll?: Partial<PollPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface WaitResult {
  readiness: Readiness | { state: "timeout"; summary: string };
  /** The last snapshot seen: what the outputs should say. */
  agent: AgentDetails;
  polls: number;
}

export async function waitForReady(options: WaitOptions): Promise<WaitResult> {
  const policy = { ...defaultPollPolicy, ...options.poll };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const desired = options.initial.desiredDeploymentId ?? options.initial.activeDeploymentId ?? null;
  const deadline = now() + options.timeoutSeconds * 1000;

  let agent = options.initial;
  let readiness: Readiness = interpretStatus(agent, desired);
  let polls = 0;
  let consecutiveErrors = 0;

  while (readiness.state === "waiting") {
    const remaining = deadline - now();
    if (remaining <= 0) return { readiness: { state: "timeout", summary: readiness.summary }, agent, polls };
    await sleep(Math.min(pollDelayMs(policy, polls, agent, desired), remaining));
    polls++;
    try {
      const latest = await options.client.getAgent(options.agentName);
      if (latest === null) throw new Error(`agent "${options.agentName}" not found while waiting for it`);
      agent = latest;
      consecutiveErrors = 0;
      readiness = interpretStatus(agent, desired);
    } catch (error) {
      // A 4xx other than 404 (bad key, say) will not heal by waiting.
      if (error instanceof ApiError && error.status < 500 && error.status !== 404 && error.status !== 429) throw error;
      if (++consecutiveErrors >= policy.maxConsecutiveErrors) throw error;
    }
  }
  return { readiness, agent, polls };
}
