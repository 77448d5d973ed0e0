// PipecatOrganizationSettings's provider where the API may not do what it is asked:
// a PATCH answered 200 but not applied, an answer that leaves the region out; and
// its preview-time rules (diff, unknown values). test/integration/lookups.test.ts
// covers the ordinary create, read, update and delete.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { forgetRegions } from "../../src/core/regions";
import { PipecatOrganizationSettingsProvider } from "../../src/organization-settings/provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_org_settings_key_0123456789";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  forgetRegions();
});

async function provider() {
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
  const p = new PipecatOrganizationSettingsProvider({ env: {} });
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

const liveDefault = async () =>
  ((await (await fetch(`${sim.url}/v1/properties`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { properties: { defaultRegion: string } }).properties.defaultRegion;

describe("writes read back", () => {
  it.each(["create", "update"] as const)("a PATCH answered 200 but not applied fails the %s, saying so", async (op) => {
    const p = await provider();
    // Answered without being processed: the organization keeps us-west.
    sim.faults.add({ method: "PATCH", path: "/v1/properties", fault: { kind: "status", status: 200, body: { properties: { defaultRegion: { currentValue: "eu-central" } } } } });
    const write = op === "create" ? p.create({ defaultRegion: "eu-central" }) : p.update("organization", { defaultRegion: "us-west", previousDefaultRegion: "us-west" }, { defaultRegion: "eu-central" });
    await expect(write).rejects.toThrow(/accepted defaultRegion "eu-central" but still reports "us-west": the setting was not applied/);
    expect(await liveDefault()).toBe("us-west");
  });

  it("an answer that leaves the region out is not a refusal; a refresh keeps the stored value", async () => {
    const p = await provider();
    const created = await p.create({ defaultRegion: "eu-central" });
    sim.faults.add({ method: "GET", path: "/v1/properties", fault: { kind: "status", status: 200, body: { properties: {} } } });
    const read = await p.read("organization", created.outs!);
    expect(read.inputs).toEqual({ defaultRegion: "eu-central", previousDefaultRegion: "us-west" });
  });
});

describe("preview", () => {
  it.each([
    ["the same region", { defaultRegion: "us-west" }, { changes: false, replaces: [] }],
    ["another region: updated in place, never replaced", { defaultRegion: "eu-central" }, { changes: true, replaces: [] }],
  ])("diff: %s", async (_name, news, expected) => {
    expect(await (await provider()).diff("organization", { defaultRegion: "us-west", previousDefaultRegion: "us-west" }, news)).toEqual(expected);
  });

  it("check lets a region not known yet through", async () => {
    expect((await (await provider()).check({}, { defaultRegion: UNKNOWN })).failures).toEqual([]);
  });

  it("preview calls nothing", async () => {
    const p = await provider();
    await p.check({}, { defaultRegion: "eu-central" });
    await p.diff("organization", { defaultRegion: "us-west" }, { defaultRegion: "eu-central" });
    expect(sim.requests).toEqual([]);
  });
});
