import { describe, expect, it } from "vitest";
import { apiConfigChanged, inputsFromLive, inputsFromState, toCreateBody, toOutputs, toUpdateBody, type AgentInputs } from "../../src/agent/mapping";
import type { AgentDetails } from "../../src/agent/schema";
import { withAgentDefaults } from "../../src/agent/check";

const checked = (inputs: Record<string, unknown>) => inputsFromState(withAgentDefaults(inputs));
const seed = checked({
  agentName: "my-agent", image: "your-username/my-agent:latest", nodeType: "arm", imagePullSecretSet: "dockerhub-credentials",
  secretSet: "my-agent-secrets", agentProfile: "agent-1x",
});

describe("toCreateBody", () => {
  it("sends exactly the documented fields, with defaults explicit and nothing provider-only", () => {
    expect(toCreateBody({ ...seed, redeployTrigger: "x", readyTimeoutSeconds: 5 })).toEqual({
      serviceName: "my-agent",
      image: "your-username/my-agent:latest",
      nodeType: "arm",
      imagePullSecretSet: "dockerhub-credentials",
      secretSet: "my-agent-secrets",
      autoScaling: { minAgents: 0, maxAgents: 50 },
      krispViva: { audioFilter: null },
      agentProfile: "agent-1x",
      maxSessionDuration: 7200,
    });
  });

  it.each([
    ["region when pinned", { region: "eu-central" }, { region: "eu-central" }],
    ["buildId instead of image", { image: undefined, buildId: "123e4567-e89b-12d3-a456-426614174000" }, { buildId: "123e4567-e89b-12d3-a456-426614174000" }],
    ["deprecated enableKrisp only when set", { enableKrisp: true }, { enableKrisp: true }],
    ["managed keys under the API's field name", { enableManagedKeys: true }, { enableIntegratedKeysProxy: true }],
  ])("%s", (_name, change, expected) => {
    const body = toCreateBody({ ...seed, ...change } as AgentInputs);
    expect(body).toMatchObject(expected);
    if (!("image" in change)) expect(body.image).toBe(seed.image);
    else expect(body).not.toHaveProperty("image");
  });
});

describe("toUpdateBody", () => {
  const cases: Array<[string, Partial<AgentInputs>, Partial<AgentInputs>, Record<string, unknown>, string[]]> = [
    ["never sends the name or the region", { region: "us-west" }, { region: "us-west" }, {}, ["serviceName", "region", "forceRedeploy"]],
    ["removed secret set is cleared with null", { secretSet: "old-secrets" }, { secretSet: undefined }, { secretSet: null }, []],
    ["removed image pull secret set is cleared with null", { imagePullSecretSet: "creds" }, { imagePullSecretSet: undefined }, { imagePullSecretSet: null }, []],
    ["removed enableKrisp is switched off", { enableKrisp: true }, { enableKrisp: undefined }, { enableKrisp: false }, []],
    ["changed trigger forces a redeploy", { redeployTrigger: "a" }, { redeployTrigger: "b" }, { forceRedeploy: true }, []],
    ["first trigger forces a redeploy", {}, { redeployTrigger: "a" }, { forceRedeploy: true }, []],
    ["same trigger does not", { redeployTrigger: "a" }, { redeployTrigger: "a" }, {}, ["forceRedeploy"]],
    ["removed trigger does not", { redeployTrigger: "a" }, { redeployTrigger: undefined }, {}, ["forceRedeploy"]],
    ["emptied trigger does not", { redeployTrigger: "a" }, { redeployTrigger: "" }, {}, ["forceRedeploy"]],
    ["removed scaling goes back to the defaults", { autoScaling: { minAgents: 2, maxAgents: 4 } }, { autoScaling: { minAgents: 0, maxAgents: 50 } }, { autoScaling: { minAgents: 0, maxAgents: 50 } }, []],
  ];

  it.each(cases)("%s", (_name, before, after, expected, absent) => {
    const body = toUpdateBody({ ...seed, ...after } as AgentInputs, { ...seed, ...before });
    expect(body).toMatchObject(expected);
    for (const key of absent) expect(body).not.toHaveProperty(key);
    expect(JSON.stringify(body)).not.toMatch(/waitForReady|readyTimeoutSeconds|redeployTrigger/);
  });
});

describe("apiConfigChanged", () => {
  it.each([
    ["identical", {}, false],
    ["provider-only readyTimeoutSeconds", { readyTimeoutSeconds: 30 }, false],
    ["provider-only waitForReady", { waitForReady: false }, false],
    ["image", { image: "your-username/my-agent:v2" }, true],
    ["scaling", { autoScaling: { minAgents: 1, maxAgents: 50 } }, true],
    ["redeploy trigger", { redeployTrigger: "now" }, true],
    ["provider-only allowRegionMoveDowntime", { allowRegionMoveDowntime: true }, false],
  ])("%s → %s", (_name, change, expected) => {
    expect(apiConfigChanged({ ...seed, ...change } as AgentInputs, seed)).toBe(expected);
  });

  it("removing the redeploy trigger changes nothing upstream", () => {
    expect(apiConfigChanged(seed as AgentInputs, { ...seed, redeployTrigger: "rotated-1" })).toBe(false);
  });
});

