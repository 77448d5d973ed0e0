// The lookups field by field where test/integration/lookups.test.ts does not look:
// every setting getAgent reports, a set whose answers leave the status out, and a
// name that only begins like an existing one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { forgetRegions } from "../../src/core/regions";
import { getAgent, getSecretSet } from "../../src/lookups";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_lookup_fields_key_0123456789";
let sim: Simulator;
let conn: { apiKey: string; apiUrl: string };

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    secretSets: [{ name: "shared-keys", region: "eu-central", secrets: { OPENAI_API_KEY: "sk-x" } }, { name: "registry", region: "eu-central", type: "imagePullSecret" }],
  });
  conn = { apiKey: KEY, apiUrl: sim.url };
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  forgetRegions();
});

describe("getAgent", () => {
  it("reports every setting the API reports, each under its own name", async () => {
    const res = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        serviceName: "full", image: "acme/bot:7", region: "eu-central", secretSet: "shared-keys", imagePullSecretSet: "registry",
        agentProfile: "agent-3x", autoScaling: { minAgents: 2, maxAgents: 9 }, krispViva: { audioFilter: "pro" }, maxSessionDuration: 1800,
      }),
    });
    expect(res.status).toBeLessThan(300);
    expect(await getAgent({ agentName: "full", ...conn })).toMatchObject({
      agentName: "full", region: "eu-central", image: "acme/bot:7", secretSet: "shared-keys", imagePullSecretSet: "registry",
      agentProfile: "agent-3x", autoScaling: { minAgents: 2, maxAgents: 9 }, krispVivaAudioFilter: "pro", maxSessionDuration: 1800,
    });
  });
});

describe("getSecretSet", () => {
  it("a set whose answers leave the status out is ready (as every set was before the API had one)", async () => {
    sim.faults.add({ method: "GET", path: "/v1/secrets", fault: { kind: "status", status: 200, body: { sets: [{ name: "legacy", type: "secret", region: "us-east" }] } } });
    sim.faults.add({ method: "GET", path: "/v1/secrets/legacy", fault: { kind: "status", status: 200, body: { region: "us-east", secrets: [{ fieldName: "B" }, { fieldName: "A" }] } } });
    expect(await getSecretSet({ setName: "legacy", ...conn })).toEqual({ setName: "legacy", region: "us-east", type: "secret", status: "ready", keys: ["A", "B"] });
  });

  it("a set named like the start of another is not found", async () => {
    await expect(getSecretSet({ setName: "shared", ...conn })).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/No secret set named "shared"/) });
  });

  it("an image pull secret is not read by name (the API answers 400 for that)", async () => {
    expect(await getSecretSet({ setName: "registry", ...conn })).toEqual({ setName: "registry", region: "eu-central", type: "imagePullSecret", status: "ready", keys: [] });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/secrets"]);
  });
});
