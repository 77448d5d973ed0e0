// The agent provider against the simulator where the real API may not do what
// the provider asks: writes read back, nulls ignored, someone else deploying
// mid-wait, foreign agents, missing secret sets, region moves.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PipecatAgentProvider, ProviderOptions } from "../../src/agent/provider";
import { agentProvider, checked } from "../helpers/agent-provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_truthful_key_0123456789";
const BUILD_US = "123e4567-e89b-42d3-a456-426614174000";
const BUILD_EU = "223e4567-e89b-42d3-a456-426614174000";
const BUILD_EU_BUILDING = "323e4567-e89b-42d3-a456-426614174000";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { reconcileMs: 50, validatingMs: 100, readyMs: 250, failMs: 200, drainingMs: 100, secretReadyMs: 50 },
    secretSets: [
      { name: "my-agent-secrets", secrets: { OPENAI_API_KEY: "x" } },
      { name: "dockerhub-credentials", type: "imagePullSecret" },
      { name: "eu-secrets", region: "eu-central" },
    ],
    builds: [
      { id: BUILD_US, region: "us-west", status: "success" },
      { id: BUILD_EU, region: "eu-central", status: "success" },
      { id: BUILD_EU_BUILDING, region: "eu-central", status: "building" },
    ],
  });
});
afterAll(() => sim.close());
afterEach(() => sim.reset());

