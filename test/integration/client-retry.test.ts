// The client's retry policy status by status, for a request safe to repeat and for
// a create; the Retry-After limit at its edge; how long a 409 is waited out; and
// what an error says. Waits are recorded on a fake clock, never slept.
// (test/integration/client.test.ts covers backoff, budgets and network failures.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AgentsApi } from "../../src/agent/api";
import { PipecatClient, type ClientOptions } from "../../src/client/client";
import { defaultRetryPolicy } from "../../src/client/retry-policy";
import { startSimulator, type Fault, type Simulator } from "../../src/simulator";

const KEY = "pk_client_retry_key_4d1a";
let sim: Simulator;
let delays: number[];
let now: number;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  delays = [];
  now = Date.parse("2026-11-28T12:00:00Z");
});

function client(options: Partial<ClientOptions> = {}): AgentsApi {
  return new AgentsApi(new PipecatClient({
    baseUrl: sim.url,
    apiKey: KEY,
    sleep: async (ms) => void (delays.push(ms), (now += ms)),
    random: () => 0.5,
    now: () => now,
    ...options,
  }));
}

const fault = (method: string, path: string, f: Fault, times = 1) => sim.faults.add({ method, path, times, fault: f });
const status = (s: number, body: unknown = { error: "x" }): Fault => ({ kind: "status", status: s, body });

describe("which statuses are retried", () => {
  it.each([408, 429, 500, 502, 503, 504])("a read answered %i is retried", async (s) => {
    fault("GET", "/v1/agents", status(s));
    await client().listAgents();
    expect(delays).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])("a read answered %i is not", async (s) => {
    fault("GET", "/v1/agents", status(s));
    await expect(client().listAgents()).rejects.toMatchObject({ status: s });
    expect(delays).toEqual([]);
  });

  it.each([408, 500, 502, 503, 504])("a create answered %i is not repeated: it may have been processed", async (s) => {
    fault("POST", "/v1/agents", status(s));
    await expect(client().createAgent({ serviceName: "a1", image: "acme/bot:1" })).rejects.toMatchObject({ status: s });
    expect(delays).toEqual([]);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("the policy lists exactly these", () => {
    expect(defaultRetryPolicy.statuses).toEqual([408, 429, 500, 502, 503, 504]);
    expect(defaultRetryPolicy.unprocessedStatuses).toEqual([429]);
  });
});

describe("a dropped connection", () => {
  it("is retried for a read, whether or not the request was processed", async () => {
    fault("GET", "/v1/agents", { kind: "reset", when: "after" });
    fault("GET", "/v1/agents", { kind: "reset", when: "before" });
    await client().listAgents();
    expect(delays).toHaveLength(2);
  });

  it("is retried for a create only when the request never reached the server", async () => {
    fault("POST", "/v1/agents", { kind: "reset", when: "after" });
    await expect(client().createAgent({ serviceName: "a1", image: "acme/bot:1" })).rejects.toMatchObject({ code: "PIPECAT_ERR_NETWORK", mayHaveBeenProcessed: true });
    expect(delays).toEqual([]);
  });

  it("the policy lists these codes (the simulator cannot produce every one)", () => {
    expect(defaultRetryPolicy.errorCodes).toEqual(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
    expect(defaultRetryPolicy.unsentErrorCodes).toEqual(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EMFILE", "ENFILE", "EADDRNOTAVAIL"]);
  });
});

describe("Retry-After at the policy's limit (60 s)", () => {
  it("60 s is waited out (plus the pacer's jitter)", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 429, retryAfter: "60" });
    await client().listAgents();
    expect(delays).toEqual([75_000]);
  });

  it("61 s is not", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 429, retryAfter: "61" });
    await expect(client().listAgents()).rejects.toMatchObject({ status: 429 });
    expect(delays).toEqual([]);
  });
});

describe("409", () => {
  const notReady = { error: "Secret set 'x' is not yet ready. Retry once it has been provisioned.", code: "CONFLICT" };

  it.each([
    [10_000, 3],
    [30_000, 10],
  ])("a create is retried every 3 s while the conflict wait (%i ms) lasts, however many attempts that takes", async (conflictWaitMs, retries) => {
    fault("POST", "/v1/agents", status(409, notReady), Infinity);
    const error = await client({ retry: { conflictWaitMs, conflictDelayMs: 3_000 } }).createAgent({ serviceName: "a1", image: "acme/bot:1" }).catch((e) => e);
    expect(error.status).toBe(409);
    expect(delays).toEqual(Array(retries).fill(3_000));
  });

  it.each([
    ["GET", "/v1/agents/x", () => client().getAgent("x")],
    ["DELETE", "/v1/agents/x", () => client().deleteAgent("x")],
  ] as const)("a %s answered 409 is not retried", async (method, path, call) => {
    fault(method, path, status(409, { error: "Conflict", code: "CONFLICT" }));
    await expect(call()).rejects.toMatchObject({ status: 409 });
    expect(delays).toEqual([]);
  });
});

describe("what an error says", () => {
  it.each([
    ["the API's error", { error: "Agent name taken", code: "DUPLICATE" }, /HTTP 400 DUPLICATE: Agent name taken$/],
    ["its message when there is no error", { message: "Invalid image", code: "BAD_IMAGE" }, /HTTP 400 BAD_IMAGE: Invalid image$/],
    ["error before message", { error: "the error", message: "the message" }, /HTTP 400: the error$/],
  ])("%s", async (_name, body, message) => {
    fault("POST", "/v1/agents/x", status(400, body));
    await expect(client().updateAgent("x", {})).rejects.toThrow(message);
  });

  it.each([401, 403])("a %i says to check the API key", async (s) => {
    fault("GET", "/v1/agents/x", status(s, { error: "Forbidden" }));
    await expect(client().getAgent("x")).rejects.toThrow(/Check the API key/);
  });
});
