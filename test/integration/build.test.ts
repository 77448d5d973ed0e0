// PipecatBuild's provider and the simulator's build endpoints, over real HTTP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FormData, fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PipecatBuildProvider } from "../../src/build/provider";
import { packContext, projectRelative } from "../../src/build/pack";
import { isPipecatError } from "../../src/client/errors/PipecatError";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_build_key_5b1e";
const SEEDED_ID = "6f1c2a7e-0d4b-4c1e-9a53-2b8e7d4f6a10";
let sim: Simulator;
let root: string;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { buildQueueMs: 50, buildRunMs: 150, reconcileMs: 20, validatingMs: 40, readyMs: 80 },
    builds: [{ id: SEEDED_ID, region: "eu-central", status: "success" }],
  });
  root = mkdtempSync(join(tmpdir(), "pipecat-build-it-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => sim.reset());

let folders = 0;
/** A bot folder; returns its path relative to the working directory, as state stores it. */
function botFolder(files: Record<string, string> = {}): string {
  const dir = join(root, `bot-${folders++}`);
  mkdirSync(dir, { recursive: true });
  const all = { Dockerfile: "FROM python:3.12-slim\nCOPY bot.py .\nCMD [\"python\", \"bot.py\"]\n", "bot.py": "print('hello')\n", ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return projectRelative(dir);
}

async function provider(): Promise<PipecatBuildProvider> {
  const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.1" };
  const p = new PipecatBuildProvider({ env: {} });
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

/** What the program and the engine hand to create: the class's inputs, checked. */
async function planned(p: PipecatBuildProvider, contextDir: string, extra: Record<string, unknown> = {}) {
  const { contextHash } = packContext(contextDir, { dockerfile: extra.dockerfile as string | undefined });
  const result = await p.check({}, { contextDir, contextHash, ...extra, __provider: "serialized" });
  expect(result.failures ?? []).toEqual([]);
  return { ...result.inputs, __provider: "serialized" } as Record<string, unknown>;
}

const calls = () => sim.requests.map((r) => `${r.method} ${r.path}`);

describe("create", () => {
  it("uploads the context, builds it and waits for success", async () => {
    const p = await provider();
    const dir = botFolder();
    const inputs = await planned(p, dir);
    const { id, outs } = await p.create(inputs);

    expect(calls()).toEqual([
      "GET /v1/properties",
      "GET /v1/builds",
      "POST /v1/builds/upload-url",
      "POST /_uploads",
      "POST /v1/builds",
      ...calls().slice(5).map(() => "GET /v1/builds/" + id),
    ]);
    expect(sim.requests[1]!.query).toEqual({ contextHash: inputs.contextHash, region: "us-west", status: "success", limit: "100" });
    expect(sim.requests.find((r) => r.path === "/v1/builds" && r.method === "POST")!.body).toEqual({
      uploadId: expect.any(String), region: "us-west", dockerfilePath: "Dockerfile",
    });
    const live = sim.builds().find((b) => b.id === id)!;
    // The simulator hashed the uploaded bytes itself: the same hash as planned.
    expect(live.contextHash).toBe(inputs.contextHash);
    expect(outs).toMatchObject({
      buildId: id, status: "success", contextHash: inputs.contextHash, region: "us-west", requestedRegion: null,
      imageUri: live.imageUri, dockerfilePath: "Dockerfile", contextSizeBytes: live.contextSizeBytes, cached: false,
      contextDir: dir, dockerfile: "Dockerfile", buildTimeoutSeconds: 600,
      logsUrl: live.logsUrl, startedAt: live.startedAt, completedAt: live.completedAt,
    });
    expect(outs.logsUrl).toMatch(/^https:\/\//);
    expect(Date.parse(String(outs.completedAt))).toBeGreaterThan(Date.parse(String(outs.startedAt)));
    expect(outs.contextDir).not.toMatch(/^\//);
  });

  it("a successful build of the same context is reused: no upload", async () => {
    const dir = botFolder();
    const first = await (await provider()).create(await planned(await provider(), dir));
    expect(first.outs.cached).toBe(false);

    const p = await provider(); // a fresh stack: nothing in state, same files
    const before = sim.requests.length;
    const again = await p.create(await planned(p, dir));
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/properties", "GET /v1/builds"]);
    expect(again.id).toBe(first.id);
    expect(again.outs.cached).toBe(true);
  });

  it("an agent deploys the build by id; its manifest shows the image redacted", async () => {
    const p = await provider();
    const { id } = await p.create(await planned(p, botFolder(), { region: "eu-central" }));
    const response = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "from-build", buildId: id, region: "eu-central" }),
    });
    expect(response.status).toBe(200);
    expect(sim.agents()[0]!.status.deployment.manifest.spec.image).toBe("[REDACTED]");
    const wrongRegion = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "elsewhere", buildId: id, region: "us-east" }),
    });
    expect(wrongRegion.status).toBe(400);
    expect(await wrongRegion.text()).toContain("same region");
  });

  it("refuses to upload when the folder changed after it was planned", async () => {
    const p = await provider();
    const dir = botFolder();
    const inputs = await planned(p, dir);
    writeFileSync(join(dir, "bot.py"), "print('changed')\n");
    await expect(p.create(inputs)).rejects.toThrow(/changed after it was planned.*nothing was uploaded/s);
    expect(calls()).toEqual([]);
  });

  it("the cache key includes the Dockerfile: the same files with another Dockerfile build again", async () => {
    const dir = botFolder({ "Dockerfile.prod": "FROM python:3.12-slim\nCOPY bot.py .\nCMD [\"python\", \"-O\", \"bot.py\"]\n" });
    const first = await (await provider()).create(await planned(await provider(), dir));
    const p = await provider();
    const before = sim.requests.length;
    const prod = await p.create(await planned(p, dir, { dockerfile: "Dockerfile.prod" }));
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toContain("POST /v1/builds");
    expect(prod.id).not.toBe(first.id);
    expect(prod.outs).toMatchObject({ cached: false, dockerfilePath: "Dockerfile.prod" });
  });

  it("a failed build quotes the last lines of a log longer than the quoted window, not the first", async () => {
    const p = await provider();
    const runs = Array.from({ length: 30 }, (_, i) => `RUN echo step-${i + 1}`).join("\n");
    const dir = botFolder({ Dockerfile: `FROM python:3.12-slim\n${runs}\n# simulator: fail the last step broke\nRUN false\n` });
    const error = await p.create(await planned(p, dir)).catch((e: Error) => e);
    const message = (error as Error).message;
    expect(message).toContain("ERROR: Docker build failed: the last step broke");
    expect(message).toContain("RUN echo step-30");
    expect(message).not.toContain("Step 1/");
    expect(message).not.toContain("Entering phase: DOWNLOAD_SOURCE");
  });

  it("a failed build's error quotes its errorMessage and the last log lines", async () => {
    const p = await provider();
    const dir = botFolder({ Dockerfile: "FROM python:3.12-slim\n# simulator: fail pip could not find pipecat-ai==99\nRUN pip install pipecat-ai==99\n" });
    const error = await p.create(await planned(p, dir)).catch((e: unknown) => e);
    expect(isPipecatError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("failed: Docker build failed: pip could not find pipecat-ai==99");
    expect(message).toContain("Step 2/2 : RUN pip install pipecat-ai==99");
    expect(message).toContain("ERROR: Docker build failed: pip could not find pipecat-ai==99");
    expect((error as { code: string }).code).toBe("PIPECAT_ERR_BUILD_FAILED");
  });

  it("a build that times out upstream is reported as such", async () => {
    const p = await provider();
    const dir = botFolder({ Dockerfile: "FROM python:3.12-slim\n# simulator: timeout\n" });
    await expect(p.create(await planned(p, dir))).rejects.toThrow(/timed out: Build exceeded the maximum build duration/);
  });

  it("gives up after buildTimeoutSeconds without recording the build", async () => {
    let clock = 0;
    // random 0.5: every wait exactly as planned (no jitter).
    const p = new PipecatBuildProvider({ env: {}, now: () => clock, sleep: async (ms) => void (clock += ms), random: () => 0.5 });
    const slow = await startSimulator({ apiKey: KEY, timings: { buildQueueMs: 60_000 } });
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": slow.url };
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    try {
      await expect(p.create(await planned(p, botFolder(), { buildTimeoutSeconds: 30 }))).rejects.toThrow(/still "pending" after 30 s/);
      // Polls at 1, 6, 11, 16, 21, 26 and 30 s of the injected clock, then it stops.
      expect(slow.requests.filter((r) => r.method === "GET" && /^\/v1\/builds\/[^/]+$/.test(r.path)).length).toBe(7);
    } finally {
      await slow.close();
    }
  });
});

