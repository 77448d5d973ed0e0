// Every numeric and length limit of every resource's inputs, at both edges: the
// last value accepted and the first refused. The property tests
// (input-rules*.test.ts) prove the zod-free rules agree with the zod schemas; they
// cannot see a limit moved in both. These rows pin the limits themselves, through
// check() and through the schema that explains a rejection.
import { describe, expect, it } from "vitest";
import { checkAgentInputs, schemaFailures as agentSchemaFailures } from "../../src/agent/check";
import { buildSchemaFailures, checkBuildInputs } from "../../src/build/check";
import { pollCapMs, readStackConfig } from "../../src/config";
import { checkImagePullSecretInputs, imagePullSecretSchemaFailures } from "../../src/image-pull-secret/check";
import { checkSecretSetInputs, secretSetSchemaFailures } from "../../src/secret-set/check";

const a = (n: number) => "a".repeat(n);
const hex = (n: number) => "0123456789abcdef".repeat(8).slice(0, n);

type Check = (news: Record<string, unknown>) => Promise<{ failures: Array<{ property: string }> }>;
type Schema = (known: Record<string, unknown>, unknownPaths: string[]) => Promise<Array<{ property: string }>>;

interface Kind {
  base: Record<string, unknown>;
  check: Check;
  schema: Schema;
  /** [the input judged, what to change in `base`, accepted?, "check only" for a cross-field rule the schema leaves to check()] */
  rows: Array<[string, Record<string, unknown>, boolean, ("check only" | undefined)?]>;
}

const KINDS: Record<string, Kind> = {
  PipecatAgent: {
    base: { agentName: "my-agent", image: "acme/bot:1" },
    check: checkAgentInputs,
    schema: agentSchemaFailures,
    rows: [
      ["agentName", { agentName: "ab" }, true],
      ["agentName", { agentName: "a" }, false],
      ["agentName", { agentName: a(54) }, true],
      ["agentName", { agentName: a(55) }, false],
      ["image", { image: `acme/bot:${a(128)}` }, true],
      ["image", { image: `acme/bot:${a(129)}` }, false],
      ["image", { image: `acme/bot@sha256:${hex(32)}` }, true],
      ["image", { image: `acme/bot@sha256:${hex(31)}` }, false],
      ["secretSet", { secretSet: "abc" }, true],
      ["secretSet", { secretSet: "ab" }, false],
      ["secretSet", { secretSet: a(63) }, true],
      ["secretSet", { secretSet: a(64) }, false],
      ["imagePullSecretSet", { imagePullSecretSet: "abc" }, true],
      ["imagePullSecretSet", { imagePullSecretSet: "ab" }, false],
      ["imagePullSecretSet", { imagePullSecretSet: a(63) }, true],
      ["imagePullSecretSet", { imagePullSecretSet: a(64) }, false],
      ["maxSessionDuration", { maxSessionDuration: 60 }, true],
      ["maxSessionDuration", { maxSessionDuration: 59 }, false],
      ["maxSessionDuration", { maxSessionDuration: 14_400 }, true],
      ["maxSessionDuration", { maxSessionDuration: 14_401 }, false],
      ["autoScaling.minAgents", { autoScaling: { minAgents: 0 } }, true],
      ["autoScaling.minAgents", { autoScaling: { minAgents: -1 } }, false],
      ["autoScaling.maxAgents", { autoScaling: { maxAgents: 1 } }, true],
      ["autoScaling.maxAgents", { autoScaling: { maxAgents: 0 } }, false],
      ["autoScaling.maxAgents", { autoScaling: { maxAgents: 1_000_000 } }, true],
      ["autoScaling.maxAgents", { autoScaling: { maxAgents: 1_000_001 } }, false],
      ["autoScaling.minAgents", { autoScaling: { minAgents: 1_000_000, maxAgents: 1_000_000 } }, true],
      // minAgents ≤ maxAgents: equal is fine, the default maxAgents (50) counts.
      ["autoScaling.maxAgents", { autoScaling: { minAgents: 3, maxAgents: 3 } }, true, "check only"],
      ["autoScaling.maxAgents", { autoScaling: { minAgents: 4, maxAgents: 3 } }, false, "check only"],
      ["autoScaling.maxAgents", { autoScaling: { minAgents: 50 } }, true, "check only"],
      ["autoScaling.maxAgents", { autoScaling: { minAgents: 51 } }, false, "check only"],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 1 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 0 }, false],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 86_400 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 86_401 }, false],
    ],
  },
  PipecatSecretSet: {
    base: { setName: "my-secrets", secrets: { A: "x" } },
    check: checkSecretSetInputs,
    schema: secretSetSchemaFailures,
    rows: [
      ["setName", { setName: "abc" }, true],
      ["setName", { setName: "ab" }, false],
      ["setName", { setName: a(63) }, true],
      ["setName", { setName: a(64) }, false],
      ["secrets.A", { secrets: { A: "x" } }, true],
      ["secrets.A", { secrets: { A: "" } }, false],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 1 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 0 }, false],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 3_600 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 3_601 }, false],
    ],
  },
  PipecatImagePullSecret: {
    base: { setName: "registry", username: "bot", password: "p" },
    check: checkImagePullSecretInputs,
    schema: imagePullSecretSchemaFailures,
    rows: [
      ["setName", { setName: "abc" }, true],
      ["setName", { setName: "ab" }, false],
      ["setName", { setName: a(63) }, true],
      ["setName", { setName: a(64) }, false],
      ["username", { username: "u" }, true],
      ["username", { username: "" }, false],
      ["password", { password: "p" }, true],
      ["password", { password: "" }, false],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 1 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 0 }, false],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 3_600 }, true],
      ["readyTimeoutSeconds", { readyTimeoutSeconds: 3_601 }, false],
    ],
  },
  PipecatBuild: {
    base: { contextDir: "app", contextHash: hex(16), dockerfile: "Dockerfile" },
    check: checkBuildInputs,
    schema: buildSchemaFailures,
    rows: [
      ["buildTimeoutSeconds", { buildTimeoutSeconds: 1 }, true],
      ["buildTimeoutSeconds", { buildTimeoutSeconds: 0 }, false],
      ["buildTimeoutSeconds", { buildTimeoutSeconds: 86_400 }, true],
      ["buildTimeoutSeconds", { buildTimeoutSeconds: 86_401 }, false],
      ["contextHash", { contextHash: hex(15) }, false],
      ["contextHash", { contextHash: hex(17) }, false],
    ],
  },
};

describe.each(Object.entries(KINDS))("%s", (_kind, { base, check, schema, rows }) => {
  it.each(rows)("%s %j accepted: %s", async (property, change, accepted, checkOnly) => {
    const news = { ...base, ...change };
    const { failures } = await check(news);
    expect(failures.map((f) => f.property)).toEqual(accepted ? [] : [property]);
    // The schema explains rejections: it must draw the line in the same place.
    if (!checkOnly) expect((await schema(news, [])).map((f) => f.property)).toEqual(accepted ? [] : [property]);
  });
});

describe("pipecat:pollIntervalSeconds, at its edges (0.1 to 60 seconds)", () => {
  const cap = (value: string) => pollCapMs(readStackConfig({ get: (k) => (k === "pipecat:pollIntervalSeconds" ? value : undefined) }));
  it.each([["0.1", 100], ["60", 60_000]])("%s → %i ms", (value, ms) => expect(cap(value)).toBe(ms));
  it.each(["0.09", "60.01"])("%s is refused", (value) => expect(() => cap(value)).toThrow(/from 0.1 to 60/));
});
