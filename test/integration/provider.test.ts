// The provider's six methods against the simulator, over real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PipecatAgentProvider, type ProviderOptions } from "../../src/agent/provider";
import { agentProvider, checked } from "../helpers/agent-provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_integration_key_0123456789";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { reconcileMs: 50, validatingMs: 100, readyMs: 250, failMs: 200, drainingMs: 100, secretReadyMs: 50 },
    secretSets: [
      { name: "my-agent-secrets", secrets: { OPENAI_API_KEY: "x" } },
      { name: "other-secrets", secrets: { A: "b" } },
      { name: "dockerhub-credentials", type: "imagePullSecret" },
    ],
  });
});
afterAll(() => sim.close());
afterEach(() => sim.reset());

function provider(config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url }, options: ProviderOptions = {}): Promise<PipecatAgentProvider> {
  return agentProvider(config, options);
}

const seedAgent = {
  agentName: "my-agent",
  image: "your-username/my-agent:latest",
  nodeType: "arm",
  imagePullSecretSet: "dockerhub-credentials",
  secretSet: "my-agent-secrets",
  agentProfile: "agent-1x",
};

const posts = () => sim.requests.filter((r) => r.method === "POST");

describe("create", () => {
  it("sends the documented body, waits until ready, and returns the live status", async () => {
    const p = await provider();
    const { id, outs } = await p.create(await checked(p, seedAgent));
    expect(id).toBe("my-agent");
    expect(posts().map((r) => r.body)).toEqual([
      {
        serviceName: "my-agent", image: "your-username/my-agent:latest", nodeType: "arm", imagePullSecretSet: "dockerhub-credentials",
        secretSet: "my-agent-secrets", autoScaling: { minAgents: 0, maxAgents: 50 }, krispViva: { audioFilter: null },
        agentProfile: "agent-1x", maxSessionDuration: 7200,
      },
    ]);
    const live = sim.agents()[0]!;
    expect(outs).toMatchObject({
      agentName: "my-agent", name: "my-agent", region: "us-west", ready: true, available: true,
      desiredDeploymentId: live.deploymentIds[0], reconciledDeploymentId: live.deploymentIds[0],
      autoScaling: { minAgents: 0, maxAgents: 50 }, activeSessionCount: 0, deploymentErrors: [],
      currentRevision: { phase: "Active" },
    });
    expect(outs.deployment).toMatchObject({ id: live.deploymentIds[0] });
    expect(JSON.stringify(outs)).not.toContain(KEY);
  });

  it("returns at once with waitForReady: false", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, { ...seedAgent, waitForReady: false }));
    expect(outs.ready).toBe(false);
    // One read, to verify the write; no polling.
    expect(sim.requests.filter((r) => r.method === "GET")).toHaveLength(1);
  });

  it("keeps a crashing agent in state: the error carries id, live properties and the provider", async () => {
    const p = await provider();
    const error = await p.create(await checked(p, { ...seedAgent, image: "acme/bot:v2-crash" })).catch((e) => e);
    expect(error.message).toMatch(/^Agent "my-agent" deployment [0-9a-f-]{36} failed: .*CrashLoopBackOff, exit code 1, Error: .*No module named 'bot'\. Last \d+ log lines of the deployment:\n/s);
    // The deployment's own log, oldest first, ending with the crash; a printed key is redacted.
    expect(error.logTail.at(-2)).toBe("ModuleNotFoundError: No module named 'bot'");
    expect(error.logTail).toContain("Settings: OPENAI_API_KEY=[redacted] model=gpt-4o");
    expect(error.message).not.toContain("sk-sim-0123456789abcdef");
    expect(error.message).toMatch(/Fix the image .* \(full logs: `pcc agent logs my-agent` or the Pipecat Cloud dashboard\)$/);
    expect(error.code).toBe("PIPECAT_ERR_DEPLOYMENT_FAILED");
    expect(error.id).toBe("my-agent");
    expect(error.properties).toMatchObject({ agentName: "my-agent", image: "acme/bot:v2-crash", ready: false, __provider: "serialized" });
    expect(error.reasons).toEqual([error.message]);
    expect(sim.agents().map((a) => a.name)).toEqual(["my-agent"]);
  });

  it("keeps a slow agent in state when readyTimeoutSeconds passes", async () => {
    // A clock that jumps on every wait: the timeout passes before the simulator (real time) is ready.
    let fakeNow = Date.now();
    const p = await provider(undefined, { now: () => fakeNow, sleep: async (ms) => void (fakeNow += ms) });
    const error = await p.create(await checked(p, { ...seedAgent, readyTimeoutSeconds: 1 })).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_READY_TIMEOUT");
    expect(error.message).toMatch(/was not ready after 1 s \(last status: .+\)\. Raise readyTimeoutSeconds/);
    expect(error.id).toBe("my-agent");
    expect(error.properties).toMatchObject({ agentName: "my-agent", __provider: "serialized" });
  });

  it("explains a name that is already taken, without touching the other agent", async () => {
    const p = await provider();
    await p.create(await checked(p, seedAgent));
    const error = await p.create(await checked(p, { ...seedAgent, image: "acme/other:1" })).catch((e) => e);
    expect(error.message).toMatch(/POST \/v1\/agents failed with HTTP 400 GENERIC_BAD_REQUEST: Service already exists\. An agent named "my-agent" already exists.*adoptExisting: true/);
    expect(error.id).toBeUndefined();
    expect(sim.agents()[0]!.config.image).toBe("your-username/my-agent:latest");
  });

  it("uses the organization's default region when none is given, and pinning it later is no change", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    expect(outs.region).toBe("us-west");
    const diff = await p.diff("my-agent", { ...outs, __provider: "serialized" }, await checked(p, { ...seedAgent, region: "us-west" }));
    expect(diff.changes).toBe(false);
  });
});

