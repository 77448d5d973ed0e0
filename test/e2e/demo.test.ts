// `npm run demo` is the README's first command: keep it true.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";

it("the demo walks examples/voice-stack (secrets → build → agent) from preview to destroy, rotating a key", async () => {
  const root = path.resolve(__dirname, "../..");
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(process.execPath, ["dist/runner/demo.js"], { cwd: root, env: { ...process.env, PIPECAT_API_KEY: "" } }, (_e, out) =>
      resolve({ code: child.exitCode, stdout: out }),
    );
  });
  expect(code, stdout).toBe(0);
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

it("`npm run demo -- --cli` without a pulumi CLI says how to get one and fails", async () => {
  const root = path.resolve(__dirname, "../..");
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    // An empty PATH apart from node's own directory: no `pulumi` to find.
    const env = { ...process.env, PATH: path.dirname(process.execPath) };
    const child = execFile(process.execPath, ["dist/runner/demo.js", "--cli"], { cwd: root, env }, (_e, _out, err) => resolve({ code: child.exitCode, stderr: err }));
  });
  expect(code).toBe(1);
  expect(stderr).toMatch(/No `pulumi` CLI on PATH: install it from https:\/\/www\.pulumi\.com\/docs\/install\/ or run `npm run demo` without --cli/);
});
