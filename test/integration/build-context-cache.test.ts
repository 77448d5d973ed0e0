// The context cache against the simulator: a hash the program took from the cache is
// the hash of what create uploads (create packs for real), and a cache entry that is
// wrong, however it came to be, makes create refuse rather than upload other files.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RACY_MS } from "../../src/build/context-cache";
import { hashContext, projectRelative, type HashOptions } from "../../src/build/pack";
import { PipecatBuildProvider } from "../../src/build/provider";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_build_cache_7c2d";
let sim: Simulator;
let root: string;
/** create's temporary folder for the archive goes here (os.tmpdir() reads TMPDIR), to see that it is removed. */
let scratch: string;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, timings: { buildQueueMs: 20, buildRunMs: 50 } });
  root = mkdtempSync(join(tmpdir(), "pipecat-build-cache-it-"));
  scratch = join(root, "tmp");
  mkdirSync(scratch);
  process.env.TMPDIR = scratch;
});
afterAll(async () => {
  await sim.close();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => expect(readdirSync(scratch)).toEqual([])); // create left no archive behind

let n = 0;
const PAST = new Date("2024-01-02T03:04:05Z");
function botFolder(): string {
  const dir = join(root, `bot-${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ Dockerfile: "FROM python:3.12-slim\nCOPY bot.py .\n", "bot.py": `print('hello ${n}')\n` })) {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), PAST, PAST);
  }
  return dir;
}

async function provider(): Promise<PipecatBuildProvider> {
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.1" };
  const p = new PipecatBuildProvider({ env: {} });
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

/** What the program plans (the constructor's hashContext, with its own cache), checked as the engine would. */
async function planned(p: PipecatBuildProvider, dir: string, options: HashOptions) {
  const hashed = hashContext(dir, options);
  const contextDir = projectRelative(dir);
  const result = await p.check({}, { contextDir, contextHash: hashed.contextHash, __provider: "serialized" });
  expect(result.failures ?? []).toEqual([]);
  return { hashed, inputs: { ...result.inputs, __provider: "serialized" } as Record<string, unknown> };
}

describe("a hash planned from the context cache", () => {
  // Past the racy window: the files were written moments ago.
  const options = (): HashOptions => ({ cacheDir: join(root, `cache-${n++}`), now: () => Date.now() + 10 * RACY_MS });

  it("is the hash of the archive create uploads", async () => {
    const dir = botFolder();
    const cache = options();
    hashContext(dir, cache); // an earlier run filled the cache
    const p = await provider();
    const { hashed, inputs } = await planned(p, dir, cache);
    expect(hashed.cached).toBe(true);
    const { id } = await p.create(inputs);
    // The simulator hashed the uploaded bytes itself.
    expect(sim.builds().find((b) => b.id === id)!.contextHash).toBe(hashed.contextHash);
    // Again, as a new stack would: the build is reused, nothing is uploaded (and the archive is removed all the same).
    const uploads = sim.requests.filter((r) => r.path === "/_uploads").length;
    expect((await p.create(inputs)).outs.cached).toBe(true);
    expect(sim.requests.filter((r) => r.path === "/_uploads").length).toBe(uploads);
  });

  it("a cache entry that does not match the files (planted here) makes create refuse; nothing is uploaded", async () => {
    const dir = botFolder();
    const cache = options();
    const truth = hashContext(dir, cache);
    const [file] = readdirSync(cache.cacheDir!);
    const entry = join(cache.cacheDir!, file!);
    writeFileSync(entry, readFileSync(entry, "utf8").replace(truth.contextHash, "0123456789abcdef"));
    const p = await provider();
    const { hashed, inputs } = await planned(p, dir, cache);
    expect(hashed).toMatchObject({ cached: true, contextHash: "0123456789abcdef" });
    const uploadsBefore = sim.requests.filter((r) => r.path === "/_uploads").length;
    await expect(p.create(inputs)).rejects.toThrow(new RegExp(`changed after it was planned \\(planned hash 0123456789abcdef, now ${truth.contextHash}\\).*nothing was uploaded`, "s"));
    expect(sim.requests.filter((r) => r.path === "/_uploads").length).toBe(uploadsBefore);
  });

  it("a file changed after a cached plan: create packs the new files and refuses", async () => {
    const dir = botFolder();
    const cache = options();
    hashContext(dir, cache);
    const p = await provider();
    const { hashed, inputs } = await planned(p, dir, cache);
    expect(hashed.cached).toBe(true);
    writeFileSync(join(dir, "bot.py"), "print('changed')\n");
    await expect(p.create(inputs)).rejects.toThrow(/changed after it was planned.*nothing was uploaded/s);
  });
});