describe("the presigned upload", () => {
  const uploads = () => sim.requests.filter((r) => r.path === "/_uploads").map((r) => r.status);

  it("is retried after a server error or a dropped connection", async () => {
    sim.faults.add({ method: "POST", path: "/_uploads", fault: { kind: "status", status: 503 } });
    sim.faults.add({ method: "POST", path: "/_uploads", fault: { kind: "reset", when: "after" } });
    const p = new PipecatBuildProvider({ env: {}, sleep: async () => {} });
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.1" };
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    const { outs } = await p.create(await planned(p, botFolder()));
    expect(outs.status).toBe("success");
    expect(uploads()).toEqual([503, 0, 204]);
  });

  it("is not retried when refused, and nothing is built", async () => {
    sim.faults.add({ method: "POST", path: "/_uploads", fault: { kind: "status", status: 403 } });
    const p = await provider();
    await expect(p.create(await planned(p, botFolder()))).rejects.toThrow(/Uploading the build context to 127\.0\.0\.1:\d+ failed with HTTP 403: AccessDenied/);
    expect(uploads()).toEqual([403]);
    expect(calls()).not.toContain("POST /v1/builds");
  });
});

describe("read, update, delete", () => {
  it("read reports the live build, and nothing once it is gone", async () => {
    const p = await provider();
    const { id, outs } = await p.create(await planned(p, botFolder()));
    const read = await p.read(id, outs);
    expect(read).toEqual({ id, props: outs });
    sim.reset();
    expect(await p.read(id, outs)).toEqual({});
  });

  it("read works for a seeded build", async () => {
    const p = await provider();
    const read = await p.read(SEEDED_ID, { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "Dockerfile", buildTimeoutSeconds: 600 });
    expect(read.props).toMatchObject({ buildId: SEEDED_ID, status: "success", region: "eu-central" });
  });

  it("delete only forgets: the build stays in Pipecat Cloud", async () => {
    const p = await provider();
    const { id, outs } = await p.create(await planned(p, botFolder()));
    const before = sim.requests.length;
    await p.delete(id, outs);
    expect(sim.requests.length).toBe(before);
    expect(sim.builds().map((b) => b.id)).toContain(id);
  });
});

