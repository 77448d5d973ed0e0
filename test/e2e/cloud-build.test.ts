// examples/cloud-build run whole, as `pulumi preview` / `up` / `destroy` would:
// the program packs ./bot, the provider host (from the tarball) uploads it to the
// simulator, waits for the build and deploys the agent from it.
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { destroy, preview, up, type StackSettings } from "../../dist/runner/runner";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_cloud_build_key_77c3";
const exampleDir = path.join(consumerDir, "examples", "cloud-build");
const botFile = path.join(exampleDir, "bot", "bot.py");
const dockerfile = path.join(exampleDir, "bot", "Dockerfile");

let sim: Simulator;

beforeAll(async () => {
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY, timings: { buildQueueMs: 100, buildRunMs: 300 } });
  rmSync(exampleDir, { recursive: true, force: true });
  cpSync(path.resolve(__dirname, "../../examples/cloud-build"), exampleDir, { recursive: true });
});
afterAll(() => sim?.close());

function settings(stack: string, config: Record<string, string> = {}, programDir = exampleDir): StackSettings {
  return {
    programDir,
    projectDir: consumerDir, // the program's main is a subfolder of the project
    project: "consumer",
    stack,
    statePath: path.join(consumerDir, "state", `cloud-build-${stack}.json`),
    config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.2", ...config },
    secretKeys: ["pipecat:apiKey"],
  };
}

const writes = (from = 0) => sim.requests.slice(from).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
const buildOf = (id: unknown) => sim.builds().find((b) => b.id === id)!;
const agentBuildId = () => sim.agents()[0]!.config.buildId;

