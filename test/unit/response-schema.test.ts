// The response schemas are exactly as lenient as the spec: it marks no response
// field required, so every field may be absent or null. Every 200 example of the
// agents endpoints in the spec (test/fixtures, copied from its `example`s), then
// each optional field of it absent and null, one at a time: each must parse, and
// the parsed snapshot must still turn into outputs and a readiness verdict.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { variant, variantRows } from "../helpers/spec-variants";
import { interpretStatus } from "../../src/agent/readiness";
import { agentDetailsSchema, agentListSchema } from "../../src/agent/schema";
import { inputsFromState, toOutputs } from "../../src/agent/mapping";

const examples: Record<string, unknown> = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/spec-agent-responses.json"), "utf8"));

/** Every path to an object field of `value`, nested ones too (array items are not fields: only their fields are). */
const details = Object.entries(examples).filter(([name]) => name !== "GET /agents");
const inputs = inputsFromState({ agentName: "voice-starter", image: "acme/bot:1" });

describe.each(details)("%s", (_name, example) => {
  it("the spec's example parses", () => {
    expect(agentDetailsSchema.safeParse(example).success).toBe(true);
  });

  const rows = variantRows(example);
  it.each(rows)("%s: %s", (_label, replacement, at) => {
    const parsed = agentDetailsSchema.safeParse(variant(example, [...at], replacement));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const outputs = toOutputs(inputs, parsed.data!);
    expect(outputs).toMatchObject({ name: expect.any(String), region: expect.any(String), ready: expect.any(Boolean), available: expect.any(Boolean) });
    expect(["ready", "waiting", "failed", "superseded"]).toContain(interpretStatus(parsed.data!, null).state);
  });
});

describe("fields outside the spec, as real responses carry them", () => {
  it.each([
    ["errors[] of plain strings", { errors: ["image pull failed"] }],
    ["errors[] of objects with a numeric code", { errors: [{ code: 500, error: "boom" }] }],
    ["available: null", { available: null }],
    ["warning", { warning: "No changes detected" }],
    ["an empty object", {}],
  ])("%s", (_name, body) => {
    expect(agentDetailsSchema.safeParse(body).success).toBe(true);
  });

  it("a present field must still have its documented type", () => {
    expect(agentDetailsSchema.safeParse({ ready: "yes" }).success).toBe(false);
    expect(agentDetailsSchema.safeParse({ errors: [42] }).success).toBe(false);
  });
});

describe("GET /agents (list)", () => {
  const example = examples["GET /agents"];
  it.each(variantRows(example))("%s: %s", (_label, replacement, at) => {
    expect(agentListSchema.safeParse(variant(example, [...at], replacement)).success).toBe(true);
  });
});
