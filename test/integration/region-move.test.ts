// The checks a region move runs before deleting the running agent, each on its own:
// a set of the wrong kind, a set that failed, a set that stays pending past the
// bound, failed polls of the set list while waiting (two in a row tolerated, three
// not), and a move forgotten when a later diff no longer moves. Each ends before any
// DELETE, with the agent still in its old region. Injected clocks for the waits.
// (test/integration/agent-truthful.test.ts covers sets and builds in the old region.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PipecatAgentProvider, ProviderOptions } from "../../src/agent/provider";
import { agentProvider, checked } from "../helpers/agent-provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_region_move_key_0123456789";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    // A set PUT during a test stays pending for the whole test.
    timings: { reconcileMs: 20, validatingMs: 40, readyMs: 80, secretReadyMs: 600_000 },
    secretSets: [
      { name: "us-secrets", secrets: { A: "x" } },
      { name: "eu-secrets", region: "eu-central", secrets: { A: "x" } },
      { name: "eu-registry", region: "eu-central", type: "imagePullSecret" },
      // The simulator fails to provision a set holding this marker value.
      { name: "eu-broken", region: "eu-central", secrets: { A: "provision-fail" } },
    ],
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

/** A fake clock for the preflight's wait; `onSleep` runs before each poll. */
function fakeClock(onSleep: (n: number) => void = () => {}) {
  let now = 0;
  let sleeps = 0;
  return { now: () => now, sleep: async (ms: number) => void (onSleep(++sleeps), (now += ms)) };
}

function provider(options: ProviderOptions = {}): Promise<PipecatAgentProvider> {
  return agentProvider({ "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url }, { poll: { initialMs: 10, maxMs: 30 }, warn: () => {}, ...options });
}

const us = { agentName: "my-agent", image: "acme/bot:1", region: "us-west", secretSet: "us-secrets" };

/** The engine's delete-before-replace: diff, then delete the old agent (where the checks run), then create. */
async function move(p: PipecatAgentProvider, outs: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = await checked(p, { ...news, allowRegionMoveDowntime: true }, outs);
  expect(await p.diff("my-agent", outs, inputs)).toMatchObject({ replaces: ["region"], deleteBeforeReplace: true });
  await p.delete("my-agent", outs);
  return p.create(inputs);
}

function expectNothingDeleted() {
  expect(sim.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["my-agent", "us-west"]]);
}

const listPolls = () => sim.requests.filter((r) => r.method === "GET" && r.path === "/v1/secrets").length;

async function putPendingSet(name: string) {
  const res = await fetch(`${sim.url}/v1/secrets/${name}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ region: "eu-central", secrets: [{ secretKey: "A", secretValue: "b" }] }),
  });
  expect(res.status).toBeLessThan(300);
}

describe("a region move stops before deleting anything when the new region's set", () => {
  it.each([
    ["is an image pull secret named as secretSet", { secretSet: "eu-registry" }, /secretSet "eu-registry" is of type imagePullSecret, not secret/],
    ["is a secret set named as imagePullSecretSet", { secretSet: "eu-secrets", imagePullSecretSet: "eu-broken" }, /imagePullSecretSet "eu-broken" is of type secret, not imagePullSecret/],
    ["failed to provision", { secretSet: "eu-broken" }, /secretSet "eu-broken" in "eu-central" is failed \(Failed to provision secret set 'eu-broken'.*\), not ready/],
  ])("%s", async (_name, change, reason) => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const error = await move(p, outs, { ...us, region: "eu-central", ...change }).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_REGION_MOVE");
    expect(error.message).toMatch(/was stopped before deleting the running agent/);
    expect(error.message).toMatch(reason);
    expectNothingDeleted();
  });

  it("stays pending past the bound: it waits (polling the list), then stops", async () => {
    await putPendingSet("eu-fresh");
    const clock = fakeClock();
    const p = await provider({ preflight: { pendingTimeoutSeconds: 10, ...clock } });
    const { outs } = await p.create(await checked(p, us));
    const error = await move(p, outs, { ...us, region: "eu-central", secretSet: "eu-fresh" }).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_REGION_MOVE");
    expect(error.message).toMatch(/secretSet "eu-fresh" in "eu-central" is pending, not ready: wait for it/);
    expect(clock.now()).toBeGreaterThanOrEqual(10_000); // it waited the whole bound
    expect(listPolls()).toBeGreaterThan(5);
    expectNothingDeleted();
  });

  it("waits 60 s by default", async () => {
    await putPendingSet("eu-fresh");
    const clock = fakeClock();
    const p = await provider({ preflight: clock });
    const { outs } = await p.create(await checked(p, us));
    await expect(move(p, outs, { ...us, region: "eu-central", secretSet: "eu-fresh" })).rejects.toMatchObject({ code: "PIPECAT_ERR_REGION_MOVE" });
    expect(clock.now()).toBe(60_000);
  });
});

describe("failed polls of the set list while waiting for a pending set", () => {
  // One attempt per request: each injected failure is one failed poll.
  const run = async (failuresInARow: number) => {
    await putPendingSet("eu-fresh");
    const clock = fakeClock((n) => {
      if (n === 2) sim.faults.add({ method: "GET", path: "/v1/secrets", times: failuresInARow, fault: { kind: "status", status: 503, body: { error: "Service unavailable" } } });
    });
    const p = await provider({ client: { retry: { attempts: 1 } }, preflight: { pendingTimeoutSeconds: 20, ...clock } });
    const { outs } = await p.create(await checked(p, us));
    const error = await move(p, outs, { ...us, region: "eu-central", secretSet: "eu-fresh" }).catch((e) => e);
    expectNothingDeleted();
    return error;
  };

  it("two in a row are tolerated: the wait goes on to its bound", async () => {
    const error = await run(2);
    expect(error.code).toBe("PIPECAT_ERR_REGION_MOVE");
    expect(error.message).toMatch(/is pending, not ready/);
  });

  it("the third in a row stops the move with the API's error", async () => {
    const error = await run(3);
    expect(error).toMatchObject({ code: "PIPECAT_ERR_API", status: 503 });
  });
});

describe("the checks run only for the move diff() allowed", () => {
  it("a later diff that no longer moves forgets the move: destroy deletes without checks", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const moving = await checked(p, { ...us, region: "eu-central", secretSet: "nowhere", allowRegionMoveDowntime: true }, outs);
    expect(await p.diff("my-agent", outs, moving)).toMatchObject({ deleteBeforeReplace: true });
    expect(await p.diff("my-agent", outs, await checked(p, us, outs))).toMatchObject({ replaces: [] });
    await p.delete("my-agent", outs);
    expect(sim.agents()).toEqual([]);
    expect(listPolls()).toBe(0);
  });

  it("a move is checked once: a delete retried after the checks passed does not check again", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const moving = await checked(p, { ...us, region: "eu-central", secretSet: "eu-secrets", allowRegionMoveDowntime: true }, outs);
    await p.diff("my-agent", outs, moving);
    await p.delete("my-agent", outs);
    expect(listPolls()).toBe(1);
    await p.delete("my-agent", outs); // already gone counts as deleted
    expect(listPolls()).toBe(1);
  });
});