function provider(options: ProviderOptions = {}): Promise<PipecatAgentProvider> {
  return agentProvider({ "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url }, { warn: () => {}, ...options });
}

/** What the official CLI (or a teammate) would send. */
async function outOfBand(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const seedAgent = { agentName: "my-agent", image: "acme/bot:1", imagePullSecretSet: "dockerhub-credentials", secretSet: "my-agent-secrets" };
const posts = () => sim.requests.filter((r) => r.method === "POST");

describe("verify every write", () => {
  describe.each([
    ["honours null", { ignoreNullsOnUpdate: false, rejectNullSecretSets: false }],
    ["ignores null", { ignoreNullsOnUpdate: true, rejectNullSecretSets: false }],
    ["refuses null for a secret set with a 400", { ignoreNullsOnUpdate: false, rejectNullSecretSets: true }],
  ])("an API that %s on update", (_name, behaviour) => {
    it.each(["secretSet", "imagePullSecretSet"] as const)("removing %s either clears it or fails naming it, never a silent success", async (field) => {
      sim.setBehaviour(behaviour);
      const p = await provider();
      const { outs } = await p.create(await checked(p, seedAgent));
      const { [field]: removed, ...rest } = seedAgent;
      const news = await checked(p, rest);
      const result = await p.update("my-agent", { ...outs, __provider: "serialized" }, news).catch((e) => e);
      expect(posts()[1]!.body).toMatchObject({ [field]: null });
      if (behaviour.rejectNullSecretSets) {
        // Refused whole: nothing applied (one deployment), and the message says why and what to do.
        expect(result.code).toBe("PIPECAT_ERR_API");
        expect(result.message).toContain(`Pipecat Cloud refused to remove ${field} from agent "my-agent"`);
        expect(result.message).toMatch(/nothing was changed\. Keep/);
        expect(sim.agents()[0]!.deploymentIds).toHaveLength(1);
        expect(sim.agents()[0]!.config[field]).toBe(removed);
        return;
      }
      if (!behaviour.ignoreNullsOnUpdate) {
        expect(result.outs).not.toHaveProperty(field);
        return;
      }
      expect(result.code).toBe("PIPECAT_ERR_WRITE_NOT_APPLIED");
      expect(result.message).toContain(`did not apply: ${field} (sent null, live "${removed}")`);
      expect(result.message).toMatch(/Pipecat Cloud dashboard or with `pcc deploy`/);
      // Kept in state as it really is, so the next preview shows the same change instead of hiding it.
      expect(result.id).toBe("my-agent");
      expect(result.properties).toMatchObject({ [field]: removed, __provider: "serialized" });
      expect((await p.diff("my-agent", result.properties, news)).changes).toBe(true);
    });
  });

  it("adopting an agent whose secret set the API will not clear fails the create, keeping the agent in state", async () => {
    sim.setBehaviour({ ignoreNullsOnUpdate: true });
    await outOfBand("POST", "/v1/agents", { serviceName: "my-agent", image: "acme/old:1", secretSet: "my-agent-secrets" });
    const p = await provider();
    const { secretSet: _none, ...withoutSecrets } = seedAgent;
    const error = await p.create(await checked(p, { ...withoutSecrets, adoptExisting: true })).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_WRITE_NOT_APPLIED");
    expect(error.id).toBe("my-agent");
    expect(error.properties).toMatchObject({ secretSet: "my-agent-secrets" });
  });

  it("the switch is also on the control endpoint", async () => {
    const res = await outOfBand("POST", "/_simulator/behaviour", { ignoreNullsOnUpdate: true });
    expect(res.json).toEqual({ status: "OK", behaviour: { ignoreNullsOnUpdate: true, omitOptionalFields: false, rejectNullSecretSets: false } });
    expect((await outOfBand("POST", "/_simulator/behaviour", { nope: true })).status).toBe(400);
    sim.reset();
    expect((await outOfBand("GET", "/_simulator/behaviour")).json).toEqual({ behaviour: { ignoreNullsOnUpdate: false, omitOptionalFields: false, rejectNullSecretSets: false } });
  });
});

describe("readiness", () => {
  it("an update waits for the new deployment although the API reports the old one ready at once", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const updated = await p.update("my-agent", outs, await checked(p, { ...seedAgent, image: "acme/bot:2" }));
    const [first, second] = sim.agents()[0]!.deploymentIds;
    expect(updated.outs).toMatchObject({ desiredDeploymentId: second, reconciledDeploymentId: second, ready: true });
    expect(first).not.toBe(second);
    // The trap is live: right after an update the simulator says ready, with the old deployment reconciled.
    const trap = (await outOfBand("POST", "/v1/agents/my-agent", { image: "acme/bot:3" })).json;
    expect(trap).toMatchObject({ ready: true, available: true, reconciledDeploymentId: second });
    expect(trap.desiredDeploymentId).not.toBe(second);
  });

  it("someone else deploying during the wait stops it, naming both deployments", async () => {
    let theirs: string | undefined;
    const p = await provider({
      sleep: async (ms) => {
        if (theirs === undefined) theirs = (await outOfBand("POST", "/v1/agents/my-agent", { image: "acme/hotfix:1" })).json.desiredDeploymentId;
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    const error = await p.create(await checked(p, seedAgent)).catch((e) => e);
    const [ours] = sim.agents()[0]!.deploymentIds;
    expect(error.code).toBe("PIPECAT_ERR_REDEPLOYED_ELSEWHERE");
    expect(error.message).toContain(`redeployed by someone else: deployment ${theirs} replaced this run's deployment ${ours}`);
    // Read right after the write, so it can say what the other deployment changed; not "did not apply".
    expect(error.changes).toEqual([expect.objectContaining({ field: "image", live: "acme/hotfix:1" })]);
    expect(error.message).toMatch(/It changed image \(this run sent "[^"]+", it has "acme\/hotfix:1"\)/);
    expect(error.id).toBe("my-agent");
  });

  it("the API's warning reaches the user", async () => {
    const warnings: string[] = [];
    const p = await provider({ warn: (m) => warnings.push(m) });
    const { outs } = await p.create(await checked(p, seedAgent));
    // A teammate already deployed what the program now asks for: the update changes nothing upstream.
    await outOfBand("POST", "/v1/agents/my-agent", { image: "acme/bot:2" });
    const updated = await p.update("my-agent", outs, await checked(p, { ...seedAgent, image: "acme/bot:2" }));
    expect(warnings).toEqual([expect.stringMatching(/^PipecatAgent "my-agent": Pipecat Cloud says: No changes detected/)]);
    // Also an output: the create had none, this update has it, and a refresh keeps it.
    expect(outs.warning).toBeNull();
    expect(updated.outs.warning).toMatch(/^No changes detected/);
    expect((await p.read("my-agent", updated.outs)).props?.warning).toBe(updated.outs.warning);
  });

  it("resources and startUrl: the manifest's cpu and memory, and a start endpoint that starts a session", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, { ...seedAgent, agentProfile: "agent-2x" }));
    expect(outs.resources).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(outs.startUrl).toBe(`${sim.url}/v1/public/my-agent/start`);
    const started = await fetch(String(outs.startUrl), { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: "{}" });
    expect(started.status).toBe(200);
    expect(sim.agents()[0]!.activeSessionCount).toBe(1);
  });
});

describe("create after an unknown outcome", () => {
  it("does not adopt an agent with our name but another configuration", async () => {
    await outOfBand("POST", "/v1/agents", { serviceName: "my-agent", image: "someone/else:7" });
    sim.faults.add({ method: "POST", path: "/v1/agents", fault: { kind: "status", status: 502 } });
    const p = await provider();
    const error = await p.create(await checked(p, seedAgent)).catch((e) => e);
    expect(error.message).toMatch(/HTTP 502.*An agent named "my-agent" exists, but not with this configuration: it was not created by this run and is left alone/);
    expect(error.id).toBeUndefined();
    expect(sim.agents()[0]!.config.image).toBe("someone/else:7");
    expect(posts()).toHaveLength(2); // the teammate's and ours: no second attempt, no update
  });
});

describe("messages", () => {
  it("a 404 on update for a missing secret set says so, not `pulumi refresh`", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    const error = await p.update("my-agent", outs, await checked(p, { ...seedAgent, secretSet: "missing-secrets" })).catch((e) => e);
    expect(error.message).toMatch(/HTTP 404 NOT_FOUND: Secret set not found\. A secret set the agent references \(secretSet "missing-secrets", imagePullSecretSet "dockerhub-credentials"\) does not exist/);
    expect(error.message).not.toMatch(/pulumi refresh/);
  });

  it("a 404 on update for a missing agent says to refresh", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, seedAgent));
    await outOfBand("DELETE", "/v1/agents/my-agent");
    const error = await p.update("my-agent", outs, await checked(p, { ...seedAgent, image: "acme/bot:9" })).catch((e) => e);
    expect(error.message).toMatch(/Service not found\. The agent no longer exists in Pipecat Cloud: run `pulumi refresh`/);
  });

  it("removing redeployTrigger does not redeploy; a new value does", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, { ...seedAgent, redeployTrigger: "rotated-1" }));
    const removed = (await p.update("my-agent", outs, await checked(p, seedAgent))).outs!;
    expect(posts()).toHaveLength(1);
    await p.update("my-agent", removed, await checked(p, { ...seedAgent, redeployTrigger: "rotated-2" }));
    expect(posts()[1]!.body).toMatchObject({ forceRedeploy: true });
    expect(sim.agents()[0]!.deploymentIds).toHaveLength(2);
  });
});

