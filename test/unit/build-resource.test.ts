// PipecatBuild as the program constructs it: the planned hash is the packed archive's,
// and `exclude` beside a `.dockerignore` draws a warning, since pcc ignores it silently.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { packContext } from "../../src/build/pack";
import { PipecatBuild } from "../../src/build/resource";

const root = mkdtempSync(join(tmpdir(), "pipecat-build-resource-"));
const inputs = new Map<string, Record<string, unknown>>();
const saved = process.env.PULUMI_PIPECAT_CACHE_DIR;
beforeAll(() => {
  process.env.PULUMI_PIPECAT_CACHE_DIR = join(root, "cache"); // not the user's cache
  pulumi.runtime.setMocks({ newResource: (args) => (inputs.set(args.name, args.inputs), { id: args.name, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
});
afterAll(() => {
  if (saved === undefined) delete process.env.PULUMI_PIPECAT_CACHE_DIR;
  else process.env.PULUMI_PIPECAT_CACHE_DIR = saved;
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => vi.restoreAllMocks());

let n = 0;
function bot(files: Record<string, string> = {}): string {
  const dir = join(root, `bot-${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ Dockerfile: "FROM python:3.12-slim\n", "bot.py": "print('hello')\n", "a.wav": "RIFF", ...files })) writeFileSync(join(dir, name), text);
  return dir;
}

describe("PipecatBuild in the program", () => {
  it("plans the hash of the archive create will upload", async () => {
    const dir = bot();
    const build = new PipecatBuild("planned", { contextDir: dir, exclude: ["*.wav"] });
    await new Promise<string>((resolve) => build.urn.apply(resolve));
    expect(inputs.get("planned")?.contextHash).toBe(packContext(dir, { exclude: ["*.wav"] }).contextHash);
    expect(build.files).toEqual(["Dockerfile", "bot.py"]);
  });

  it.each<[string, Record<string, string>, string[] | undefined, boolean]>([
    ["exclude and a .dockerignore: warns, naming the patterns", { ".dockerignore": "*.log\n" }, ["*.wav", "tmp"], true],
    ["a .dockerignore, no exclude: no warning", { ".dockerignore": "*.log\n" }, undefined, false],
    ["a .dockerignore, exclude empty: no warning", { ".dockerignore": "*.log\n" }, [], false],
    ["exclude, no .dockerignore: no warning", {}, ["*.wav"], false],
  ])("%s", (_, files, exclude, warns) => {
    const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(async () => {});
    const dir = bot(files);
    const build = new PipecatBuild(`w-${n}`, { contextDir: dir, exclude });
    if (!warns) return expect(warn).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe(
      `PipecatBuild w-${n}: exclude is ignored because ${dir} has a .dockerignore, which alone decides what is sent (as with pcc). Move the patterns (*.wav, tmp) into it`,
    );
    expect(warn.mock.calls[0]![1]).toBe(build);
    expect(build.files).toContain("a.wav"); // what the warning is about: the file goes in
  });
});