describe("update", () => {
  it("deploys a new image and waits for the new deployment, not the old one", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const news = await checked(p, { ...seedAgent, image: "your-username/my-agent:v2" });
    expect(await p.diff("my-agent", outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = (await p.update("my-agent", { ...outs, __provider: "serialized" }, news)).outs;
    const live = sim.agents()[0]!;
    expect(live.deploymentIds).toHaveLength(2);
    expect(updated).toMatchObject({ image: "your-username/my-agent:v2", ready: true, desiredDeploymentId: live.deploymentIds[1], reconciledDeploymentId: live.deploymentIds[1] });
    const update = posts()[1]!;
    expect(update.path).toBe("/v1/agents/my-agent");
    expect(update.body).not.toHaveProperty("serviceName");
    expect(update.body).not.toHaveProperty("region");
  });

  it("clears a removed secret set upstream", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const { secretSet: _removed, ...withoutSecrets } = seedAgent;
    const updated = (await p.update("my-agent", outs, await checked(p, withoutSecrets))).outs;
    expect(posts()[1]!.body).toMatchObject({ secretSet: null });
    expect(sim.agents()[0]!.config.secretSet).toBeNull();
    expect(updated).not.toHaveProperty("secretSet");
  });

  it("a redeploy trigger forces a new deployment of an unchanged configuration", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    await p.update("my-agent", outs, await checked(p, { ...seedAgent, redeployTrigger: "rotated-2026-11-28" }));
    expect(posts()[1]!.body).toMatchObject({ forceRedeploy: true });
    expect(sim.agents()[0]!.deploymentIds).toHaveLength(2);
  });

  it("a provider-only change sends no update", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const updated = (await p.update("my-agent", outs, await checked(p, { ...seedAgent, readyTimeoutSeconds: 90 }))).outs;
    expect(posts()).toHaveLength(1);
    expect(updated).toMatchObject({ readyTimeoutSeconds: 90, ready: true });
  });

  it("a crashing update keeps the agent in state with its live status", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const error = await p.update("my-agent", outs, await checked(p, { ...seedAgent, image: "acme/bot:crash" })).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_DEPLOYMENT_FAILED");
    expect(error.id).toBe("my-agent");
    // The old deployment still serves while the new one crashes.
    expect(error.properties).toMatchObject({ image: "acme/bot:crash", ready: false, available: true });
  });

  it("explains an agent deleted out of band", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    await p.delete("my-agent", outs);
    const error = await p.update("my-agent", outs, await checked(p, { ...seedAgent, image: "acme/bot:9" })).catch((e) => e);
    expect(error.message).toMatch(/HTTP 404 NOT_FOUND.*pulumi refresh/);
  });
});

