// The simulator's cloud builds as a pure function of an injected clock.
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "../../src/simulator/catalog";
import { BuildRegistry, UploadRejected } from "../../src/simulator/builds";
import { gzip, tar } from "../../src/build/tarball";

const SEEDED = "6f1c2a7e-0d4b-4c1e-9a53-2b8e7d4f6a10";

function setup() {
  let clock = 1_000_000;
  const registry = new BuildRegistry(() => clock, { ...DEFAULT_TIMINGS, buildQueueMs: 100, buildRunMs: 1000 }, [
    { id: SEEDED, region: "us-east", status: "building" },
  ]);
  const upload = (files: Record<string, string>, region = "us-west") => {
    const target = registry.createUploadUrl({ region }, "http://127.0.0.1:1");
    const archive = gzip(tar(Object.entries(files).map(([name, text]) => ({ name, content: Buffer.from(text), executable: false }))));
    registry.receiveUpload([...Object.entries(target.uploadFields), ["file", archive]]);
    return target.uploadId;
  };
  return { registry, upload, advance: (ms: number) => void (clock += ms) };
}

describe("build lifecycle", () => {
  it("pending, then building, then success with an image; logs appear once it runs", () => {
    const { registry, upload, advance } = setup();
    const { status, body } = registry.createBuild({ uploadId: upload({ Dockerfile: "FROM python:3.12\nCOPY . .\n" }), region: "us-west" });
    expect(status).toBe(201);
    const id = body.build.id;
    const seen = [0, 99, 100, 1099, 1100].map((t, i, all) => {
      advance(t - (all[i - 1] ?? 0));
      const { build } = registry.getBuild(id);
      return [build.status, build.imageUri !== undefined, registry.getLogs(id, new URLSearchParams()).logs.length > 0];
    });
    expect(seen).toEqual([
      ["pending", false, false], ["pending", false, false], ["building", false, true], ["building", false, true], ["success", true, true],
    ]);
    expect(registry.getBuild(id).build).toMatchObject({ buildDurationSeconds: 1, contextHash: body.contextHash, dockerfilePath: "Dockerfile" });
  });

  it.each([
    ["# simulator: fail no such package", "failed", "Docker build failed: no such package"],
    ["# simulator: fail", "failed", "Docker build failed: the Dockerfile asked the simulator to fail"],
    ["# simulator: timeout", "timeout", "Build exceeded the maximum build duration"],
  ])("a Dockerfile line %j ends the build %s", (line, status, errorMessage) => {
    const { registry, upload, advance } = setup();
    const { body } = registry.createBuild({ uploadId: upload({ Dockerfile: `FROM x\n${line}\n` }), region: "us-west" });
    advance(5_000);
    expect(registry.getBuild(body.build.id).build).toMatchObject({ status, errorMessage });
    expect(registry.deployProblem(body.build.id, "us-west")?.message).toMatch(`status: ${status}`);
  });

  it("a Dockerfile missing from the archive fails the build", () => {
    const { registry, upload, advance } = setup();
    const { body } = registry.createBuild({ uploadId: upload({ "bot.py": "" }), region: "us-west", dockerfilePath: "Dockerfile" });
    advance(5_000);
    expect(registry.getBuild(body.build.id).build.errorMessage).toMatch(/failed to read dockerfile/);
  });

  it("the same context, Dockerfile and region is served from the cache once successful", () => {
    const { registry, upload, advance } = setup();
    const files = { Dockerfile: "FROM x\n" };
    const first = registry.createBuild({ uploadId: upload(files), region: "us-west" });
    expect(registry.createBuild({ uploadId: upload(files), region: "us-west" }).status).toBe(201); // not done yet: built again
    advance(5_000);
    const cached = registry.createBuild({ uploadId: upload(files), region: "us-west" });
    expect(cached.status).toBe(200);
    expect(cached.body).toMatchObject({ cached: true, build: { status: "success" } });
    expect(registry.createBuild({ uploadId: upload(files, "eu-central"), region: "eu-central" }).status).toBe(201);
    const listed = registry.listBuilds(new URLSearchParams({ contextHash: first.body.contextHash, status: "success", region: "us-west", limit: "1" }));
    expect(listed).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(listed.builds).toHaveLength(1);
  });

  it("seeded builds keep their status", () => {
    const { registry, advance } = setup();
    advance(60_000);
    expect(registry.getBuild(SEEDED).build.status).toBe("building");
    expect(registry.deployProblem(SEEDED, "us-east")?.message).toMatch(/not ready/);
  });

  it.each([
    [{ status: "done" }, /status must be one of/],
    [{ limit: "0" }, /limit must be an integer from 1 to 100/],
    [{ limit: "101" }, /limit must be an integer from 1 to 100/],
    [{ offset: "-1" }, /offset/],
  ])("list rejects %j", (query, message) => {
    expect(() => setup().registry.listBuilds(new URLSearchParams(query))).toThrow(message);
  });

  it("a context packed as `tar -C dir .` (members named ./Dockerfile) builds like one without the ./", () => {
    const { registry, upload, advance } = setup();
    const { body } = registry.createBuild({ uploadId: upload({ "./Dockerfile": "FROM python:3.12\n", "./bot.py": "print()\n" }), region: "us-west" });
    advance(1100);
    expect(registry.getBuild(body.build.id).build).toMatchObject({ status: "success", dockerfilePath: "Dockerfile" });
  });

  it("an upload URL expires after 15 minutes", () => {
    const { registry, advance } = setup();
    const target = registry.createUploadUrl({ region: "us-west" }, "http://127.0.0.1:1");
    advance(15 * 60_000 + 1);
    const archive = gzip(tar([{ name: "Dockerfile", content: Buffer.from("FROM x\n"), executable: false }]));
    expect(() => registry.receiveUpload([...Object.entries(target.uploadFields), ["file", archive]])).toThrow(UploadRejected);
  });
});