describe("examples/cloud-build", () => {
  beforeAll(() => {
    for (const stack of ["dev", "fresh"]) rmSync(settings(stack).statePath, { force: true });
  });

  it("preview plans the build and the agent, and sends nothing", async () => {
    const result = await preview(settings("dev"));
    expect(result.errors).toEqual([]);
    expect(result.events.map((e) => [e.type, e.op])).toEqual([
      ["pulumi-nodejs:dynamic/pipecat:PipecatBuild", "create"],
      ["pulumi-nodejs:dynamic/pipecat:PipecatAgent", "create"],
    ]);
    expect(sim.requests).toEqual([]);
  });

  it("the first up builds, then deploys the build", async () => {
    const result = await up(settings("dev"));
    expect(result.errors).toEqual([]);
    expect(writes()).toEqual(["POST /v1/builds/upload-url", "POST /_uploads", "POST /v1/builds", "POST /v1/agents"]);
    const [build, agent] = result.state.resources;
    expect(build!.outputs).toMatchObject({ status: "success", cached: false, region: "us-west" });
    expect(agent!.outputs).toMatchObject({ buildId: build!.id, ready: true, region: "us-west" });
    expect(agentBuildId()).toBe(build!.id);
    expect(sim.agents()[0]!.status.deployment.manifest.spec.image).toBe("[REDACTED]");
    // The simulator hashed the upload itself: the program's planned hash.
    expect(buildOf(build!.id).contextHash).toBe(build!.outputs.contextHash);
    // State holds the folder relative to the project, and no absolute path of this machine.
    expect(build!.inputs.contextDir).toBe("examples/cloud-build/bot");
    expect(JSON.stringify(result.state)).not.toContain(consumerDir);
    expect(result.outputs).toMatchObject({ buildId: build!.id, cached: false, agentName: "cloud-build-bot", ready: true });
  });

  it("the build's serialized provider is small and loads the packing code by package name", () => {
    const state = JSON.parse(readFileSync(settings("dev").statePath, "utf8"));
    const provider = String(state.resources[0].inputs.__provider);
    // Installed from node_modules: a one-line require of the kind's entry module.
    expect(provider.length).toBeLessThanOrEqual(300);
    expect(provider).not.toMatch(/pako|ustar|\/(home|work|tmp|usr|root)\//);
    expect(new Set([...provider.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))).toEqual(new Set(["pulumi-pipecat-cloud/provider/build"]));
  });

  it("a second up with no file change does nothing", async () => {
    const before = sim.requests.length;
    const result = await up(settings("dev"));
    expect(result.errors).toEqual([]);
    expect(result.events.map((e) => e.op)).toEqual(["same", "same"]);
    expect(writes(before)).toEqual([]);
  });

  it("a one-line change builds again and redeploys the agent", async () => {
    const first = (await preview(settings("dev"))).state.resources[0]!;
    appendFileSync(botFile, "# one more line\n");
    const plan = await preview(settings("dev"));
    expect(plan.events.map((e) => [e.op, e.replaces])).toEqual([["replace", ["contextHash"]], ["update", []]]);

    const before = sim.requests.length;
    const result = await up(settings("dev"));
    expect(result.errors).toEqual([]);
    expect(writes(before)).toEqual(["POST /v1/builds/upload-url", "POST /_uploads", "POST /v1/builds", "POST /v1/agents/cloud-build-bot"]);
    const [build, agent] = result.state.resources;
    expect(build!.id).not.toBe(first.id);
    expect(agent!.outputs).toMatchObject({ buildId: build!.id, ready: true });
    expect(agentBuildId()).toBe(build!.id);
    expect(sim.agents()[0]!.deploymentIds).toHaveLength(2);
    // The replaced build is only forgotten: builds cannot be deleted.
    expect(sim.builds().map((b) => b.id)).toContain(first.id);
  });

  it("a fresh stack with an unchanged context reuses the build: no upload", async () => {
    const dev = (await preview(settings("dev"))).state.resources[0]!;
    const before = sim.requests.length;
    const result = await up(settings("fresh", { "consumer:agentName": "cloud-build-bot-2" }));
    expect(result.errors).toEqual([]);
    expect(writes(before)).toEqual(["POST /v1/agents"]);
    expect(result.state.resources[0]).toMatchObject({ id: dev.id, outputs: { cached: true, status: "success" } });
    expect(result.outputs).toMatchObject({ cached: true, buildId: dev.id });
    expect((await destroy(settings("fresh", { "consumer:agentName": "cloud-build-bot-2" }))).errors).toEqual([]);
  });

  it("a failing build fails the up with its errorMessage and last log lines; the agent keeps running the old build", async () => {
    const running = agentBuildId();
    const original = readFileSync(dockerfile, "utf8");
    writeFileSync(dockerfile, `${original}# simulator: fail requirements.txt pins a version that does not exist\nRUN false\n`);
    try {
      const result = await up(settings("dev"));
      const error = result.errors.join("\n");
      expect(error).toContain("failed: Docker build failed: requirements.txt pins a version that does not exist");
      expect(error).toContain("Step 5/5 : RUN false");
      expect(error).toContain("[Container] Phase complete: BUILD State: FAILED");
      expect(agentBuildId()).toBe(running);
    } finally {
      writeFileSync(dockerfile, original);
    }
  });

  it("destroy deletes the agent and forgets the builds", async () => {
    const builds = sim.builds().length;
    const result = await destroy(settings("dev"));
    expect(result.errors).toEqual([]);
    expect(result.state.resources).toEqual([]);
    expect(sim.agents()).toEqual([]);
    expect(sim.builds()).toHaveLength(builds);
  });
});

describe("a build and an agent in different regions", () => {
  const dir = path.join(consumerDir, "examples", "cloud-build-regions");
  beforeAll(() => {
    sim.reset();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(exampleDir, "bot"), path.join(dir, "bot"), { recursive: true });
    writeFileSync(
      path.join(dir, "index.ts"),
      `
      import * as pulumi from "@pulumi/pulumi";
      import { PipecatAgent, PipecatBuild } from "pulumi-pipecat-cloud";
      const config = new pulumi.Config();
      // A relative contextDir starts at the project directory, not at this file.
      const build = new PipecatBuild("b", { contextDir: "examples/cloud-build-regions/bot", region: "us-west" });
      const region = config.get("asOutput") ? pulumi.output("eu-central") : "eu-central";
      new PipecatAgent("a", { agentName: "region-bot", build, region });
      `,
    );
  });

  it.each([["plain strings", {}], ["an output", { "consumer:asOutput": "yes" }]])("fails at preview when the regions are %s", async (_, config) => {
    const result = await preview({ ...settings("regions", config, dir) });
    expect(result.errors.join("\n")).toMatch(/region "eu-central" differs from its build's region "us-west"/);
    expect(sim.requests).toEqual([]);
  });
});