describe("read (refresh)", () => {
  it("reports drift from an out-of-band deploy in input terms", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    // A teammate deploys a hotfix with the CLI.
    await fetch(`${sim.url}/v1/agents/my-agent`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ image: "your-username/my-agent:hotfix", autoScaling: { minAgents: 1, maxAgents: 5 } }),
    });
    const read = await p.read("my-agent", outs);
    expect(read.id).toBe("my-agent");
    expect(read.inputs).toMatchObject({ image: "your-username/my-agent:hotfix", autoScaling: { minAgents: 1, maxAgents: 5 } });
    expect(read.props).toMatchObject({ image: "your-username/my-agent:hotfix", ready: expect.any(Boolean) });
    const diff = await p.diff("my-agent", read.props!, await checked(p, seedAgent));
    expect(diff.changes).toBe(true);
    // A preview right after refreshing with the same program shows exactly that drift.
    const again = await p.diff("my-agent", read.props!, { ...read.inputs!, __provider: "serialized" });
    expect(again.changes).toBe(false);
  });

  it("returns no id for an agent deleted out of band, so refresh drops it", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    await fetch(`${sim.url}/v1/agents/my-agent`, { method: "DELETE", headers: { authorization: `Bearer ${KEY}` } });
    expect(await p.read("my-agent", outs)).toEqual({});
  });

  it("a preview right after create shows no change", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const read = await p.read("my-agent", outs);
    expect((await p.diff("my-agent", outs, await checked(p, seedAgent))).changes).toBe(false);
    expect((await p.diff("my-agent", read.props!, await checked(p, seedAgent))).changes).toBe(false);
  });
});

describe("delete", () => {
  it("deletes, and an agent that is already gone counts as deleted", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    await p.delete("my-agent", outs);
    expect(sim.agents()).toEqual([]);
    await expect(p.delete("my-agent", outs)).resolves.toBeUndefined();
  });
});

