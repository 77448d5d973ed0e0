import { describe, expect, it } from "vitest";
import { diffAgent } from "../../src/agent/diff";
import { withAgentDefaults } from "../../src/agent/check";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Stored outputs: checked inputs plus the live status, as create() leaves them. */
function outputs(inputs: Record<string, unknown>, live: Record<string, unknown> = {}) {
  return { ...withAgentDefaults(inputs), region: "us-west", name: inputs.agentName, ready: true, available: true, __provider: "old code", ...live };
}
const checked = (inputs: Record<string, unknown>) => ({ ...withAgentDefaults(inputs), __provider: "new code" });

const base = { agentName: "my-agent", image: "acme/bot:1" };

describe("diffAgent", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, { changed: string[]; replaces: string[]; deleteBeforeReplace: boolean }]> = [
    ["nothing changed (status fields and provider code ignored)", outputs(base, { ready: false }), checked(base), { changed: [], replaces: [], deleteBeforeReplace: false }],
    ["image changed", outputs(base), checked({ ...base, image: "acme/bot:2" }), { changed: ["image"], replaces: [], deleteBeforeReplace: false }],
    ["scaling changed", outputs(base), checked({ ...base, autoScaling: { maxAgents: 3 } }), { changed: ["autoScaling"], replaces: [], deleteBeforeReplace: false }],
    ["explicit default is no change", outputs(base), checked({ ...base, agentProfile: "agent-1x", autoScaling: { minAgents: 0 } }), { changed: [], replaces: [], deleteBeforeReplace: false }],
    ["secret set removed", outputs({ ...base, secretSet: "my-secrets" }), checked(base), { changed: ["secretSet"], replaces: [], deleteBeforeReplace: false }],
    ["redeploy trigger", outputs(base), checked({ ...base, redeployTrigger: "v2" }), { changed: ["redeployTrigger"], replaces: [], deleteBeforeReplace: false }],
    ["provider-only setting", outputs(base), checked({ ...base, readyTimeoutSeconds: 60 }), { changed: ["readyTimeoutSeconds"], replaces: [], deleteBeforeReplace: false }],
    ["rename replaces, create first", outputs(base), checked({ ...base, agentName: "other-agent" }), { changed: ["agentName"], replaces: ["agentName"], deleteBeforeReplace: false }],
    ["region omitted: the live default is not a change", outputs(base, { region: "eu-central" }), checked(base), { changed: [], replaces: [], deleteBeforeReplace: false }],
    ["region pinned to the live value is not a change", outputs(base, { region: "us-west" }), checked({ ...base, region: "us-west" }), { changed: [], replaces: [], deleteBeforeReplace: false }],
    ["region moved: replace, delete first (same name)", outputs({ ...base, region: "us-west" }), checked({ ...base, region: "us-east" }), { changed: ["region"], replaces: ["region"], deleteBeforeReplace: true }],
    ["region and name changed: create first", outputs(base), checked({ ...base, agentName: "agent-eu", region: "eu-central" }), { changed: ["agentName", "region"], replaces: ["agentName", "region"], deleteBeforeReplace: false }],
    ["unknown image during preview", outputs(base), checked({ ...base, image: UNKNOWN }), { changed: ["image"], replaces: [], deleteBeforeReplace: false }],
    ["unknown nested value", outputs(base), checked({ ...base, autoScaling: { maxAgents: UNKNOWN } }), { changed: ["autoScaling"], replaces: [], deleteBeforeReplace: false }],
    ["unknown name may replace: delete first to be safe", outputs(base), checked({ ...base, agentName: UNKNOWN }), { changed: ["agentName"], replaces: ["agentName"], deleteBeforeReplace: true }],
    ["unknown region may replace", outputs(base), checked({ ...base, region: UNKNOWN }), { changed: ["region"], replaces: ["region"], deleteBeforeReplace: true }],
  ];

  it.each(cases)("%s", (_name, olds, news, expected) => {
    const result = diffAgent(olds, news);
    expect({ changed: result.changed, replaces: result.replaces, deleteBeforeReplace: result.deleteBeforeReplace }).toEqual(expected);
    expect(result.changes).toBe(expected.changed.length > 0);
  });
});
