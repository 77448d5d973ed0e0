// Read your writes, as tables: what was sent (checked inputs) against one live snapshot.
// Every compared field in three cases: left out (unknown: never judged, never written into
// state), null, and present; then whose deployment a differing snapshot is.
import { describe, expect, it } from "vitest";
import { withAgentDefaults } from "../../src/agent/check";
import { inputsFromLive, inputsFromState } from "../../src/agent/mapping";
import type { AgentDetails } from "../../src/agent/schema";
import { ignoredFields, judgeWrite } from "../../src/agent/verify";

const sent = inputsFromState(
  withAgentDefaults({
    agentName: "my-agent", image: "acme/bot:2", region: "us-west", autoScaling: { minAgents: 1, maxAgents: 5 },
    agentProfile: "agent-2x", maxSessionDuration: 3600, krispViva: { audioFilter: "tel" },
    secretSet: "bot-secrets", imagePullSecretSet: "creds",
  }),
);

type Live = AgentDetails & { deployment: { manifest: { spec: Record<string, unknown> } } } & Record<string, unknown>;

/** The live agent exactly as sent; each row changes one thing. */
function live(change: (a: Live) => void = () => {}): AgentDetails {
  const agent = {
    name: "my-agent", region: "us-west", agentProfile: "agent-2x", krispViva: { audioFilter: "tel" },
    autoScaling: { minReplicas: 1, maxReplicas: 5 }, desiredDeploymentId: "d1",
    deployment: {
      id: "d1",
      manifest: { spec: { image: "acme/bot:2", maxSessionDurationSeconds: 3600, envFromSecretNames: ["bot-secrets"], imagePullSecretName: "creds" } as Record<string, unknown> },
    },
  } as Live;
  change(agent);
  return agent;
}
const spec = (a: Live) => a.deployment.manifest.spec;

/** One row per field and case: how to make the snapshot, what is ignored, and what a refresh records. */
const FIELDS: Array<{ field: string; absent: (a: Live) => void; nulled: (a: Live) => void; other: (a: Live) => void; sentValue: unknown; otherValue: unknown; nullRecorded: unknown; read: (i: ReturnType<typeof inputsFromState>) => unknown }> = [
  { field: "image", absent: (a) => delete spec(a).image, nulled: (a) => (spec(a).image = null), other: (a) => (spec(a).image = "acme/bot:1"), sentValue: "acme/bot:2", otherValue: "acme/bot:1", nullRecorded: "acme/bot:2", read: (i) => i.image },
  { field: "secretSet", absent: (a) => delete spec(a).envFromSecretNames, nulled: (a) => (spec(a).envFromSecretNames = null), other: (a) => (spec(a).envFromSecretNames = ["old-secrets"]), sentValue: "bot-secrets", otherValue: "old-secrets", nullRecorded: undefined, read: (i) => i.secretSet },
  { field: "imagePullSecretSet", absent: (a) => delete spec(a).imagePullSecretName, nulled: (a) => (spec(a).imagePullSecretName = null), other: (a) => (spec(a).imagePullSecretName = "old-creds"), sentValue: "creds", otherValue: "old-creds", nullRecorded: undefined, read: (i) => i.imagePullSecretSet },
  { field: "maxSessionDuration", absent: (a) => delete spec(a).maxSessionDurationSeconds, nulled: (a) => (spec(a).maxSessionDurationSeconds = null), other: (a) => (spec(a).maxSessionDurationSeconds = 7200), sentValue: 3600, otherValue: 7200, nullRecorded: 3600, read: (i) => i.maxSessionDuration },
  { field: "autoScaling.minAgents", absent: (a) => delete (a.autoScaling as Record<string, unknown>).minReplicas, nulled: (a) => ((a.autoScaling as Record<string, unknown>).minReplicas = null), other: (a) => ((a.autoScaling as Record<string, unknown>).minReplicas = 0), sentValue: 1, otherValue: 0, nullRecorded: 1, read: (i) => i.autoScaling.minAgents },
  { field: "autoScaling.maxAgents", absent: (a) => delete (a.autoScaling as Record<string, unknown>).maxReplicas, nulled: (a) => ((a.autoScaling as Record<string, unknown>).maxReplicas = null), other: (a) => ((a.autoScaling as Record<string, unknown>).maxReplicas = 50), sentValue: 5, otherValue: 50, nullRecorded: 5, read: (i) => i.autoScaling.maxAgents },
  { field: "agentProfile", absent: (a) => delete a.agentProfile, nulled: (a) => (a.agentProfile = null), other: (a) => (a.agentProfile = "agent-1x"), sentValue: "agent-2x", otherValue: "agent-1x", nullRecorded: "agent-2x", read: (i) => i.agentProfile },
  { field: "krispViva.audioFilter", absent: (a) => delete (a.krispViva as Record<string, unknown>).audioFilter, nulled: (a) => ((a.krispViva as Record<string, unknown>).audioFilter = null), other: (a) => (a.krispViva = { audioFilter: "pro" }), sentValue: "tel", otherValue: "pro", nullRecorded: null, read: (i) => i.krispViva.audioFilter },
  { field: "region", absent: (a) => delete a.region, nulled: (a) => (a.region = null), other: (a) => (a.region = "eu-central"), sentValue: "us-west", otherValue: "eu-central", nullRecorded: "us-west", read: (i) => i.region },
];
/** Fields where null is the API's "none", a value in its own right. */
const NULL_IS_A_VALUE = new Set(["secretSet", "imagePullSecretSet", "krispViva.audioFilter"]);