describe("region moves", () => {
  const us = { agentName: "my-agent", image: "acme/bot:1", region: "us-west", secretSet: "my-agent-secrets" };

  /** What the engine does for a delete-before-replace: diff, delete the old agent, create the new one. */
  async function move(p: PipecatAgentProvider, outs: Record<string, unknown>, news: Record<string, unknown>) {
    const inputs = await checked(p, { ...news, allowRegionMoveDowntime: true }, outs);
    const diff = await p.diff("my-agent", outs, inputs);
    expect(diff).toMatchObject({ replaces: ["region"], deleteBeforeReplace: true });
    await p.delete("my-agent", outs);
    return p.create(inputs);
  }

  it.each([
    ["a secret set that exists only in the old region", { secretSet: "my-agent-secrets" }, /secretSet "my-agent-secrets" is in region "us-west", not "eu-central" \(secret sets are regional\)/],
    ["a secret set that does not exist", { secretSet: "nowhere-secrets" }, /secretSet "nowhere-secrets" does not exist: create it in region "eu-central" first/],
    ["an image pull secret set in the old region", { secretSet: "eu-secrets", imagePullSecretSet: "dockerhub-credentials" }, /imagePullSecretSet "dockerhub-credentials" is in region "us-west"/],
    ["a build from the old region", { secretSet: "eu-secrets", image: undefined, buildId: BUILD_US }, /buildId "123e4567.*" was built in region "us-west", not "eu-central"/],
    ["a build that is not finished", { secretSet: "eu-secrets", image: undefined, buildId: BUILD_EU_BUILDING }, /is building: only a successful build can be deployed/],
    ["a build that does not exist", { secretSet: "eu-secrets", image: undefined, buildId: "999e4567-e89b-42d3-a456-426614174000" }, /does not exist/],
  ])("stops before deleting anything when the new region lacks %s", async (_name, change, reason) => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const error = await move(p, outs, { ...us, region: "eu-central", ...change }).catch((e) => e);
    expect(error.code).toBe("PIPECAT_ERR_REGION_MOVE");
    expect(error.message).toMatch(/was stopped before deleting the running agent, which keeps running/);
    expect(error.message).toMatch(reason);
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["my-agent", "us-west"]]);
    expect(sim.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("moves when the new region has what the agent needs", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const { outs: moved } = await move(p, outs, { ...us, region: "eu-central", secretSet: "eu-secrets", image: undefined, buildId: BUILD_EU });
    expect(moved).toMatchObject({ region: "eu-central", ready: true });
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["my-agent", "eu-central"]]);
    // Read-only checks before the delete.
    const before = sim.requests.slice(0, sim.requests.findIndex((r) => r.method === "DELETE"));
    expect(before.filter((r) => r.path === "/v1/secrets" || r.path.startsWith("/v1/builds/")).every((r) => r.method === "GET")).toBe(true);
    expect(before.some((r) => r.path === `/v1/builds/${BUILD_EU}`)).toBe(true);
  });

  it("waits for a secret set still provisioning in the new region", async () => {
    await outOfBand("PUT", "/v1/secrets/fresh-eu-secrets", { region: "eu-central", secrets: [{ secretKey: "A", secretValue: "b" }] });
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    const { outs: moved } = await move(p, outs, { ...us, region: "eu-central", secretSet: "fresh-eu-secrets" });
    expect(moved).toMatchObject({ region: "eu-central", secretSet: "fresh-eu-secrets" });
  });

  it("destroy (no diff first) deletes without checks", async () => {
    const p = await provider();
    const { outs } = await p.create(await checked(p, us));
    await p.delete("my-agent", outs);
    expect(sim.agents()).toEqual([]);
    expect(sim.requests.filter((r) => r.path === "/v1/secrets")).toEqual([]);
  });
});

