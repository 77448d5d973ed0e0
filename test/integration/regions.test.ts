// Regions, checked once, before any write: every kind's create refuses a region the
// organization does not have (GET /regions, read once per host process and API origin),
// naming the ones it has, before anything is sent. The simulator's seeds are held to the
// same list.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PipecatAgentProvider } from "../../src/agent/provider";
import { PipecatBuildProvider } from "../../src/build/provider";
import { packContext } from "../../src/build/pack";
import { forgetRegions } from "../../src/core/regions";
import { PipecatImagePullSecretProvider } from "../../src/image-pull-secret/provider";
import { PipecatSecretSetProvider } from "../../src/secret-set/provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_regions_key_0123456789";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, timings: { reconcileMs: 10, validatingMs: 20, readyMs: 50, secretReadyMs: 10, buildQueueMs: 10, buildRunMs: 20 } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  forgetRegions(); // each case starts as a fresh host process
});

async function configured<P extends { configure(req: unknown): Promise<void> }>(p: P): Promise<P> {
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.1" };
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

function botDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "regions-bot-"));
  fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM python:3.12\n");
  return path.relative(process.cwd(), dir);
}

/** Each kind's create, in the given region, as check hands it over. */
const CREATES: Record<string, (region: string) => Promise<unknown>> = {
  PipecatAgent: async (region) => {
    const p = await configured(new PipecatAgentProvider({ env: {}, poll: { initialMs: 10, maxMs: 20 }, warn: () => {} }));
    const { inputs } = await p.check({}, { agentName: `bot-${region}`, image: "acme/bot:1", region, __provider: "s" });
    return p.create({ ...inputs, __provider: "s" });
  },
  PipecatSecretSet: async (region) => {
    const p = await configured(new PipecatSecretSetProvider({ env: {}, poll: { initialMs: 10, maxMs: 20 } }));
    const { inputs } = await p.check({}, { setName: `keys-${region}`, region, secrets: { A: "1" }, __provider: "s" });
    return p.create({ ...inputs, __provider: "s" });
  },
  PipecatImagePullSecret: async (region) => {
    const p = await configured(new PipecatImagePullSecretProvider({ env: {}, poll: { initialMs: 10, maxMs: 20 } }));
    const { inputs } = await p.check({}, { setName: `pull-${region}`, region, username: "u", password: "p", __provider: "s" });
    return p.create({ ...inputs, __provider: "s" });
  },
  PipecatBuild: async (region) => {
    const p = await configured(new PipecatBuildProvider({ env: {} }));
    const contextDir = botDir();
    const { contextHash } = packContext(contextDir, {});
    const { inputs } = await p.check({}, { contextDir, contextHash, region, __provider: "s" });
    return p.create({ ...inputs, __provider: "s" });
  },
};

describe.each(Object.entries(CREATES))("%s", (kind, create) => {
  it("a region the organization does not have is refused before anything is written, naming the ones it has", async () => {
    const error = await create("ap-northeast").catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(new RegExp(`^${kind} .*region "ap-northeast" is not one Pipecat Cloud offers; available: us-west, us-east, eu-central, ap-south\\. Nothing was created`));
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/regions"]);
  });

  it("an available region goes ahead", async () => {
    await create("eu-central");
    expect(sim.requests.filter((r) => r.method !== "GET").length).toBeGreaterThan(0);
  });
});

it("GET /regions is read once per host process, whatever the kinds and resources", async () => {
  for (const [i, create] of Object.values(CREATES).entries()) await create(["us-west", "eu-central", "us-east", "ap-south"][i]!);
  await CREATES.PipecatAgent!("ap-south");
  expect(sim.requests.filter((r) => r.path === "/v1/regions")).toHaveLength(1);
});

it("no region given (the organization's default) needs no look-up", async () => {
  const p = await configured(new PipecatAgentProvider({ env: {}, poll: { initialMs: 10, maxMs: 20 }, warn: () => {} }));
  const { inputs } = await p.check({}, { agentName: "default-bot", image: "acme/bot:1", __provider: "s" });
  await p.create({ ...inputs, __provider: "s" });
  expect(sim.requests.filter((r) => r.path === "/v1/regions")).toEqual([]);
});

describe("the simulator holds its seeds to the regions it has", () => {
  it.each([
    [{ secretSets: [{ name: "ab", region: "us-wset" }] }, /seeded secret set 'ab': region 'us-wset' is not available/],
    [{ builds: [{ id: "123e4567-e89b-42d3-a456-426614174000", region: "mars", status: "success" as const }] }, /seeded build '123e4567-e89b-42d3-a456-426614174000': region 'mars' is not available/],
  ])("%o", async (options, message) => {
    await expect(startSimulator(options)).rejects.toThrow(message);
  });
});
