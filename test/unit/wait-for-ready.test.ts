import { describe, expect, it } from "vitest";
import { defaultPollPolicy, isValidating, pollDelayMs, type PollPolicy } from "../../src/agent/poll-policy";
import type { AgentDetails } from "../../src/agent/schema";
import { waitForReady } from "../../src/agent/wait-for-ready";

const D1 = "11111111-1111-4111-8111-111111111111";
const D2 = "22222222-2222-4222-8222-222222222222";

function agent(fields: Partial<AgentDetails> = {}): AgentDetails {
  return { name: "my-agent", region: "us-west", ready: false, available: false, desiredDeploymentId: D1, reconciledDeploymentId: null, ...fields };
}
const revision = (deploymentID: string, phase: string) => ({ deploymentID, phase, readyReplicas: 0 });
const creating = agent({ reconciledDeploymentId: D1, currentRevision: revision(D1, "Creating") });
const validating = agent({ reconciledDeploymentId: D1, currentRevision: revision(D1, "Validating") });
const ready = agent({ reconciledDeploymentId: D1, ready: true, available: true, currentRevision: { ...revision(D1, "Active"), readyReplicas: 1 } });

describe("isValidating", () => {
  it.each<[string, AgentDetails, string | null, boolean]>([
    ["operator has not picked up the deployment", agent(), D1, false],
    ["our revision is Creating", creating, D1, false],
    ["our revision is Validating", validating, D1, true],
    ["update: the old deployment's revision is Validating, ours not reconciled", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D1, currentRevision: revision(D1, "Validating") }), D2, false],
    ["update: our new revision is Validating", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D2, currentRevision: revision(D2, "Validating") }), D2, true],
    ["no desired id known: the phase alone", validating, null, true],
  ])("%s → %s", (_name, snapshot, desired, expected) => {
    expect(isValidating(snapshot, desired)).toBe(expected);
  });
});

describe("pollDelayMs", () => {
  it("backs off 1 s, 2 s, 4 s, then every 5 s while the deployment is far from ready", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => pollDelayMs(defaultPollPolicy, n, creating, D1))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("polls every second once our revision is Validating, never slower than the backoff", () => {
    expect([0, 1, 2, 10].map((n) => pollDelayMs(defaultPollPolicy, n, validating, D1))).toEqual([1000, 1000, 1000, 1000]);
    const fast: PollPolicy = { ...defaultPollPolicy, initialMs: 25, maxMs: 100 };
    expect([0, 1, 5].map((n) => pollDelayMs(fast, n, validating, D1))).toEqual([25, 50, 100]);
  });
});

describe("waitForReady", () => {
  it("waits as the policy says for the phase each poll reported, and counts polls", async () => {
    const answers = [creating, creating, validating, validating, ready];
    const sleeps: number[] = [];
    let now = 0;
    const result = await waitForReady({
      client: { getAgent: async () => answers.shift()! },
      agentName: "my-agent",
      initial: agent(),
      timeoutSeconds: 600,
      sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
      now: () => now,
      random: () => 0.5, // the middle of the jitter: the policy's own waits
    });
    expect(result.readiness.state).toBe("ready");
    expect(result.polls).toBe(5);
    expect(sleeps).toEqual([1000, 2000, 4000, 1000, 1000]);
  });

  it("spreads each wait by ±20 % so agents created together do not poll in lockstep", async () => {
    const waits = async (r: number) => {
      const answers = [creating, validating, ready];
      const sleeps: number[] = [];
      let now = 0;
      await waitForReady({
        client: { getAgent: async () => answers.shift()! }, agentName: "my-agent", initial: agent(), timeoutSeconds: 600,
        sleep: async (ms) => void (sleeps.push(ms), (now += ms)), now: () => now, random: () => r,
      });
      return sleeps;
    };
    expect(await waits(0)).toEqual([800, 1600, 800]);
    expect(await waits(0.75)).toEqual([1100, 2200, 1100]);
  });
  it("the first poll is the write's read-back: it is judged once, and a refusal ends the wait at once", async () => {
    const judged: AgentDetails[] = [];
    const answers = [creating, validating, ready];
    let now = 0;
    const run = (refuse: boolean) =>
      waitForReady({
        client: { getAgent: async () => answers.shift()! }, agentName: "my-agent", initial: agent(), timeoutSeconds: 600,
        sleep: async (ms) => void (now += ms), now: () => now, random: () => 0.5,
        verifyFirst: (snapshot) => (judged.push(snapshot), refuse ? new Error("not applied") : undefined),
      });
    const accepted = await run(false);
    expect(accepted.readiness.state).toBe("ready");
    expect(accepted.polls).toBe(3);
    expect(judged).toEqual([creating]);

    answers.push(creating, validating, ready);
    judged.length = 0;
    const refused = await run(true);
    expect(refused.readiness).toEqual({ state: "refused", error: new Error("not applied") });
    expect(refused.polls).toBe(1);
    expect(answers).toHaveLength(2); // nothing polled after the refusal
  });
});