describe.each(FIELDS)("$field", ({ field, absent, nulled, other, sentValue, otherValue, nullRecorded, read }) => {
  it("left out: not judged, and a refresh keeps the stored value", () => {
    expect(ignoredFields(sent, live(absent))).toEqual([]);
    expect(read(inputsFromLive(sent, live(absent)))).toEqual(sentValue);
  });

  it(`null: ${NULL_IS_A_VALUE.has(field) ? "reported as none" : "unknown, like left out"}`, () => {
    expect(ignoredFields(sent, live(nulled))).toEqual(NULL_IS_A_VALUE.has(field) ? [{ field, sent: sentValue, live: null }] : []);
    expect(read(inputsFromLive(sent, live(nulled)))).toEqual(nullRecorded);
  });

  it("present and as sent: applied", () => {
    expect(ignoredFields(sent, live())).toEqual([]);
    expect(read(inputsFromLive(sent, live()))).toEqual(sentValue);
  });

  it("present and different: ignored, and a refresh records the live value", () => {
    expect(ignoredFields(sent, live(other))).toEqual([{ field, sent: sentValue, live: otherValue }]);
    expect(read(inputsFromLive(sent, live(other)))).toEqual(otherValue);
  });
});

describe("ignoredFields, special cases", () => {
  it("a secret set still bound after sending none", () => {
    const unbound = inputsFromState({ ...sent, secretSet: undefined });
    expect(ignoredFields(unbound, live())).toEqual([{ field: "secretSet", sent: null, live: "bot-secrets" }]);
  });

  it("an empty list of secret sets reports none", () => {
    expect(ignoredFields(sent, live((a) => (spec(a).envFromSecretNames = [])))).toEqual([{ field: "secretSet", sent: "bot-secrets", live: null }]);
  });

  it("a response without any of the fields cannot be judged", () => {
    expect(ignoredFields(sent, { name: "my-agent" })).toEqual([]);
  });

  it("krispViva: null reports Krisp off", () => {
    expect(ignoredFields(sent, live((a) => (a.krispViva = null)))).toEqual([{ field: "krispViva.audioFilter", sent: "tel", live: null }]);
  });

  it("a build deploy's redacted image is not compared", () => {
    const byBuild = inputsFromState({ ...sent, image: undefined, buildId: "123e4567-e89b-12d3-a456-426614174000" });
    expect(ignoredFields(byBuild, live((a) => (spec(a).image = "<redacted>")))).toEqual([]);
  });
});

describe("judgeWrite: ours or someone else's", () => {
  const answer = live(); // the write's answer: deployment d1
  const elsewhere = (a: Live) => ((a.desiredDeploymentId = "d2"), (a.deployment.id = "d2"));
  const anonymous = live((a) => delete a.desiredDeploymentId);
  it.each([
    ["our deployment, as sent", answer, live(), { kind: "applied" }],
    ["our deployment, a field not applied", answer, live((a) => (a.agentProfile = "agent-1x")), { kind: "ignored", fields: [{ field: "agentProfile", sent: "agent-2x", live: "agent-1x" }] }],
    ["another deployment with other values", answer, live((a) => (elsewhere(a), (spec(a).image = "acme/hotfix:1"))), { kind: "redeployed-elsewhere", ours: "d1", theirs: "d2", fields: [{ field: "image", sent: "acme/bot:2", live: "acme/hotfix:1" }] }],
    ["another deployment with our values (readiness decides)", answer, live(elsewhere), { kind: "applied" }],
    ["an answer without a deployment id: cannot be told apart, so not applied", anonymous, live((a) => (elsewhere(a), (a.agentProfile = "agent-1x"))), { kind: "ignored", fields: [{ field: "agentProfile", sent: "agent-2x", live: "agent-1x" }] }],
  ] as Array<[string, AgentDetails, AgentDetails, unknown]>)("%s", (_name, written, snapshot, verdict) => {
    expect(judgeWrite(sent, written, snapshot)).toEqual(verdict);
  });
});
