// examples/automation: an inline program driven by @pulumi/pulumi/automation's LocalWorkspace
// (which runs the real `pulumi` CLI underneath) through preview, up and destroy, against the
// simulator, with the package installed from the tarball.
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";
import { cliScratch, finished, installProject, PulumiProject } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const API_KEY = "pk_cli_automation_key_5d20";

describe.skipIf(!cliDir)("examples/automation (Automation API, inline program)", () => {
  let sim: Simulator;
  let project: PulumiProject;

  beforeAll(async () => {
    sim = await startInstalledSimulator(inject("consumerDir"), { apiKey: API_KEY });
    const dir = path.join(cliScratch, "automation");
    installProject(path.resolve(__dirname, "../../examples/automation"), dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
    const tsc = spawnSync(path.join(dir, "node_modules/.bin/tsc"), [], { cwd: dir, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
  });
  afterAll(() => sim?.close());

  /** `node bin/index.js ACTION CUSTOMER` as the example's header says, with the CLI on PATH (asynchronous: the simulator answers from this process). */
  async function run(action: string): Promise<string> {
    const child = spawn(process.execPath, ["bin/index.js", action, "acme"], { cwd: project.dir, env: project.env({ PIPECAT_API_KEY: API_KEY, PIPECAT_API_URL: sim.url }) });
    const result = await finished(child);
    if (result.code !== 0) throw new Error(`node bin/index.js ${action} exited ${result.code}:\n${result.output.slice(-4000)}`);
    return result.output;
  }

  it("preview plans one create and sends nothing", async () => {
    const output = await run("preview");
    expect(output).toMatch(/changes: \{[^}]*"create":2/);
    expect(sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("up deploys the agent and returns its outputs", async () => {
    const output = await run("up");
    expect(output).toMatch(/outputs: \{"agentName":"acme-bot","deploymentId":"[0-9a-f-]+","ready":true\}/);
    expect(sim.agents().map((a) => [a.name, a.status.ready])).toEqual([["acme-bot", true]]);
  });

  it("the stack's state holds no API key", async () => {
    await project.ok(["stack", "select", "acme"]);
    const { text } = await project.exportState();
    expect(text).toContain("acme-bot");
    expect(text).not.toContain(API_KEY);
  });

  it("destroy removes the agent and the stack", async () => {
    const output = await run("destroy");
    expect(output).toMatch(/destroyed and removed stack acme/);
    expect(sim.agents()).toEqual([]);
    expect(JSON.parse((await project.ok(["stack", "ls", "--json"])).stdout)).toEqual([]);
  });
});
