import { describe, expect, it } from "vitest";
import { checkAgentInputs } from "../../src/agent/check";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { agentName: "my-agent", image: "acme/bot:1.0" };

describe("checkAgentInputs: failures name the property and the fix", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["missing agentName", { image: "acme/bot:1" }, "agentName", /is required/],
    ["uppercase agentName", { ...base, agentName: "My-Agent" }, "agentName", /lowercase/],
    ["one-character agentName", { ...base, agentName: "a" }, "agentName", /at least 2 characters/],
    ["trailing hyphen", { ...base, agentName: "agent-" }, "agentName", /start and end/],
    ["55-character agentName", { ...base, agentName: "a".repeat(55) }, "agentName", /at most 54/],
    ["image without tag", { ...base, image: "acme/bot" }, "image", /tag or digest/],
    ["registry port is not a tag", { ...base, image: "registry.io:5000/bot" }, "image", /tag or digest/],
    ["image and buildId", { ...base, buildId: "123e4567-e89b-12d3-a456-426614174000" }, "buildId", /not both/],
    ["neither image nor buildId", { agentName: "my-agent" }, "image", /required unless buildId/],
    ["buildId not a uuid", { agentName: "my-agent", buildId: "build-1" }, "buildId", /UUID/],
    ["nodeType other than arm", { ...base, nodeType: "x86" }, "nodeType", /"arm"/],
    ["unknown profile", { ...base, agentProfile: "agent-4x" }, "agentProfile", /agent-1x/],
    ["session too short", { ...base, maxSessionDuration: 59 }, "maxSessionDuration", /at least 60/],
    ["session too long", { ...base, maxSessionDuration: 14_401 }, "maxSessionDuration", /at most 14400/],
    ["fractional session", { ...base, maxSessionDuration: 90.5 }, "maxSessionDuration", /whole number/],
    ["negative minAgents", { ...base, autoScaling: { minAgents: -1 } }, "autoScaling.minAgents", /at least 0/],
    ["zero maxAgents", { ...base, autoScaling: { maxAgents: 0 } }, "autoScaling.maxAgents", /at least 1/],
    ["min above max", { ...base, autoScaling: { minAgents: 5, maxAgents: 2 } }, "autoScaling.maxAgents", /at least minAgents \(5\)/],
    ["min above default max", { ...base, autoScaling: { minAgents: 60 } }, "autoScaling.maxAgents", /\(the default\)/],
    ["bad audio filter", { ...base, krispViva: { audioFilter: "studio" } }, "krispViva.audioFilter", /"tel".*"pro".*null/],
    ["misspelt autoScaling", { ...base, autoscaling: { maxAgents: 2 } }, "autoscaling", /did you mean "autoScaling"/],
    ["misspelt nested key", { ...base, autoScaling: { maxagents: 2 } }, "autoScaling.maxagents", /did you mean "maxAgents"/],
    ["unrelated unknown key", { ...base, colour: "blue" }, "colour", /known properties are: agentName/],
    ["bad secret set name", { ...base, secretSet: "My_Secrets" }, "secretSet", /lowercase/],
    ["bad region code", { ...base, region: "US West" }, "region", /region code/],
    ["timeout zero", { ...base, readyTimeoutSeconds: 0 }, "readyTimeoutSeconds", /at least 1/],
  ];

  it.each(cases)("%s", async (_name, inputs, property, reason) => {
    const { failures } = await checkAgentInputs(inputs);
    const failure = failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });
});

describe("checkAgentInputs: valid inputs", () => {
  it.each([
    ["image with tag", { ...base }],
    ["image with registry port and tag", { ...base, image: "registry.io:5000/acme/bot:2" }],
    ["image by digest", { ...base, image: `acme/bot@sha256:${"a".repeat(64)}` }],
    ["build", { agentName: "my-agent", buildId: "123e4567-e89b-12d3-a456-426614174000" }],
    ["krisp disabled explicitly", { ...base, krispViva: { audioFilter: null } }],
    ["everything", {
      ...base, region: "eu-central", nodeType: "arm", imagePullSecretSet: "dockerhub-credentials", secretSet: "my-agent-secrets",
      autoScaling: { minAgents: 1, maxAgents: 5 }, krispViva: { audioFilter: "tel" }, agentProfile: "agent-2x",
      maxSessionDuration: 3600, waitForReady: false, readyTimeoutSeconds: 30, redeployTrigger: "2026-11-28",
    }],
  ])("%s passes", async (_name, inputs) => {
    expect((await checkAgentInputs(inputs)).failures).toEqual([]);
  });

  it("fills in the documented defaults, keeping what was given", async () => {
    const { inputs } = await checkAgentInputs({ ...base, autoScaling: { maxAgents: 3 }, __provider: "code" });
    expect(inputs).toEqual({
      ...base,
      nodeType: "arm",
      agentProfile: "agent-1x",
      maxSessionDuration: 7200,
      autoScaling: { minAgents: 0, maxAgents: 3 },
      krispViva: { audioFilter: null },
      waitForReady: true,
      readyTimeoutSeconds: 600,
    });
  });

  it("treats null as not set", async () => {
    const { inputs, failures } = await checkAgentInputs({ ...base, secretSet: null, agentProfile: null });
    expect(failures).toEqual([]);
    expect(inputs.secretSet).toBeUndefined();
    expect(inputs.agentProfile).toBe("agent-1x");
  });
});

describe("checkAgentInputs during preview: unknown values pass through", () => {
  it.each([
    ["agentName unknown", { agentName: UNKNOWN, image: "acme/bot:1" }],
    ["image unknown (xor rule skipped)", { agentName: "my-agent", image: UNKNOWN }],
    ["whole autoScaling unknown", { ...base, autoScaling: UNKNOWN }],
    ["maxAgents unknown (min<=max skipped)", { ...base, autoScaling: { minAgents: 9, maxAgents: UNKNOWN } }],
    ["typed number sentinel", { ...base, maxSessionDuration: "3eeb2bf0-c639-47a8-9e75-3b44932eb421" }],
  ])("%s", async (_name, inputs) => {
    const result = await checkAgentInputs(inputs);
    expect(result.failures).toEqual([]);
    for (const [key, value] of Object.entries(inputs)) {
      if (typeof value === "string") expect(result.inputs[key]).toBe(value);
    }
  });

  it("still reports problems with the known values", async () => {
    const { failures } = await checkAgentInputs({ agentName: UNKNOWN, image: "acme/bot", agentProfile: "huge" });
    expect(failures.map((f) => f.property).sort()).toEqual(["agentProfile", "image"]);
  });
});
