// websocketAuth: not in the OpenAPI spec and its default is disputed, so the
// simulator can play each plausible API (default "token" or "none"; echoed in
// responses or not) and the provider is tried against all of them.
import { afterEach, describe, expect, it } from "vitest";
import { PipecatAgentProvider } from "../../src/agent/provider";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator";

const KEY = "pk_test_wsauth_key";
const FAST = { reconcileMs: 20, validatingMs: 40, readyMs: 80, failMs: 60, drainingMs: 20, secretReadyMs: 10 };
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ apiKey: KEY, timings: FAST, ...options });
  return sim;
}

const api = (s: Simulator, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

async function provider(s: Simulator) {
  const p = new PipecatAgentProvider({ env: {}, poll: { initialMs: 10, maxMs: 40 } });
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": s.url };
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

async function checked(p: PipecatAgentProvider, news: Record<string, unknown>) {
  const result = await p.check({}, { ...news, __provider: "serialized" });
  expect(result.failures ?? []).toEqual([]);
  return { ...result.inputs, __provider: "serialized" } as Record<string, unknown>;
}

describe("simulator", () => {
  it.each([
    ["token", undefined, "token"],
    ["none", undefined, "none"],
    ["token", "none", "none"],
    ["none", "token", "token"],
  ] as const)("default %s, sent %s: reports %s", async (websocketAuthDefault, sent, reported) => {
    const s = await start({ websocketAuthDefault });
    const created = await api(s, "POST", "/agents", { serviceName: "ws-bot", image: "acme/bot:1", ...(sent ? { websocketAuth: sent } : {}) });
    expect(created.status).toBe(200);
    expect((await api(s, "GET", "/agents/ws-bot")).body.websocketAuth).toBe(reported);
    expect(s.requests[0]!.ignoredFields).toEqual([]);
  });

  it("accepts only none and token, naming the field", async () => {
    const s = await start();
    const bad = await api(s, "POST", "/agents", { serviceName: "ws-bot", image: "acme/bot:1", websocketAuth: "hmac" });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/websocketAuth must be one of 'none', 'token'/);
  });

  it("an update changing only websocketAuth is a new deployment", async () => {
    const s = await start();
    await api(s, "POST", "/agents", { serviceName: "ws-bot", image: "acme/bot:1", websocketAuth: "token" });
    const updated = await api(s, "POST", "/agents/ws-bot", { websocketAuth: "none" });
    expect(updated.body.warning).toBeUndefined();
    expect(s.agents()[0]!.deploymentIds).toHaveLength(2);
    expect(updated.body.websocketAuth).toBe("none");
  });

  it("with echoWebsocketAuth off, responses do not mention it", async () => {
    const s = await start({ echoWebsocketAuth: false });
    await api(s, "POST", "/agents", { serviceName: "ws-bot", image: "acme/bot:1", websocketAuth: "none" });
    expect((await api(s, "GET", "/agents/ws-bot")).body).not.toHaveProperty("websocketAuth");
    expect(s.agents()[0]!.config.websocketAuth).toBe("none");
  });

  it("rejects an unknown websocketAuthDefault", async () => {
    await expect(startSimulator({ websocketAuthDefault: "open" as "none" })).rejects.toThrow(/websocketAuthDefault must be "none" or "token"/);
  });
});

describe("provider", () => {
  const agent = { agentName: "ws-bot", image: "acme/bot:1" };

  it.each([["token"], ["none"]] as const)("omitted: never sent, and refresh keeps it omitted (default %s)", async (websocketAuthDefault) => {
    const s = await start({ websocketAuthDefault });
    const p = await provider(s);
    const { outs } = await p.create(await checked(p, agent));
    expect(s.requests.find((r) => r.method === "POST")!.body).not.toHaveProperty("websocketAuth");
    const read = await p.read("ws-bot", outs);
    expect(read.inputs).not.toHaveProperty("websocketAuth");
    expect((await p.diff("ws-bot", read.props!, await checked(p, agent))).changes).toBe(false);
  });

  it.each([["echoed", true], ["not echoed", false]] as const)("set: sent on create and update (%s)", async (_name, echoWebsocketAuth) => {
    const s = await start({ echoWebsocketAuth });
    const p = await provider(s);
    const { outs } = await p.create(await checked(p, { ...agent, websocketAuth: "none" }));
    expect(outs.websocketAuth).toBe("none");
    const diff = await p.diff("ws-bot", outs, await checked(p, { ...agent, websocketAuth: "token" }));
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    await p.update("ws-bot", outs, await checked(p, { ...agent, websocketAuth: "token" }));
    const posts = s.requests.filter((r) => r.method === "POST").map((r) => (r.body as Record<string, unknown>).websocketAuth);
    expect(posts).toEqual(["none", "token"]);
    expect(s.agents()[0]!.config.websocketAuth).toBe("token");
  });

  it.each([
    ["echoed: refresh shows the out-of-band change", true, "none"],
    ["not echoed: refresh keeps what was deployed", false, "token"],
  ] as const)("%s", async (_name, echoWebsocketAuth, afterRefresh) => {
    const s = await start({ echoWebsocketAuth });
    const p = await provider(s);
    const { outs } = await p.create(await checked(p, { ...agent, websocketAuth: "token" }));
    await api(s, "POST", "/agents/ws-bot", { websocketAuth: "none" });
    const read = await p.read("ws-bot", outs);
    expect(read.inputs!.websocketAuth).toBe(afterRefresh);
  });

  it("check names the property and the two values", async () => {
    const s = await start();
    const p = await provider(s);
    const result = await p.check({}, { ...agent, websocketAuth: "hmac" });
    expect(result.failures).toEqual([{ property: "websocketAuth", reason: expect.stringMatching(/"none".*"token"/) }]);
    expect(s.requests).toEqual([]);
  });
});

describe("removing websocketAuth", () => {
  it("is refused by check, naming the property and the fix, before anything is sent", async () => {
    const s = await start();
    const p = await provider(s);
    const result = await p.check({ agentName: "ws-bot", image: "acme/bot:1", websocketAuth: "token" }, { agentName: "ws-bot", image: "acme/bot:1" });
    expect(result.failures).toEqual([{ property: "websocketAuth", reason: expect.stringMatching(/cannot be removed once set.*stay on "token".*Set "none" or "token"/) }]);
    expect(s.requests).toEqual([]);
  });

  it("never set before: omitting it is fine", async () => {
    const s = await start();
    const p = await provider(s);
    expect((await p.check({ agentName: "ws-bot", image: "acme/bot:1" }, { agentName: "ws-bot", image: "acme/bot:1" })).failures).toEqual([]);
  });
});