describe("configuration", () => {
  it("without a key, says both ways to set one and sends nothing", async () => {
    const p = await provider({});
    const error = await p.create(await checked(p, seedAgent)).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_CONFIG");
    expect(error.message).toMatch(/pulumi config set --secret pipecat:apiKey/);
    expect(error.message).toMatch(/PIPECAT_API_KEY/);
    expect(sim.requests).toHaveLength(0);
  });

  it("falls back to PIPECAT_API_KEY and PIPECAT_API_URL", async () => {
    const p = await provider({}, { env: { PIPECAT_API_KEY: KEY, PIPECAT_API_URL: sim.url } });
    const { id } = await p.create(await checked(p, { ...seedAgent, waitForReady: false }));
    expect(id).toBe("my-agent");
  });

  it("a wrong key is a 401 with a hint, and the key is never in the message", async () => {
    const wrong = "pk_wrong_key_abcdef";
    const p = await provider({ "pipecat:apiKey": wrong, "pipecat:apiUrl": sim.url });
    const error = await p.create(await checked(p, seedAgent)).catch((e) => e);
    expect(error.message).toMatch(/HTTP 401 UNAUTHORIZED.*pipecat:apiKey/);
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
  });

  it("check and diff need no key and make no request", async () => {
    const p = await provider({});
    const inputs = await checked(p, seedAgent);
    await p.diff("my-agent", inputs, inputs);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("region", () => {
  it("refresh keeps an unset region unset, so the next preview shows no change", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const read = await p.read("my-agent", outs);
    expect(read.inputs).not.toHaveProperty("region");
    expect(read.props).toMatchObject({ region: "us-west", requestedRegion: null });
  });

  it("refresh keeps a pinned region pinned", async () => {
    const p = await provider();
    // Secret sets are regional: this one has none.
    const { outs } = await p.create(await checked(p, { agentName: "eu-agent", image: "acme/bot:1", region: "eu-central" }));
    const read = await p.read("eu-agent", outs);
    expect(read.inputs).toMatchObject({ region: "eu-central" });
  });
});

describe("adoptExisting", () => {
  async function deployedWithTheCli() {
    const res = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "my-agent", image: "acme/old:1", secretSet: "other-secrets", autoScaling: { minAgents: 2, maxAgents: 4 } }),
    });
    expect(res.status).toBe(200);
  }

  it("takes over an agent deployed outside Pulumi and converges it on the program's configuration", async () => {
    await deployedWithTheCli();
    const p = await provider();
    const { id, outs } = await p.create(await checked(p, { ...seedAgent, adoptExisting: true }));
    expect(id).toBe("my-agent");
    expect(outs).toMatchObject({ ready: true, image: seedAgent.image, adoptExisting: true });
    const [agent] = sim.agents();
    expect(sim.agents()).toHaveLength(1);
    expect(agent!.config).toMatchObject({ image: seedAgent.image, secretSet: "my-agent-secrets", autoScaling: { minAgents: 0, maxAgents: 50 } });
    const update = posts().at(-1)!;
    expect(update.path).toBe("/v1/agents/my-agent");
    expect(update.body).not.toHaveProperty("serviceName");
  });

  it("clears a secret set the program does not declare", async () => {
    await deployedWithTheCli();
    const p = await provider();
    const { secretSet: _none, ...withoutSecrets } = seedAgent;
    await p.create(await checked(p, { ...withoutSecrets, adoptExisting: true }));
    expect(sim.agents()[0]!.config.secretSet).toBeNull();
  });

  it("refuses to adopt across regions, saying what to do", async () => {
    await deployedWithTheCli();
    const p = await provider();
    const error = await p.create(await checked(p, { agentName: "my-agent", image: "acme/bot:1", region: "eu-central", adoptExisting: true })).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_CONFIG");
    expect(error.message).toMatch(/exists in region "us-west", not "eu-central"/);
    expect(sim.agents()[0]!.config.image).toBe("acme/old:1");
  });
});

describe("a fleet", () => {
  it("concurrent creates through one provider share one connection pool", async () => {
    const p = await provider();
    const names = Array.from({ length: 10 }, (_, i) => `fleet-${i}`);
    const inputs = await Promise.all(names.map((agentName) => checked(p, { agentName, image: "acme/bot:1" })));
    const created = await Promise.all(inputs.map((i) => p.create(i)));
    expect(created.map((c) => c.id)).toEqual(names);
    expect(created.every((c) => c.outs!.ready === true)).toBe(true);
    // Keep-alive: far fewer connections than the requests made (a POST and polls per agent).
    expect(sim.requests.length).toBeGreaterThan(20);
    expect(sim.connections).toBeLessThanOrEqual(names.length + 2);
  });
});

describe("pipecat:pollIntervalSeconds", () => {
  it("a bad value fails before anything is sent", async () => {
    const p = await provider({ "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0" });
    const error = await p.create(await checked(p, seedAgent)).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_CONFIG");
    expect(error.id).toBeUndefined();
    expect(sim.requests).toEqual([]);
  });

  it("caps the wait between polls", async () => {
    // The simulator's deploy takes 250 ms; a 1 s first wait capped at 0.1 s means several polls.
    const p = await provider({ "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.1" }, { poll: {} });
    await p.create(await checked(p, seedAgent));
    expect(sim.requests.filter((r) => r.method === "GET").length).toBeGreaterThanOrEqual(2);
  });
});
