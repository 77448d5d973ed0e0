// The zod-free input rules (what check() runs on every preview) give the zod
// schema's verdict: same keys, and the same accept/reject over many random
// inputs built around every rule's edges, with and without preview's unknowns.
import { describe, expect, it } from "vitest";
import { schemaFailures } from "../../src/agent/check";
import { AGENT_INPUT_RULES, agentInputsValid, INPUT_KEYS, nestedInputKeys } from "../../src/agent/input-rules";
import { agentInputsSchema, INPUT_KEYS as SCHEMA_KEYS } from "../../src/agent/schema";
import { intEdges as int, JUNK, prng } from "../helpers/random-inputs";

const hex = (n: number) => "0123456789abcdef".repeat(8).slice(0, n);
const a = (n: number) => "a".repeat(n);
const flag = [true, false, "true", 0, 1];
const secretSet = ["my-secrets", "abc", "ab", a(63), a(64), "a.b.c", "a..b", "-ab", "ab-", "AB-secrets", "my_secrets", "a.b-c.d"];

/** Values around each rule's edges, valid and not; the first one is valid. */
const CANDIDATES: Record<string, unknown[]> = {
  agentName: ["my-agent", "ab", "a", "a1", a(54), a(55), "-ab", "ab-", "My-agent", "my agent", "my_agent", "1-2-3", ""],
  image: ["acme/bot:1", "acme/bot", "bot:latest", "reg.io:5000/acme/bot", "reg.io:5000/acme/bot:v1.2", `acme/bot@sha256:${hex(64)}`, `acme/bot@sha256:${hex(31)}`, `acme/bot@sha256:${hex(32)}`, "acme/bot:1 x", "acme/bot:-x", "acme/bot:_x", `acme/bot:${a(128)}`, `acme/bot:${a(129)}`, ":1", ""],
  buildId: ["11111111-1111-4111-8111-111111111111", "11111111-1111-1111-1111-111111111111", "ABCDEF01-2345-6789-abcd-ef0123456789", "11111111111141118111111111111111", "11111111-1111-4111-8111-11111111111", "g1111111-1111-4111-8111-111111111111", ""],
  region: ["us-west", "eu-central", "a", "-us", "us-", "US-west", "us_west", "", "ap-south-1"],
  nodeType: ["arm", "x86", "ARM", ""],
  imagePullSecretSet: secretSet,
  secretSet,
  autoScaling: [{}, { minAgents: 0 }, { maxAgents: 1 }, { minAgents: 1, maxAgents: 5 }, { minAgents: -1 }, { maxAgents: 0 }, { minAgents: 1.5 }, { maxAgents: 1_000_001 }, { minAgents: "1" }, { minAgents: null }, { max: 1 }, { minAgents: 1, extra: true }, [], "x", 3],
  krispViva: [{}, { audioFilter: null }, { audioFilter: "tel" }, { audioFilter: "pro" }, { audioFilter: "hd" }, { audioFilter: "" }, { audioFilter: 1 }, { audiofilter: "tel" }, [], "tel"],
  enableKrisp: flag,
  agentProfile: ["agent-1x", "agent-2x", "agent-3x", "agent-4x", "1x", ""],
  maxSessionDuration: int(60, 14_400),
  enableManagedKeys: flag,
  websocketAuth: ["token", "none", "hmac", "Token", "", 1],
  waitForReady: flag,
  readyTimeoutSeconds: int(1, 86_400),
  redeployTrigger: ["", "v2", "2026-11-28", 2, true],
  adoptExisting: flag,
  allowRegionMoveDowntime: flag,
  secretSetHash: ["0123abcd", "", 1],
  secretSetRegion: ["us-west", "", 1],
  imagePullSecretSetHash: ["0123abcd", "", 1],
  imagePullSecretSetRegion: ["eu-central", "", null],
};
const EXTRA_KEYS = ["autoscaling", "agentname", "name", "__proto__x", "imageTag"];

function randomInputs(random: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const known: Record<string, unknown> = {};
  const unknownPaths: string[] = [];
  for (const key of INPUT_KEYS) {
    const roll = random();
    if (key !== "agentName" && roll < 0.45) continue; // absent
    if (roll > 0.97) {
      unknownPaths.push(key); // preview: not known yet
      continue;
    }
    // Mostly the first candidate (a valid one), so that whole inputs are often valid; else any edge, or junk.
    const r = random();
    let value = r < 0.8 ? CANDIDATES[key]![0] : r < 0.97 ? pick(CANDIDATES[key]!) : pick(JUNK);
    if (value !== null && typeof value === "object" && !Array.isArray(value) && random() < 0.2) {
      // an unknown nested field
      const nested = nestedInputKeys(key);
      if (nested.length > 0) {
        const field = pick(nested);
        value = { ...(value as object) };
        delete (value as Record<string, unknown>)[field];
        unknownPaths.push(`${key}.${field}`);
      }
    }
    known[key] = value;
  }
  if (random() < 0.05) known[pick(EXTRA_KEYS)] = pick(JUNK);
  return { known, unknownPaths };
}

describe("the zod-free input rules", () => {
  it("list the schema's inputs, nested ones included", () => {
    expect([...INPUT_KEYS]).toEqual([...SCHEMA_KEYS]);
    for (const key of INPUT_KEYS) {
      const field = agentInputsSchema.shape[key] as unknown as { unwrap?: () => { shape?: Record<string, unknown> } };
      expect(nestedInputKeys(key), key).toEqual(Object.keys(field.unwrap?.().shape ?? {}));
    }
    expect(Object.keys(AGENT_INPUT_RULES)).toEqual(Object.keys(CANDIDATES)); // every rule has candidates here
  });

  it("give the schema's verdict on 20,000 random inputs (seeded), with and without unknowns", async () => {
    const random = prng(20261129);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const { known, unknownPaths } = randomInputs(random);
      const fast = agentInputsValid(known, unknownPaths);
      const schema = (await schemaFailures(known, unknownPaths)).length === 0;
      if (fast !== schema) expect({ known, unknownPaths, fast }).toEqual({ known, unknownPaths, fast: schema });
      if (fast) accepted++;
    }
    // Both verdicts are common, so neither side of the equivalence goes untested.
    expect(accepted).toBeGreaterThan(2_000);
    expect(accepted).toBeLessThan(18_000);
  });

  it.each<[string, Record<string, unknown>, string[], boolean]>([
    ["a minimal agent", { agentName: "my-agent", image: "acme/bot:1" }, [], true],
    ["a misspelt key", { agentName: "my-agent", autoscaling: {} }, [], false],
    ["a misspelt nested key, even beside an unknown", { agentName: "my-agent", autoScaling: { max: 1 } }, ["autoScaling.minAgents"], false],
    ["an unknown agent name (preview)", { image: "acme/bot:1" }, ["agentName"], true],
    ["a bad value beside an unknown sibling", { agentName: "my-agent", autoScaling: { maxAgents: 0 } }, ["autoScaling.minAgents"], false],
  ])("%s → %s", async (_name, known, unknownPaths, expected) => {
    expect(agentInputsValid(known, unknownPaths)).toBe(expected);
    expect((await schemaFailures(known, unknownPaths)).length === 0).toBe(expected);
  });
});