describe.each([false, true])("an API whose responses leave out optional fields (omitOptionalFields: %s)", (omit) => {
  const declared = {
    ...seedAgent, maxSessionDuration: 3600, agentProfile: "agent-2x", autoScaling: { minAgents: 1, maxAgents: 3 }, krispViva: { audioFilter: "tel" },
  };

  it("a create with non-default settings succeeds (nothing left out is read as a default), and refresh keeps what it cannot see", async () => {
    sim.setBehaviour({ omitOptionalFields: omit });
    const p = await provider();
    const { outs } = await p.create(await checked(p, declared));
    expect(outs).toMatchObject({ ready: true, maxSessionDuration: 3600, secretSet: "my-agent-secrets", agentProfile: "agent-2x" });
    const read = await p.read("my-agent", outs);
    expect(read.inputs).toMatchObject({ maxSessionDuration: 3600, secretSet: "my-agent-secrets", imagePullSecretSet: "dockerhub-credentials", agentProfile: "agent-2x", autoScaling: { minAgents: 1, maxAgents: 3 }, krispViva: { audioFilter: "tel" } });
    const updated = await p.update("my-agent", outs, await checked(p, { ...declared, image: "acme/bot:2" }, outs));
    expect(updated.outs).toMatchObject({ ready: true, image: "acme/bot:2", maxSessionDuration: 3600 });
  });

  it("the read-back is the first readiness poll: a deploy ready by then costs one POST and one GET", async () => {
    sim.setBehaviour({ omitOptionalFields: omit });
    // The first poll comes after the deploy is ready (the simulator's ready time is 250 ms).
    const p = await provider({ poll: { initialMs: 600, maxMs: 600 } });
    await p.create(await checked(p, declared));
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/agents", "GET /v1/agents/my-agent"]);
  });
});
