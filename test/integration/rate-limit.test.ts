// A rate-limited API: the simulator's limit itself, and a fleet of agents created
// at once through provider instances that share one process (as in a provider
// host), hence one pacer. Counts requests; asserts nothing about the clock.
import { afterEach, describe, expect, it } from "vitest";
import { PipecatAgentProvider } from "../../src/agent/provider";
import { sharedPacer } from "../../src/client/pacing";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_rate_limit_key_0123456789";
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(path: string) {
  const response = await fetch(`${sim!.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json: await response.json() };
}

describe("the simulator's rate limit", () => {
  it("answers 429 with Retry-After beyond the limit, changes nothing, and refills with time", async () => {
    let now = 1_000_000;
    sim = await startSimulator({ apiKey: KEY, now: () => now, rateLimit: { requestsPerSecond: 2, retryAfterSeconds: 3 } });
    expect((await get("/v1/regions")).status).toBe(200);
    expect((await get("/v1/regions")).status).toBe(200);
    const limited = await get("/v1/regions");
    expect(limited).toMatchObject({ status: 429, retryAfter: "3", json: { code: "429" } });
    const post = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "a", image: "acme/bot:1" }),
    });
    expect(post.status).toBe(429);
    expect(sim.agents()).toEqual([]);
    expect(sim.requests.map((r) => [r.status, r.rateLimited ?? false])).toEqual([[200, false], [200, false], [429, true], [429, true]]);
    now += 500; // one token back
    expect((await get("/v1/regions")).status).toBe(200);
    expect((await get("/v1/regions")).status).toBe(429);
    // The control endpoint is never limited.
    expect((await fetch(`${sim.url}/_simulator/state`)).status).toBe(200);
  });

  it("is unlimited unless asked for", async () => {
    sim = await startSimulator({ apiKey: KEY });
    const statuses = await Promise.all(Array.from({ length: 100 }, () => get("/v1/regions").then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it("rejects a limit that is not a positive rate", async () => {
    await expect(startSimulator({ rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(/requestsPerSecond must be a number > 0/);
  });
});

describe("a fleet against a rate-limited API", () => {
  it("creates 50 agents at once without a failure and without posting any twice", async () => {
    sim = await startSimulator({
      apiKey: KEY,
      rateLimit: { requestsPerSecond: 20, retryAfterSeconds: 1 },
      timings: { reconcileMs: 50, validatingMs: 100, readyMs: 300, failMs: 200, drainingMs: 100 },
    });
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
    // Five provider instances (say, five resource kinds) in one process: one pacer between them.
    const providers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const p = new PipecatAgentProvider({ env: {}, poll: { initialMs: 100, maxMs: 300, validatingMs: 200 } });
        await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
        return p;
      }),
    );
    const pacer = sharedPacer(new URL(sim.url).origin);
    const names = Array.from({ length: 50 }, (_, i) => `fleet-${i}`);
    const results = await Promise.allSettled(
      names.map(async (name, i) => {
        const p = providers[i % providers.length]!;
        const { inputs } = await p.check({}, { agentName: name, image: "acme/bot:1", __provider: "code" });
        return p.create({ ...inputs, __provider: "code" });
      }),
    );

    const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value.outs?.ready : undefined))).toEqual(names.map(() => true));
    expect(sim.agents().map((a) => a.name).sort()).toEqual([...names].sort());

    // Every create reached the API exactly once; the only other POSTs were refused by the limit.
    const posts = sim.requests.filter((r) => r.method === "POST" && r.path === "/v1/agents");
    const accepted = posts.filter((r) => !r.rateLimited);
    expect(accepted.map((r) => (r.body as { serviceName: string }).serviceName).sort()).toEqual([...names].sort());
    expect(accepted.every((r) => r.status === 200)).toBe(true);
    // The limit did bite (so the pacing was exercised), and nothing but the limit refused a request.
    const statuses = new Set(sim.requests.map((r) => (r.rateLimited ? "limited" : r.status)));
    expect(statuses).toEqual(new Set([200, "limited"]));
    // What the pacer did: every request of all five providers went through this one process-wide
    // pacer, most of them waited their turn, and the 429s slowed it down.
    expect(pacer.acquired).toBe(sim.requests.length);
    expect(pacer.queued).toBeGreaterThan(names.length / 2);
    expect(pacer.throttled).toBe(sim.requests.filter((r) => r.rateLimited).length);
  }, 120_000);
});