const live: AgentDetails = {
  name: "my-agent", region: "eu-central", ready: true, available: true,
  createdAt: "2026-11-28T10:00:00.000Z", updatedAt: "2026-11-28T10:05:00.000Z",
  desiredDeploymentId: "d2", activeDeploymentId: "d2", reconciledDeploymentId: "d2", activeDeploymentReady: true,
  autoScaling: { minReplicas: 2, maxReplicas: 8 }, activeSessionCount: 3, agentProfile: "agent-2x",
  krispViva: { audioFilter: "tel" },
  deployment: {
    id: "d2", serviceId: "s1",
    manifest: { spec: { dailyNodeType: "arm", image: "your-username/my-agent:hotfix", imagePullSecretName: "dockerhub-credentials", envFromSecretNames: ["other-secrets"], maxSessionDurationSeconds: 1800 } },
  },
  currentRevision: { deploymentID: "d2", phase: "Active", readyReplicas: 2 },
  previousRevision: null,
};

describe("toOutputs", () => {
  it("keeps the input shapes and adds the live status, never the API's autoScaling shape", () => {
    const outs = toOutputs(seed, live);
    expect(outs.autoScaling).toEqual({ minAgents: 0, maxAgents: 50 });
    expect(outs.requestedRegion).toBeNull();
    expect(outs).not.toHaveProperty("minReplicas");
    expect(outs).toMatchObject({
      agentName: "my-agent", region: "eu-central", name: "my-agent", ready: true, available: true, activeSessionCount: 3,
      desiredDeploymentId: "d2", reconciledDeploymentId: "d2", activeDeploymentId: "d2", activeDeploymentReady: true,
      deployment: { id: "d2", serviceId: "s1" }, currentRevision: { phase: "Active" }, previousRevision: null, deploymentErrors: [],
    });
  });

  it("keeps what identifies the deployment, not its manifest (it restates the inputs)", () => {
    expect(toOutputs(seed, live).deployment).toEqual({ id: "d2", serviceId: "s1" });
  });

  it("is JSON-safe: absent fields are null, never undefined", () => {
    const outs = toOutputs(seed, { name: "my-agent", region: "us-west", ready: false });
    const walk = (v: unknown): void => {
      expect(v).not.toBeUndefined();
      if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(outs);
    expect(outs).toMatchObject({ available: false, desiredDeploymentId: null, deployment: null, currentRevision: null, activeSessionCount: 0 });
    expect(Object.keys(outs)).not.toContain("secretSet_undefined");
  });
});

describe("inputsFromState", () => {
  it.each([
    ["checked inputs: region as given", { agentName: "a", region: "us-east" }, "us-east"],
    ["checked inputs: no region", { agentName: "a" }, undefined],
    ["stored outputs: region left to the default", { agentName: "a", region: "us-west", requestedRegion: null }, undefined],
    ["stored outputs: region pinned", { agentName: "a", region: "us-west", requestedRegion: "us-west" }, "us-west"],
  ])("%s", (_name, state, region) => {
    expect(inputsFromState(state).region).toBe(region);
  });
});

describe("inputsFromLive (refresh)", () => {
  it("reads every drifted setting back in input terms", () => {
    expect(inputsFromLive(seed, live)).toEqual({
      ...seed,
      image: "your-username/my-agent:hotfix",
      secretSet: "other-secrets",
      autoScaling: { minAgents: 2, maxAgents: 8 },
      krispViva: { audioFilter: "tel" },
      agentProfile: "agent-2x",
      maxSessionDuration: 1800,
    });
  });

  it("does not pin a region the user left to the organization default", () => {
    expect(inputsFromLive(seed, live).region).toBeUndefined();
    expect(inputsFromLive({ ...seed, region: "us-west" }, live).region).toBe("eu-central");
  });

  it("keeps buildId and does not invent an image for build deploys (the image is redacted)", () => {
    const fromBuild = { ...seed, image: undefined, buildId: "123e4567-e89b-12d3-a456-426614174000" };
    const result = inputsFromLive(fromBuild, live);
    expect(result.buildId).toBe(fromBuild.buildId);
    expect(result).not.toHaveProperty("image");
  });

  it("a secret set removed out of band (reported as none) reads back as unset", () => {
    const none = { ...live, deployment: { id: "d3", manifest: { spec: { dailyNodeType: "arm", image: seed.image, envFromSecretNames: [], imagePullSecretName: null } } } };
    const result = inputsFromLive(seed, none);
    expect(result).not.toHaveProperty("secretSet");
    expect(result).not.toHaveProperty("imagePullSecretSet");
  });

  it("fields the response leaves out are unknown: the stored values stay, never the defaults", () => {
    const bare = { ...live, deployment: { id: "d3", manifest: { spec: { dailyNodeType: "arm", image: seed.image } } } };
    const result = inputsFromLive(seed, bare);
    expect(result.secretSet).toBe(seed.secretSet);
    expect(result.imagePullSecretSet).toBe(seed.imagePullSecretSet);
    expect(result.maxSessionDuration).toBe(seed.maxSessionDuration);
  });

  it("keeps the previous values when the response has no deployment yet", () => {
    const result = inputsFromLive(seed, { ...live, deployment: null });
    expect(result.image).toBe(seed.image);
    expect(result.secretSet).toBe(seed.secretSet);
  });
});
