// docs/migrating-from-pcc-deploy.md, the build variant, run as written: a
// pcc-deploy.toml with no image and a [build] section, next to the program. The
// first `up` builds the folder `pcc deploy` would build, then deploys that build.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { destroy, preview, up, type StackSettings } from "../../dist/runner/runner";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_migrate_build_key_3f1a";
// Its own project directory: the program reads ./pcc-deploy.toml from there, as `pulumi up` would.
const dir = path.join(consumerDir, "examples", "migrate-from-pcc-build");
let sim: Simulator;

const settings: () => StackSettings = () => ({
  programDir: dir,
  projectDir: dir,
  project: "consumer",
  stack: "migrate-build",
  statePath: path.join(consumerDir, "state", "migrate-from-pcc-build.json"),
  config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "0.2" },
  secretKeys: ["pipecat:apiKey"],
});

/** docs/migrating-from-pcc-deploy.md's program that uses pccDeployBuildArgs. */
function readmeProgram(): string {
  const section = readFileSync(path.resolve(__dirname, "../../docs/migrating-from-pcc-deploy.md"), "utf8");
  const program = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("pccDeployBuildArgs"));
  expect(program).toBeDefined();
  return program!;
}

beforeAll(async () => {
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY, timings: { buildQueueMs: 100, buildRunMs: 300 } });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.resolve(__dirname, "../../examples/cloud-build/bot"), path.join(dir, "app"), { recursive: true });
  writeFileSync(path.join(dir, "app", "NOTES.md"), "left out by [build.exclude]\n");
  writeFileSync(
    path.join(dir, "pcc-deploy.toml"),
    'agent_name = "pcc-built-agent"\nregion = "us-west"\n\n[build]\ncontext_dir = "app"\n\n[build.exclude]\npatterns = ["*.md"]\n',
  );
  writeFileSync(path.join(dir, "index.ts"), readmeProgram());
  rmSync(settings().statePath, { force: true });
});
afterAll(() => sim?.close());

it("the first up builds [build]'s folder in the TOML's region and deploys that build; then nothing changes", async () => {
  const plan = await preview(settings());
  expect(plan.errors).toEqual([]);
  expect(plan.events.map((e) => [e.type.split(":").pop(), e.op])).toEqual([["PipecatBuild", "create"], ["PipecatAgent", "create"]]);
  expect(sim.requests.filter((r) => r.method !== "GET")).toEqual([]);

  const result = await up(settings());
  expect(result.errors).toEqual([]);
  const writes = sim.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
  expect(writes).toEqual(["POST /v1/builds/upload-url", "POST /_uploads", "POST /v1/builds", "POST /v1/agents"]);
  const [build, agent] = result.state.resources;
  expect(build!.inputs).toMatchObject({ contextDir: "app", dockerfile: "Dockerfile", exclude: ["*.md"], region: "us-west" });
  expect(build!.outputs).toMatchObject({ status: "success", region: "us-west" });
  expect(agent!.outputs).toMatchObject({ buildId: build!.id, ready: true, region: "us-west" });
  expect(sim.agents()[0]).toMatchObject({ name: "pcc-built-agent", config: { buildId: build!.id } });
  expect(result.outputs).toMatchObject({ buildId: build!.id, ready: true });

  const again = await preview(settings());
  expect(again.events.map((e) => e.op)).toEqual(["same", "same"]);

  expect((await destroy(settings())).errors).toEqual([]);
  expect(sim.agents()).toEqual([]);
});
