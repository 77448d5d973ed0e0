// The lookups (getRegions, getAgent, getSecretSet, getBuild, getOrganizationProperties and
// their Output forms) and PipecatOrganizationSettings's provider, against the simulator.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { forgetRegions } from "../../src/core/regions";
import {
  getAgent, getAgentOutput, getBuild, getOrganizationProperties, getRegions, getRegionsOutput, getSecretSet,
} from "../../src/lookups";
import { PipecatOrganizationSettingsProvider } from "../../src/organization-settings/provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_lookups_key_0123456789";
const BUILD = "123e4567-e89b-42d3-a456-426614174000";
let sim: Simulator;
let conn: { apiKey: string; apiUrl: string };

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { reconcileMs: 10, validatingMs: 20, readyMs: 50 },
    secretSets: [{ name: "shared-keys", region: "eu-central", secrets: { OPENAI_API_KEY: "sk-x", DEEPGRAM_API_KEY: "dg-x" } }, { name: "registry", type: "imagePullSecret" }],
    builds: [{ id: BUILD, region: "us-west", status: "success" }],
  });
  conn = { apiKey: KEY, apiUrl: sim.url };
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  forgetRegions();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("lookups", () => {
  it("getRegions lists code and display name", async () => {
    expect(await getRegions(conn)).toEqual([
      { code: "us-west", displayName: expect.any(String) },
      { code: "us-east", displayName: expect.any(String) },
      { code: "eu-central", displayName: expect.any(String) },
      { code: "ap-south", displayName: expect.any(String) },
    ]);
  });

  it("getAgent reports status and settings as the API does", async () => {
    await api("POST", "/v1/agents", { serviceName: "elsewhere", image: "acme/bot:7", secretSet: "shared-keys", region: "eu-central", agentProfile: "agent-2x", autoScaling: { minAgents: 1, maxAgents: 4 } });
    const agent = await getAgent({ agentName: "elsewhere", ...conn });
    expect(agent).toMatchObject({
      agentName: "elsewhere", region: "eu-central", image: "acme/bot:7", secretSet: "shared-keys", imagePullSecretSet: null,
      agentProfile: "agent-2x", autoScaling: { minAgents: 1, maxAgents: 4 }, desiredDeploymentId: expect.any(String), activeSessionCount: 0,
    });
  });

  it("getAgent leaves a setting the API does not report undefined, never a default", async () => {
    await api("POST", "/v1/agents", { serviceName: "lean", image: "acme/bot:7" });
    sim.setBehaviour({ omitOptionalFields: true });
    const agent = await getAgent({ agentName: "lean", ...conn });
    expect(agent.maxSessionDuration).toBeUndefined();
    expect(agent.agentProfile).toBeUndefined();
    expect(agent.autoScaling).toEqual({ minAgents: undefined, maxAgents: undefined });
  });

  it("getSecretSet gives region, type, status and key names, never values; an image pull secret too", async () => {
    const set = await getSecretSet({ setName: "shared-keys", ...conn });
    expect(set).toEqual({ setName: "shared-keys", region: "eu-central", type: "secret", status: "ready", keys: ["DEEPGRAM_API_KEY", "OPENAI_API_KEY"] });
    expect(JSON.stringify(set)).not.toContain("sk-x");
    expect(await getSecretSet({ setName: "registry", ...conn })).toEqual({ setName: "registry", region: "us-west", type: "imagePullSecret", status: "ready", keys: [] });
  });

  it("getBuild gives status, region, hash, image, sizes, times and the logs URL", async () => {
    expect(await getBuild({ buildId: BUILD, ...conn })).toMatchObject({ buildId: BUILD, status: "success", region: "us-west", logsUrl: expect.any(String) });
  });

  it("getOrganizationProperties gives the default region", async () => {
    expect(await getOrganizationProperties(conn)).toEqual({ defaultRegion: "us-west" });
  });

  it.each([
    ["getAgent", () => getAgent({ agentName: "nobody", ...conn }), /No agent named "nobody" in Pipecat Cloud/],
    ["getSecretSet", () => getSecretSet({ setName: "no-such-set", ...conn }), /No secret set named "no-such-set"/],
    ["getBuild", () => getBuild({ buildId: "00000000-0000-4000-8000-000000000000", ...conn }), /No cloud build with id "00000000-0000-4000-8000-000000000000"/],
  ])("%s of something missing fails with a 404 naming it", async (_name, lookup, message) => {
    await expect(lookup()).rejects.toThrow(message);
    await expect(lookup()).rejects.toMatchObject({ code: "PIPECAT_ERR_API", status: 404 });
  });

  it("without a key anywhere, a lookup says how to give one", async () => {
    const saved = process.env.PIPECAT_API_KEY;
    delete process.env.PIPECAT_API_KEY;
    try {
      await expect(getRegions({ apiUrl: sim.url })).rejects.toThrow(/No Pipecat Cloud API key.*pipecat:apiKey/);
    } finally {
      if (saved !== undefined) process.env.PIPECAT_API_KEY = saved;
    }
  });

  it("the Output forms call the API once their inputs are known, and not while one is unknown", async () => {
    const known = await new Promise((resolve) => getRegionsOutput(conn).apply(resolve));
    expect(known).toHaveLength(4);
    sim.reset();
    // An unknown input (as in preview): nothing is called, the result stays unknown.
    const lookedUp = getAgentOutput({ agentName: pulumi.output(pulumi.unknown as unknown as string), ...conn });
    expect(await (lookedUp as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
    expect(sim.requests).toEqual([]);
  });
});

describe("PipecatOrganizationSettings provider", () => {
  async function provider() {
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
    const p = new PipecatOrganizationSettingsProvider({ env: {} });
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    return p;
  }

  it("create PATCHes the default region and reads it back; read reports drift; delete leaves it", async () => {
    const p = await provider();
    const created = await p.create({ defaultRegion: "eu-central" });
    expect(created).toEqual({ id: "organization", outs: { defaultRegion: "eu-central", previousDefaultRegion: "us-west" } });
    expect(sim.requests.filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([{ defaultRegion: "eu-central" }]);
    expect((await api("GET", "/v1/properties")).json).toEqual({ properties: { defaultRegion: "eu-central" } });
    // Changed behind Pulumi's back.
    await api("PATCH", "/v1/properties", { defaultRegion: "ap-south" });
    expect((await p.read("organization", created.outs)).inputs).toMatchObject({ defaultRegion: "ap-south" });
    const updated = await p.update("organization", created.outs, { defaultRegion: "us-east" });
    expect(updated.outs).toEqual({ defaultRegion: "us-east", previousDefaultRegion: "us-west" });
    await p.delete();
    expect((await api("GET", "/v1/properties")).json).toEqual({ properties: { defaultRegion: "us-east" } });
  });

  it("a region the organization does not have is refused before anything is written", async () => {
    const p = await provider();
    await expect(p.create({ defaultRegion: "ap-northeast" })).rejects.toThrow(/region "ap-northeast" is not one Pipecat Cloud offers; available: us-west, us-east, eu-central, ap-south/);
    expect(sim.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it.each([
    [{ defaultRegion: "EU" }, ["defaultRegion"]],
    [{ defaultRegion: 3 }, ["defaultRegion"]],
    [{}, ["defaultRegion"]],
    [{ defaultRegion: "us-west", defaultregion: "x" }, ["defaultregion"]],
  ])("check %j fails on %j", async (news, properties) => {
    const { failures } = await (await provider()).check({}, news);
    expect((failures ?? []).map((f) => f.property)).toEqual(properties);
  });
});

describe("the simulator's properties endpoints", () => {
  it.each([
    [{}, /No properties provided/],
    [{ invalidProp: 1 }, /Property 'invalidProp' is not a valid property/],
    [{ defaultRegion: "invalid-region" }, /Region 'invalid-region' is not available\. Available regions: us-west, us-east, eu-central, ap-south/],
  ])("PATCH /properties %j is a 400", async (body, message) => {
    const res = await api("PATCH", "/v1/properties", body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(message);
  });

  it("PATCH answers with the schema view; GET /properties/schema shows current, default and available values; a reset restores", async () => {
    const patched = await api("PATCH", "/v1/properties", { defaultRegion: "eu-central" });
    expect(patched.json).toMatchObject({ properties: { defaultRegion: { currentValue: "eu-central", default: "us-west", availableValues: ["us-west", "us-east", "eu-central", "ap-south"], readOnly: false } } });
    expect((await api("GET", "/v1/properties/schema")).json).toMatchObject({ properties: { defaultRegion: { currentValue: "eu-central", type: "string" } } });
    // An agent without a region now lands in the new default.
    expect((await api("POST", "/v1/agents", { serviceName: "defaulted", image: "acme/bot:1" })).json).toMatchObject({ region: "eu-central" });
    sim.reset();
    expect((await api("GET", "/v1/properties")).json).toEqual({ properties: { defaultRegion: "us-west" } });
  });
});
