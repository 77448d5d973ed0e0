// When GET /regions cannot say (it failed, or lists nothing), the region check lets
// the create through for the API to judge; and a failed look is not remembered:
// the next create in the same host process looks again.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { PipecatClient } from "../../src/client/client";
import { checkRegion, forgetRegions } from "../../src/core/regions";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_regions_lookup_key_0123456789";
let sim: Simulator;
let client: PipecatClient;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY });
  // One attempt per request: an injected failure is a failed look.
  client = new PipecatClient({ baseUrl: sim.url, apiKey: KEY, retry: { attempts: 1 }, sleep: async () => {} });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  forgetRegions();
});

const regionLooks = () => sim.requests.filter((r) => r.path === "/v1/regions").length;

it("a failed look lets the region through, and the next check looks again", async () => {
  sim.faults.add({ method: "GET", path: "/v1/regions", fault: { kind: "status", status: 503, body: { error: "Service unavailable" } } });
  await expect(checkRegion(client, "ap-northeast", "PipecatAgent \"a\"")).resolves.toBeUndefined();
  await expect(checkRegion(client, "ap-northeast", "PipecatAgent \"a\"")).rejects.toThrow(/region "ap-northeast" is not one Pipecat Cloud offers/);
  expect(regionLooks()).toBe(2);
  await checkRegion(client, "eu-central", "PipecatAgent \"b\"");
  expect(regionLooks()).toBe(2); // a good look is kept
});

it("an empty list says nothing: the region goes through", async () => {
  sim.faults.add({ method: "GET", path: "/v1/regions", fault: { kind: "status", status: 200, body: { regions: [] } } });
  await expect(checkRegion(client, "ap-northeast", "PipecatAgent \"a\"")).resolves.toBeUndefined();
});
