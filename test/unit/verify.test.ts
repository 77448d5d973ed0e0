// Read your writes, as a table: what was sent (checked inputs) against one live snapshot.
import { describe, expect, it } from "vitest";
import { withAgentDefaults } from "../../src/agent/check";
import { inputsFromState } from "../../src/agent/mapping";
import type { AgentDetails } from "../../src/agent/schema";
import { ignoredFields } from "../../src/agent/verify";

const sent = inputsFromState(
  withAgentDefaults({
    agentName: "my-agent", image: "acme/bot:2", region: "us-west", autoScaling: { minAgents: 1, maxAgents: 5 },
    agentProfile: "agent-2x", maxSessionDuration: 3600, krispViva: { audioFilter: "tel" },
  }),
);

/** The live agent exactly as sent; each row changes one thing. */
function live(change: (a: AgentDetails & { deployment: { manifest: { spec: Record<string, unknown> } } }) => void = () => {}): AgentDetails {
  const agent = {
    name: "my-agent", region: "us-west", agentProfile: "agent-2x", krispViva: { audioFilter: "tel" },
    autoScaling: { minReplicas: 1, maxReplicas: 5 },
    deployment: { id: "d1", manifest: { spec: { image: "acme/bot:2", maxSessionDurationSeconds: 3600 } as Record<string, unknown> } },
  };
  change(agent);
  return agent;
}

describe("ignoredFields", () => {
  it.each([
    ["everything applied", live(), []],
    ["a secret set still bound after sending null", live((a) => (a.deployment.manifest.spec.envFromSecretNames = ["old-secrets"])), [{ field: "secretSet", sent: null, live: "old-secrets" }]],
    ["an image pull secret still bound", live((a) => (a.deployment.manifest.spec.imagePullSecretName = "creds")), [{ field: "imagePullSecretSet", sent: null, live: "creds" }]],
    ["scaling not applied", live((a) => (a.autoScaling = { minReplicas: 0, maxReplicas: 5 })), [{ field: "autoScaling.minAgents", sent: 1, live: 0 }]],
    ["the old image", live((a) => (a.deployment.manifest.spec.image = "acme/bot:1")), [{ field: "image", sent: "acme/bot:2", live: "acme/bot:1" }]],
    ["another profile", live((a) => (a.agentProfile = "agent-1x")), [{ field: "agentProfile", sent: "agent-2x", live: "agent-1x" }]],
    ["Krisp left on", live((a) => (a.krispViva = { audioFilter: "pro" })), [{ field: "krispViva.audioFilter", sent: "tel", live: "pro" }]],
    ["max session duration back to the default", live((a) => delete a.deployment.manifest.spec.maxSessionDurationSeconds), [{ field: "maxSessionDuration", sent: 3600, live: 7200 }]],
    ["another region", live((a) => (a.region = "eu-central")), [{ field: "region", sent: "us-west", live: "eu-central" }]],
    ["a response without the fields cannot be judged", { name: "my-agent" }, []],
  ] as Array<[string, AgentDetails, unknown[]]>)("%s", (_name, snapshot, expected) => {
    expect(ignoredFields(sent, snapshot)).toEqual(expected);
  });

  it("a build deploy's redacted image is not compared", () => {
    const byBuild = inputsFromState({ ...sent, image: undefined, buildId: "123e4567-e89b-12d3-a456-426614174000" });
    expect(ignoredFields(byBuild, live((a) => (a.deployment.manifest.spec.image = "<redacted>")))).toEqual([]);
  });
});
