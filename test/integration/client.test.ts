// The API client against the simulator: which failures are retried, how long it
// waits (captured, never slept), and what its errors say.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AgentsApi } from "../../src/agent/api";
import { PipecatClient, type ClientOptions } from "../../src/client/client";
import { ApiError } from "../../src/client/errors/ApiError";
import { NetworkError } from "../../src/client/errors/NetworkError";
import { isPipecatError } from "../../src/client/errors/PipecatError";
import { ResponseValidationError } from "../../src/client/errors/ResponseValidationError";
import { startSimulator, type Fault, type Simulator } from "../../src/simulator";

const KEY = "pk_client_test_key_9e2c";
let sim: Simulator;
let delays: number[];

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  delays = [];
});

function client(options: Partial<ClientOptions> = {}): AgentsApi {
  return new AgentsApi(new PipecatClient({
    baseUrl: sim.url,
    apiKey: KEY,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5, // no jitter: delays are exactly the policy's
    now: () => Date.parse("2026-11-28T12:00:00Z"),
    ...options,
  }));
}

const fault = (method: string, path: string, f: Fault, times = 1) => sim.faults.add({ method, path, times, fault: f });

describe("retries", () => {
  it("backs off exponentially on 503 without Retry-After, capped by the policy", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 503 }, 5);
    await client({ retry: { baseDelayMs: 100, maxDelayMs: 500 } }).listAgents();
    expect(delays).toEqual([100, 200, 400, 500, 500]);
  });

  it.each([
    [0, [3_000, 7_000]],
    [0.5, [3_750, 8_750]],
  ])("honours Retry-After as seconds and as an HTTP date, plus up to 50 %% jitter (random %s → %j)", async (r, expected) => {
    fault("GET", "/v1/agents", { kind: "status", status: 429, retryAfter: "3" });
    fault("GET", "/v1/agents", { kind: "status", status: 503, retryAfter: "Sat, 28 Nov 2026 12:00:07 GMT" });
    await client({ random: () => r }).listAgents();
    expect(delays).toEqual(expected);
  });

  it("a 429 that outlasts the retry budget says so, and what to do", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 429, retryAfter: "1", body: { error: "Rate limit exceeded", code: "429" } }, Infinity);
    const error = await client({ retry: { attempts: 3 } }).listAgents().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/^GET \/v1\/agents failed with HTTP 429 429: Rate limit exceeded\. Rate limited by Pipecat Cloud: still HTTP 429 after 3 attempt\(s\)/);
    expect(error.message).toMatch(/pulumi up --parallel/);
    expect(delays).toHaveLength(2);
  });

  it("does not wait out a Retry-After beyond the policy's limit", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 429, retryAfter: "3600" });
    const error = await client().listAgents().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(delays).toEqual([]);
  });

  it("gives up after the policy's attempts, saying how many", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 502, body: { error: "Bad gateway", code: "502" } }, Infinity);
    const error = await client({ retry: { attempts: 3 } }).listAgents().catch((e) => e);
    expect(error.message).toBe("GET /v1/agents failed with HTTP 502 502: Bad gateway. Pipecat Cloud returned a server error after 3 attempt(s); run the command again later");
    expect(delays).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])("fails at once on %i", async (status) => {
    fault("POST", "/v1/agents/x", { kind: "status", status, body: { error: "nope", code: "GENERIC_BAD_REQUEST" } });
    await expect(client().updateAgent("x", {})).rejects.toMatchObject({ status });
    expect(delays).toEqual([]);
  });

  it("retries 408 like a transient failure", async () => {
    fault("GET", "/v1/agents", { kind: "status", status: 408 });
    await client().listAgents();
    expect(delays).toHaveLength(1);
  });

  it("never repeats a create after a 5xx or a dropped connection: the provider looks first", async () => {
    fault("POST", "/v1/agents", { kind: "status", status: 500 });
    await expect(client().createAgent({ serviceName: "a1", image: "acme/bot:1" })).rejects.toMatchObject({ status: 500 });
    fault("POST", "/v1/agents", { kind: "reset", when: "after" });
    const error = await client().createAgent({ serviceName: "a2", image: "acme/bot:1" }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(sim.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("repeats a create refused with 429: the server did not act", async () => {
    fault("POST", "/v1/agents", { kind: "status", status: 429, retryAfter: "1" });
    await client().createAgent({ serviceName: "a3", image: "acme/bot:1" });
    expect(delays).toEqual([1_250]);
    expect(sim.agents().map((a) => a.name)).toEqual(["a3"]);
  });

  it("repeats any request that never reached the server (connection refused)", async () => {
    const closed = await startSimulator();
    const url = closed.url;
    await closed.close();
    const error = await client({ baseUrl: url, retry: { attempts: 3 } }).createAgent({ serviceName: "a4" }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe("PIPECAT_ERR_NETWORK");
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(error.message).toMatch(/^POST \/v1\/agents failed: ECONNREFUSED/);
    expect(delays).toHaveLength(2);
  });

  // undici checks header timeouts on a ~0.5 s tick: the delays leave room for it.
  it("times out a slow response and retries a read", async () => {
    fault("GET", "/v1/agents", { kind: "delay", ms: 2_500 });
    await client({ timeouts: { headersMs: 150 } }).listAgents();
    expect(delays).toHaveLength(1);
  });

  it("times out a slow response on every attempt with a TimeoutError", async () => {
    fault("GET", "/v1/agents", { kind: "delay", ms: 2_500 }, Infinity);
    const error = await client({ timeouts: { headersMs: 100 }, retry: { attempts: 2 } }).listAgents().catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_TIMEOUT");
    expect(error.message).toMatch(/^GET \/v1\/agents timed out \(UND_ERR_HEADERS_TIMEOUT/);
  });
});

describe("response validation", () => {
  it("names the endpoint, the status and the field that does not fit", async () => {
    await client().createAgent({ serviceName: "shape", image: "acme/bot:1" });
    fault("GET", "/v1/agents/shape", { kind: "invalid-shape" });
    const error = await client().getAgent("shape").catch((e) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/^GET \/v1\/agents\/shape returned HTTP 200 with an unexpected body \(\w+: /);
  });

  it("reports a body that is not JSON", async () => {
    fault("GET", "/v1/agents", { kind: "malformed" });
    const error = await client().listAgents().catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_INVALID_RESPONSE");
    expect(error.mismatch).toMatch(/^not JSON/);
  });

  it("accepts unknown extra fields", async () => {
    await client().createAgent({ serviceName: "extra", image: "acme/bot:1" });
    const agent = await client().getAgent("extra");
    expect(agent).toMatchObject({ name: "extra" });
  });
});

describe("errors", () => {
  it("carry a stable code, the API's code and text, and never the key", async () => {
    const wrong = "pk_wrong_0000";
    const error = await client({ apiKey: wrong }).getAgent("x").catch((e) => e);
    expect(isPipecatError(error)).toBe(true);
    expect(error).toMatchObject({ code: "PIPECAT_ERR_API", status: 401, apiCode: "UNAUTHORIZED", method: "GET", path: "/v1/agents/x" });
    expect(error.message).toMatch(/^GET \/v1\/agents\/x failed with HTTP 401 UNAUTHORIZED: Unauthorized\. Check the API key/);
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain(wrong);
    expect(sim.requests.map((r) => JSON.stringify(r))).not.toContain(wrong);
  });

  it("a 404 is an answer for get and delete, not an error", async () => {
    expect(await client().getAgent("nobody")).toBeNull();
    expect(await client().deleteAgent("nobody")).toBe(false);
  });
});
