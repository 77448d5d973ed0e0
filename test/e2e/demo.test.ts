// `npm run demo` is the README's first command: keep it true.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function demo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["dist/runner/demo.js", ...args], { cwd: root, env: { ...process.env, PIPECAT_API_KEY: "", ...env } }, (_e, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli: { dir: string } | undefined = require(path.join(root, ".ci/pulumi-cli/get.js")).locate();

it.runIf(cli)("with a Pulumi CLI, the real pulumi walks examples/voice-stack from preview to destroy, rotating a key", async () => {
  const { code, stdout, stderr } = await demo([]);
  expect(code, stdout + stderr).toBe(0);
  expect(stdout).toMatch(/^Engine: the real Pulumi CLI/m);
  expect(stdout).toMatch(/\+ 4 to create/);
  expect(stdout).toMatch(/\+ 4 created/);
  expect(stdout).toMatch(/PUT \/v1\/secrets\/voice-stack-keys\n(\s+.*\n)*?\s+POST \/v1\/builds\n(\s+.*\n)*?\s+POST \/v1\/agents\n/);
  expect(stdout).toMatch(/ready\s+: true/);
  expect(stdout).toMatch(/PUT \/v1\/secrets\/voice-stack-keys\n\s+POST \/v1\/agents\/voice-stack  \(forceRedeploy: true\)\n/);
  expect(stdout).toMatch(/~ autoScaling\s*: \{\n\s*~ maxAgents: 5 => 50\n\s*~ minAgents: 1 => 0/);
  expect(stdout).toMatch(/- 4 deleted/);
  expect(stdout).toMatch(/Agents and secret sets left in the simulator: none/);
  expect(stdout).not.toContain("pk_demo_not_a_real_key");
  expect(stdout).not.toContain("sk-demo-openai");
});

it("without a Pulumi CLI (or with --engine=runner), the repository's runner walks the same story", async () => {
  // No `pulumi` on PATH, an empty cache, no PULUMI_CLI_DIR.
  const noCli = { PATH: path.dirname(process.execPath), PULUMI_PIPECAT_CACHE_DIR: path.join(root, ".scratch", "no-cli-cache"), PULUMI_CLI_DIR: "" };
  const { code, stdout } = await demo([], noCli);
  expect(code, stdout).toBe(0);
  expect(stdout).toMatch(/^Engine: this repository's program runner/m);
  expect(stdout).toMatch(/Plan: 3 to create/);
  expect(stdout).toMatch(/Resources: 3 created/);
  // Secrets, then the build, then the agent deploying it.
  expect(stdout).toMatch(/PUT \/v1\/secrets\/voice-stack-keys\n(\s+.*\n)*?\s+POST \/v1\/builds\/upload-url\n(\s+.*\n)*?\s+POST \/v1\/builds\n(\s+.*\n)*?\s+POST \/v1\/agents\n/);
  expect(stdout).toMatch(/ready\s+: true/);
  expect(stdout).toMatch(/update\s+\[diff: ~secrets\]\n\s+~ secrets: \[secret\] => \[secret\]/);
  // The rotation: the set first, then the agent redeployed; no new build.
  expect(stdout).toMatch(/PUT \/v1\/secrets\/voice-stack-keys\n\s+POST \/v1\/agents\/voice-stack  \(forceRedeploy: true\)\n/);
  expect(stdout).toMatch(/drift\s+\[~autoScaling\]/);
  expect(stdout).toMatch(/Resources: 3 deleted/);
  expect(stdout).toMatch(/Agents and secret sets left in the simulator: none/);
  expect(stdout).not.toContain("pk_demo_not_a_real_key");
  expect(stdout).not.toContain("sk-demo-openai");
});