describe("simulator upload endpoint", () => {
  async function target(region = "us-west") {
    const response = await fetch(`${sim.url}/v1/builds/upload-url`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ region }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { uploadId: string; uploadUrl: string; uploadFields: Record<string, string> };
  }

  async function post(url: string, entries: Array<[string, string | Blob]>) {
    const form = new FormData();
    for (const [k, v] of entries) form.append(k, v);
    const response = await fetch(url, { method: "POST", body: form });
    return { status: response.status, text: await response.text() };
  }

  const tarball = () => new Blob([packContext(botFolder()).tarball]);

  it.each([
    ["the file is not last", (f: Record<string, string>) => [["file", tarball()], ...Object.entries(f)] as Array<[string, string | Blob]>, 400, "last field"],
    ["the signature is wrong", (f: Record<string, string>) => [...Object.entries({ ...f, "X-Amz-Signature": "0".repeat(64) }), ["file", tarball()]] as Array<[string, string | Blob]>, 403, "SignatureDoesNotMatch"],
    ["the file is not gzip", (f: Record<string, string>) => [...Object.entries(f), ["file", new Blob(["plain text"])]] as Array<[string, string | Blob]>, 400, "not gzip"],
    ["there is no file", (f: Record<string, string>) => Object.entries(f), 400, "file"],
  ])("rejects an upload when %s", async (_, entries, status, text) => {
    const t = await target();
    const result = await post(t.uploadUrl, entries(t.uploadFields));
    expect(result.status).toBe(status);
    expect(result.text).toContain(text);
  });

  it("a build needs an uploaded context in the same region", async () => {
    const t = await target("us-east");
    const create = (body: unknown) =>
      fetch(`${sim.url}/v1/builds`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const notUploaded = await create({ uploadId: t.uploadId, region: "us-east" });
    expect(notUploaded.status).toBe(400);
    expect(await notUploaded.text()).toContain("Upload not found");
    expect((await post(t.uploadUrl, [...Object.entries(t.uploadFields), ["file", tarball()]])).status).toBe(204);
    const elsewhere = await create({ uploadId: t.uploadId, region: "us-west" });
    expect(elsewhere.status).toBe(400);
    const created = await create({ uploadId: t.uploadId, region: "us-east" });
    expect(created.status).toBe(201);
    const again = await create({ uploadId: t.uploadId, region: "us-east", dockerfilePath: "Missing.Dockerfile" });
    expect(again.status).toBe(201); // another Dockerfile is another build (which fails: no such file)
  });
});
