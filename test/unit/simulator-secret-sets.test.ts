// The simulator's secret sets: the `failed` convention, both PUT semantics, and
// the deploy gate for a failed set. Time is a variable.
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS, FAILING_SECRET_MARKER, type SecretPutSemantics } from "../../src/simulator/catalog";
import { SimulatorStore } from "../../src/simulator/store";
import { parseCreateAgent, parseSecretSetPut } from "../../src/simulator/validation";

const T0 = Date.UTC(2026, 0, 1);

function storeAt(secretPut: SecretPutSemantics = "merge") {
  const clock = { now: T0 };
  const store = new SimulatorStore({ now: () => clock.now, timings: { ...DEFAULT_TIMINGS, secretReadyMs: 200 }, defaultRegion: "us-west", builds: [], secretSets: [], secretPut });
  const put = (name: string, body: Record<string, unknown>) => store.putSecretSet(name, parseSecretSetPut(body));
  return { store, put, advance: (ms: number) => void (clock.now += ms) };
}
const regular = (entries: Record<string, string>) => ({ secrets: Object.entries(entries).map(([secretKey, secretValue]) => ({ secretKey, secretValue })) });

describe("the failed convention", () => {
  it.each([
    ["a regular set with a marked value", "s", regular({ A: `x-${FAILING_SECRET_MARKER}` })],
    ["an image pull secret with a marked password", "r", { isImagePullSecret: true, host: "https://ghcr.io", secretValue: Buffer.from(`u:${FAILING_SECRET_MARKER}`).toString("base64") }],
  ])("%s is pending, then failed with an errorMessage naming no value", (_, name, body) => {
    const { store, put, advance } = storeAt();
    put(name, body);
    expect(store.listSecretSets().sets[0]).toMatchObject({ status: "pending" });
    advance(200);
    const listed = store.listSecretSets().sets[0]!;
    expect(listed).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/Failed to provision secret set/) });
    expect(listed.errorMessage).not.toContain("x-");
    expect(store.secretSetSnapshots()[0]).toMatchObject({ status: "failed" });
  });

  it("a good value afterwards makes it ready again; an agent cannot use it while failed (409)", () => {
    const { store, put, advance } = storeAt();
    put("s", regular({ A: FAILING_SECRET_MARKER }));
    advance(200);
    expect(store.getSecretSet("s")).toMatchObject({ status: "failed" });
    expect(() => store.createAgent(parseCreateAgent({ serviceName: "bot", image: "a/b:1", secretSet: "s" }))).toThrow(/not yet ready/);
    put("s", regular({ A: "fine" }));
    advance(200);
    expect(store.getSecretSet("s")).toEqual({ region: "us-west", status: "ready", secrets: [{ fieldName: "A" }] });
  });
});

describe("PUT semantics switch", () => {
  it.each([
    ["merge", ["A", "B"]],
    ["replace", ["B"]],
  ] as const)("%s: a PUT of B to a set holding A leaves %j", (semantics, keys) => {
    const { store, put } = storeAt(semantics);
    put("s", regular({ A: "1" }));
    put("s", regular({ B: "2" }));
    expect(store.secretSetSnapshots()[0]!.keys).toEqual(keys);
  });
});
