// How many failed polls in a row each wait tolerates, and that a good poll starts
// the count again: the shared loop (core/poll.ts), an agent's readiness wait
// (default 5, or the policy's) and a secret set's (default 5). Injected clocks,
// no real waiting.
import { describe, expect, it } from "vitest";
import type { AgentDetails } from "../../src/agent/schema";
import { waitForReady } from "../../src/agent/wait-for-ready";
import { ApiError } from "../../src/client/errors/ApiError";
import { NetworkError } from "../../src/client/errors/NetworkError";
import { pollUntil } from "../../src/core/poll";
import { waitForSetReady } from "../../src/secret-common/wait-for-ready";

const D1 = "11111111-1111-4111-8111-111111111111";
const pending: AgentDetails = { name: "my-agent", ready: false, desiredDeploymentId: D1, reconciledDeploymentId: null };
const ready: AgentDetails = { name: "my-agent", ready: true, available: true, desiredDeploymentId: D1, reconciledDeploymentId: D1, currentRevision: { deploymentID: D1, phase: "Active", readyReplicas: 1 } };
const networkError = () => new NetworkError("GET", "/v1/agents/my-agent", false, Object.assign(new Error("ECONNRESET"), { code: "ECONNRESET" }));

/** A fake clock: sleeping moves it on, nothing waits. */
function clock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

/** Answers in order: "error" throws a network failure, anything else is returned. */
function script<T>(answers: Array<T | "error">) {
  let reads = 0;
  return {
    read: async (): Promise<T> => {
      const answer = answers[reads++];
      if (answer === undefined) throw new Error("read past the script");
      if (answer === "error") throw networkError();
      return answer;
    },
    reads: () => reads,
  };
}

describe("pollUntil counts failed polls in a row", () => {
  const run = (answers: Array<string | "error">, maxConsecutiveErrors: number) => {
    const s = script(answers);
    const result = pollUntil({ initial: "waiting", read: s.read, settled: (x) => x === "done", delayMs: () => 1_000, timeoutSeconds: 3_600, maxConsecutiveErrors, ...clock() });
    return { result, reads: s.reads };
  };

  it("one fewer than the limit, then a good poll: polling goes on", async () => {
    const { result, reads } = run(["error", "error", "error", "done"], 4);
    await expect(result).resolves.toMatchObject({ latest: "done", settled: true, polls: 4 });
    expect(reads()).toBe(4);
  });

  it("a good poll starts the count again: failures apart never add up", async () => {
    const answers = ["error", "error", "error", "waiting", "error", "error", "error", "waiting", "error", "error", "error", "done"];
    await expect(run(answers, 4).result).resolves.toMatchObject({ latest: "done", polls: 12 });
  });

  it("the limit in a row after a good poll ends it, with the last error", async () => {
    const { result, reads } = run(["error", "waiting", "error", "error", "error", "error", "done"], 4);
    await expect(result).rejects.toBeInstanceOf(NetworkError);
    expect(reads()).toBe(6);
  });
});

describe("an agent's readiness wait", () => {
  const wait = (answers: Array<AgentDetails | null | "error">, poll?: { maxConsecutiveErrors: number }) => {
    const s = script(answers);
    const result = waitForReady({ client: { getAgent: s.read }, agentName: "my-agent", initial: pending, timeoutSeconds: 600, random: () => 0.5, poll, ...clock() });
    return { result, reads: s.reads };
  };

  it("tolerates 4 failed polls in a row by default", async () => {
    const { result } = wait(["error", "error", "error", "error", ready]);
    await expect(result).resolves.toMatchObject({ readiness: { state: "ready" }, polls: 5 });
  });

  it("the 5th in a row ends it", async () => {
    const { result, reads } = wait(["error", "error", "error", "error", "error", ready]);
    await expect(result).rejects.toBeInstanceOf(NetworkError);
    expect(reads()).toBe(5);
  });

  it("failures between good polls never add up", async () => {
    const { result } = wait(["error", "error", "error", "error", pending, "error", "error", "error", "error", ready]);
    await expect(result).resolves.toMatchObject({ readiness: { state: "ready" }, polls: 10 });
  });

  it("follows the policy's maxConsecutiveErrors", async () => {
    const { result, reads } = wait(["error", "error", ready], { maxConsecutiveErrors: 2 });
    await expect(result).rejects.toBeInstanceOf(NetworkError);
    expect(reads()).toBe(2);
    await expect(wait(["error", "error", ready], { maxConsecutiveErrors: 3 }).result).resolves.toMatchObject({ readiness: { state: "ready" } });
  });

  it("an agent missing while waiting counts as a failed poll (it may be the API's lag)", async () => {
    await expect(wait([null, null, ready]).result).resolves.toMatchObject({ readiness: { state: "ready" } });
    await expect(wait([null, null, null, null, null]).result).rejects.toThrow(/agent "my-agent" not found while waiting for it/);
  });

  it("a refused key (401) ends it at once", async () => {
    let reads = 0;
    const result = waitForReady({
      client: { getAgent: async () => (reads++, Promise.reject(new ApiError("GET", "/v1/agents/my-agent", 401, "UNAUTHORIZED", "Unauthorized"))) },
      agentName: "my-agent", initial: pending, timeoutSeconds: 600, ...clock(),
    });
    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(reads).toBe(1);
  });
});

describe("a secret set's wait", () => {
  const wait = (answers: Array<{ status: string } | null | "error">, poll?: { maxConsecutiveErrors: number }) => {
    const s = script(answers);
    const result = waitForSetReady({ setName: "my-secrets", read: s.read, timeoutSeconds: 300, poll, ...clock() });
    return { result, reads: s.reads };
  };

  it("tolerates 4 failed polls in a row by default; the 5th ends it", async () => {
    await expect(wait(["error", "error", "error", "error", { status: "ready" }]).result).resolves.toEqual({ status: "ready" });
    const { result, reads } = wait(["error", "error", "error", "error", "error", { status: "ready" }]);
    await expect(result).rejects.toBeInstanceOf(NetworkError);
    expect(reads()).toBe(5);
  });

  it("failures between good polls never add up", async () => {
    const answers = ["error", "error", "error", "error", { status: "pending" }, "error", "error", "error", "error", { status: "ready" }] as const;
    await expect(wait([...answers]).result).resolves.toEqual({ status: "ready" });
  });

  it("follows the policy's maxConsecutiveErrors", async () => {
    await expect(wait(["error", { status: "ready" }], { maxConsecutiveErrors: 1 }).result).rejects.toBeInstanceOf(NetworkError);
  });

  it("a set that vanished counts as a failed poll", async () => {
    await expect(wait([null, { status: "ready" }]).result).resolves.toEqual({ status: "ready" });
    await expect(wait([null, null, null, null, null]).result).rejects.toThrow(/secret set "my-secrets" vanished while waiting/);
  });
});
