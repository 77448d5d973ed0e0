// The fault matrix: every fault the simulator can inject, against every provider
// operation, once (transient) and on every request (persistent). After each case,
// state must be true: every agent that exists upstream is in state, nothing was
// created twice, and the operation either succeeded or failed with an error a
// person can act on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PipecatAgentProvider } from "../../src/agent/provider";
import { startSimulator, type Fault, type Simulator } from "../../src/simulator";

const KEY = "pk_fault_matrix_key_5b1e";
const AGENT = "my-agent";
const inputs = { agentName: AGENT, image: "acme/bot:1", secretSet: "my-agent-secrets" };

let sim: Simulator;
const retryDelays: number[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { reconcileMs: 20, validatingMs: 40, readyMs: 80, failMs: 60, drainingMs: 40 },
    secretSets: [{ name: "my-agent-secrets" }],
  });
});
afterAll(() => sim.close());

async function provider(now?: () => number, sleep?: (ms: number) => Promise<void>) {
  const p = new PipecatAgentProvider({
    env: {},
    poll: { initialMs: 10, maxMs: 30 },
    now,
    sleep,
    client: {
      timeouts: { connectMs: 1_000, headersMs: 300, bodyMs: 300 },
      // Retry waits are recorded, not waited: the matrix checks behaviour, not the clock.
      sleep: async (ms) => void retryDelays.push(ms),
    },
  });
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

async function checked(p: PipecatAgentProvider, news: Record<string, unknown>) {
  const result = await p.check({}, { ...news, __provider: "code" });
  return { ...result.inputs, __provider: "code" } as Record<string, unknown>;
}

type Op = "create" | "update" | "read" | "delete";
type Outcome = "ok" | `PIPECAT_ERR_${string}`;

/** What a Pulumi engine keeps after each outcome (see the dynamic provider contract). */
async function runOp(op: Op, p: PipecatAgentProvider, state: Map<string, Record<string, unknown>>, news: Record<string, unknown>): Promise<{ outcome: Outcome; error?: Error }> {
  try {
    if (op === "create") {
      const { id, outs } = await p.create(news);
      state.set(id, outs!);
    } else if (op === "update") {
      const { outs } = await p.update(AGENT, state.get(AGENT)!, news);
      state.set(AGENT, outs!);
    } else if (op === "read") {
      const read = await p.read(AGENT, state.get(AGENT)!);
      if (read.id) state.set(read.id, read.props!);
      else state.delete(AGENT);
    } else {
      await p.delete(AGENT, state.get(AGENT)!);
      state.delete(AGENT);
    }
    return { outcome: "ok" };
  } catch (error) {
    const e = error as Error & { code?: string; id?: string; properties?: Record<string, unknown> };
    if (e.id) state.set(e.id, e.properties!); // an init failure: Pulumi records the resource
    return { outcome: (e.code ?? "UNCODED") as Outcome, error: e };
  }
}

const pathOf = (op: Op) => (op === "create" ? "/v1/agents" : `/v1/agents/${AGENT}`);
const methodOf = (op: Op) => ({ create: "POST", update: "POST", read: "GET", delete: "DELETE" })[op];

const FAULTS: Record<string, Fault> = {
  "429 Retry-After: 1": { kind: "status", status: 429, retryAfter: "1", body: { error: "Rate limit exceeded", code: "429" } },
  "500": { kind: "status", status: 500, body: { error: "Internal server error", code: "INTERNAL_SERVER_ERROR" } },
  "502": { kind: "status", status: 502, body: "<html>502 Bad Gateway</html>" },
  "503": { kind: "status", status: 503, body: { error: "Service unavailable", code: "503" } },
  "reset before processing": { kind: "reset", when: "before" },
  "reset after processing": { kind: "reset", when: "after" },
  // Far beyond the 300 ms timeouts: undici checks them on a ~0.5 s tick.
  "slow beyond the timeout": { kind: "delay", ms: 2_000 },
  "malformed JSON": { kind: "malformed" },
  "wrong field types": { kind: "invalid-shape" },
};

// Expected outcome per fault and operation: [once, on every request].
const ERR_API = "PIPECAT_ERR_API", ERR_NET = "PIPECAT_ERR_NETWORK", ERR_TIME = "PIPECAT_ERR_TIMEOUT", ERR_BODY = "PIPECAT_ERR_INVALID_RESPONSE";
const EXPECTED: Record<string, Record<Op, [Outcome, Outcome]>> = {
  "429 Retry-After: 1": { create: ["ok", ERR_API], update: ["ok", ERR_API], read: ["ok", ERR_API], delete: ["ok", ERR_API] },
  "500": { create: ["ok", ERR_API], update: ["ok", ERR_API], read: ["ok", ERR_API], delete: ["ok", ERR_API] },
  "502": { create: ["ok", ERR_API], update: ["ok", ERR_API], read: ["ok", ERR_API], delete: ["ok", ERR_API] },
  "503": { create: ["ok", ERR_API], update: ["ok", ERR_API], read: ["ok", ERR_API], delete: ["ok", ERR_API] },
  "reset before processing": { create: ["ok", ERR_NET], update: ["ok", ERR_NET], read: ["ok", ERR_NET], delete: ["ok", ERR_NET] },
  // The first POST created the agent: it is found and adopted, never posted twice.
  "reset after processing": { create: ["ok", "ok"], update: ["ok", ERR_NET], read: ["ok", ERR_NET], delete: ["ok", ERR_NET] },
  "slow beyond the timeout": { create: ["ok", "ok"], update: ["ok", ERR_TIME], read: ["ok", ERR_TIME], delete: ["ok", ERR_TIME] },
  // An unreadable answer to a create or update: the live agent says what happened.
  "malformed JSON": { create: ["ok", "ok"], update: ["ok", "ok"], read: [ERR_BODY, ERR_BODY], delete: ["ok", "ok"] },
  "wrong field types": { create: ["ok", "ok"], update: ["ok", "ok"], read: [ERR_BODY, ERR_BODY], delete: ["ok", "ok"] },
};

const cases = Object.keys(FAULTS).flatMap((fault) =>
  (["create", "update", "read", "delete"] as Op[]).flatMap((op) =>
    (["once", "always"] as const).map((times) => [fault, op, times, EXPECTED[fault]![op][times === "once" ? 0 : 1]] as const),
  ),
);

function assertInvariants(state: Map<string, Record<string, unknown>>, result: { outcome: Outcome; error?: Error }) {
  // Every agent upstream is in state: nothing orphaned.
  for (const agent of sim.agents()) expect(state.has(agent.name), `${agent.name} exists but is not in state`).toBe(true);
  // No blind second POST: it would have been refused as a duplicate name.
  expect(sim.requests.filter((r) => r.method === "POST" && r.path === "/v1/agents" && r.status === 400)).toEqual([]);
  expect(sim.agents().every((a) => a.deploymentIds.length <= 2)).toBe(true);
  if (result.error) {
    const message = result.error.message;
    expect(message).toMatch(/(GET|POST|DELETE) \/v1\/agents|Agent "my-agent"/);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace as the message
    expect(message).not.toContain(KEY);
    expect(result.error.code).toMatch(/^PIPECAT_ERR_/);
  }
}

describe("fault matrix", () => {
  it.each(cases)("%s on %s, %s → %s", async (fault, op, times, expected) => {
    sim.reset();
    const p = await provider();
    const state = new Map<string, Record<string, unknown>>();
    if (op !== "create") state.set(AGENT, (await p.create(await checked(p, inputs))).outs!);

    sim.faults.add({ method: methodOf(op), path: pathOf(op), times: times === "once" ? 1 : Infinity, fault: FAULTS[fault]! });
    const news = await checked(p, op === "update" ? { ...inputs, image: "acme/bot:2" } : inputs);
    const result = await runOp(op, p, state, news);
    sim.faults.clear();

    expect(result.outcome, result.error?.message).toBe(expected);
    assertInvariants(state, result);
    if (expected === "ok" && op === "delete") expect(sim.agents()).toEqual([]);
    if (expected === "ok" && op === "update") expect(sim.agents()[0]!.config.image).toBe("acme/bot:2");
    if (expected === "ok" && (op === "create" || op === "update")) expect(state.get(AGENT)).toMatchObject({ ready: true });
  });

  it("429 waits as long as Retry-After says, plus at most 50 % jitter", async () => {
    sim.reset();
    retryDelays.length = 0;
    const p = await provider();
    sim.faults.add({ method: "POST", path: "/v1/agents", times: 2, fault: { kind: "status", status: 429, retryAfter: "2" } });
    await p.create(await checked(p, inputs));
    expect(retryDelays).toHaveLength(2);
    for (const delay of retryDelays) expect(delay).toSatisfy((ms: number) => ms >= 2_000 && ms <= 3_000);
  });
});

describe("deployment faults", () => {
  it.each(["create", "update"] as const)("a crash-looping image on %s fails fast and keeps the agent in state", async (op) => {
    sim.reset();
    const p = await provider();
    const state = new Map<string, Record<string, unknown>>();
    if (op === "update") state.set(AGENT, (await p.create(await checked(p, inputs))).outs!);
    const result = await runOp(op, p, state, await checked(p, { ...inputs, image: "acme/bot:crash" }));
    expect(result.outcome).toBe("PIPECAT_ERR_DEPLOYMENT_FAILED");
    expect(result.error!.message).toMatch(/CrashLoopBackOff, exit code 1/);
    expect(state.get(AGENT)).toMatchObject({ image: "acme/bot:crash", ready: false });
    assertInvariants(state, result);
  });

  it.each(["create", "update"] as const)("a readiness timeout on %s keeps the agent in state", async (op) => {
    sim.reset();
    let fakeNow = Date.now();
    const setup = await provider();
    const state = new Map<string, Record<string, unknown>>();
    if (op === "update") state.set(AGENT, (await setup.create(await checked(setup, inputs))).outs!);
    // Every poll jumps the provider's clock 10 s: the 1 s budget is gone before the simulator is ready.
    const p = await provider(() => fakeNow, async (ms) => void (fakeNow += Math.max(ms, 10_000)));
    const news = await checked(p, { ...inputs, image: "acme/bot:3", readyTimeoutSeconds: 1 });
    const result = await runOp(op, p, state, news);
    expect(result.outcome).toBe("PIPECAT_ERR_READY_TIMEOUT");
    expect(state.get(AGENT)).toMatchObject({ image: "acme/bot:3" });
    assertInvariants(state, result);
  });

  it("readiness polls that keep failing end the create with the agent kept in state", async () => {
    sim.reset();
    const p = await provider();
    const state = new Map<string, Record<string, unknown>>();
    sim.faults.add({ method: "GET", path: `/v1/agents/${AGENT}`, times: Infinity, fault: { kind: "status", status: 503 } });
    const result = await runOp("create", p, state, await checked(p, inputs));
    sim.faults.clear();
    expect(result.outcome).toBe("PIPECAT_ERR_API");
    expect(result.error!.message).toMatch(/GET \/v1\/agents\/my-agent failed with HTTP 503/);
    expect(state.has(AGENT)).toBe(true);
    assertInvariants(state, result);
  });

  it("readiness polls survive a burst of transient failures", async () => {
    sim.reset();
    const p = await provider();
    const state = new Map<string, Record<string, unknown>>();
    sim.faults.add({ method: "GET", path: `/v1/agents/${AGENT}`, times: 3, fault: { kind: "reset", when: "before" } });
    sim.faults.add({ method: "GET", path: `/v1/agents/${AGENT}`, times: 2, fault: { kind: "status", status: 502 } });
    const result = await runOp("create", p, state, await checked(p, inputs));
    expect(result.outcome, result.error?.message).toBe("ok");
    expect(state.get(AGENT)).toMatchObject({ ready: true });
  });

  it("a secret set still provisioning (409) is waited for, then the create goes through", async () => {
    sim.reset();
    const p = await provider();
    // A fresh PUT makes the set pending for secretReadyMs (default 500 ms).
    await fetch(`${sim.url}/v1/secrets/fresh-secrets`, {
      method: "PUT",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ secrets: [{ secretKey: "A", secretValue: "b" }] }),
    });
    const realSleep = new PipecatAgentProvider({
      env: {}, poll: { initialMs: 10, maxMs: 30 },
      client: { retry: { conflictDelayMs: 100, conflictWaitMs: 5_000 } },
    });
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
    await realSleep.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    const { outs } = await realSleep.create(await checked(p, { ...inputs, secretSet: "fresh-secrets" }));
    expect(outs).toMatchObject({ ready: true });
    expect(sim.requests.filter((r) => r.method === "POST" && r.status === 409).length).toBeGreaterThan(0);
  });

  it("a secret set that never becomes ready is explained after the bound", async () => {
    sim.reset();
    const p = new PipecatAgentProvider({ env: {}, client: { retry: { conflictDelayMs: 50, conflictWaitMs: 200 } } });
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    sim.faults.add({ method: "POST", path: "/v1/agents", times: Infinity, fault: { kind: "status", status: 409, body: { error: "Secret set 'my-agent-secrets' is not yet ready. Retry once it has been provisioned.", code: "CONFLICT" } } });
    const error = await p.create(await checked(p, inputs)).catch((e) => e);
    sim.faults.clear();
    expect(error.message).toMatch(/HTTP 409 CONFLICT: Secret set 'my-agent-secrets' is not yet ready.*check it with GET \/v1\/secrets/);
    expect(sim.agents()).toEqual([]);
  });
});
