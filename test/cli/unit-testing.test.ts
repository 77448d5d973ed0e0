// examples/unit-testing (the README's voice stack and its unit tests) as a user's project: the
// tests compiled to bin/ pass with contextDir "bot" (the cli examples suite deploys the same
// program with `pulumi up`), and an invalid agent is refused by pipecatMocks with exactly the
// lines the real `pulumi preview` prints for it.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cliScratch, finished, installProject, PulumiProject } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");

/** Runs a command in the project asynchronously (tests here share the process with nothing, but stay uniform). */
async function run(dir: string, command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await finished(spawn(command, args, { cwd: dir, env: { ...process.env, NODE_OPTIONS: "" } }));
  return { code: result.code, output: result.stdout + result.stderr };
}

describe.skipIf(!cliDir)("examples/unit-testing: unit tests with pipecatMocks, compiled, and the real preview", () => {
  const dir = path.join(cliScratch, "unit-testing-mocks");
  let project: PulumiProject;

  beforeAll(async () => {
    installProject(path.resolve(__dirname, "../../examples/unit-testing"), dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
    await project.ok(["stack", "init", "prod"]);
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", "pk_unused_offline"]);
    await project.ok(["config", "set", "--secret", "openaiApiKey", "sk-mocks"]);
  });

  it("npx tsc && node --test bin/ passes, finding ./bot from the project directory", async () => {
    const compiled = await run(dir, path.join(dir, "node_modules", ".bin", "tsc"), []);
    expect(compiled.output).toBe("");
    const tested = await run(dir, process.execPath, ["--test", "bin/"]);
    expect(tested.output).toMatch(/# pass 4\b/);
    expect(tested.code).toBe(0);
  });

  it("a refused registration carries the lines pulumi preview prints for the same program", async () => {
    await project.ok(["config", "set", "maxAgents", "0"]);
    const previewed = await project.run(["preview"]);
    expect(previewed.code).not.toBe(0);

    const script = path.join(dir, "bin", "refusals.js");
    fs.writeFileSync(
      script,
      `const pulumi = require("@pulumi/pulumi");
const { pipecatMocks } = require("pulumi-pipecat-cloud/testing");
const mocks = pipecatMocks();
pulumi.runtime.setMocks(mocks, "support-bot", "prod", false);
pulumi.runtime.setAllConfig({ "support-bot:openaiApiKey": "sk-mocks", "support-bot:maxAgents": "0" }, ["support-bot:openaiApiKey"]);
require("./index");
mocks.settled().then(() => process.exit(3), () => { console.log(JSON.stringify(mocks.refusals)); });
`,
    );
    const refused = await run(dir, process.execPath, [script]);
    const refusals = JSON.parse(refused.output.trim().split("\n").pop()!) as Array<{ message: string }>;
    const lines = refusals.flatMap((r) => r.message.split("\n"));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes("autoScaling.maxAgents"))).toBe(true);
    for (const line of lines) expect(previewed.stdout + previewed.stderr).toContain(line);
  });
});
