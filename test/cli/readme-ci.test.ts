// The README's "Test your stack without Pipecat Cloud" GitHub Actions job, run as written:
// its `run:` steps, read from the README, executed by bash one after the other in a user's
// project (examples/basic with the tarball installed), with the real `pulumi` on PATH in place
// of `pulumi/actions`. Only the port is changed (8787 may be taken here), and `npm ci` is the
// install the project already had.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { cliScratch, finished, installProject, PulumiProject } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const repo = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(repo, "README.md"), "utf8");
const heading = "## Test your stack without Pipecat Cloud";
const section = readme.slice(readme.indexOf(heading), readme.indexOf("\n## ", readme.indexOf(heading) + heading.length));
const job = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";

/** The `run:` steps of the job, in order: one-liners and `run: |` blocks. */
function runSteps(yaml: string): string[] {
  const steps: string[] = [];
  const lines = yaml.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?run: (.*)$/.exec(lines[i]!);
    if (!m) continue;
    if (m[2] !== "|") {
      steps.push(m[2]!);
      continue;
    }
    const block: string[] = [];
    const indent = /^\s*/.exec(lines[i + 1] ?? "")![0].length;
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === "" || /^\s*/.exec(lines[i + 1]!)![0].length >= indent)) block.push(lines[++i]!.slice(indent));
    steps.push(block.join("\n").trim());
  }
  return steps;
}

describe.skipIf(!cliDir)("the README's GitHub Actions job, with the real pulumi CLI", () => {
  let shell: ChildProcess | undefined;
  afterAll(() => {
    // The job's background simulator is in the shell's process group.
    if (shell?.pid) {
      try {
        process.kill(-shell.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });

  it("has the steps this test runs", () => {
    const steps = runSteps(job);
    expect(steps[0]).toBe("npm ci");
    expect(steps.join("\n")).toMatch(/npx pipecat-cloud-simulator[\s\S]*pulumi login --local[\s\S]*pulumi preview\n[\s\S]*pulumi up --yes\n[\s\S]*pulumi destroy --yes/);
    expect(/PULUMI_CONFIG_PASSPHRASE: (\S+)/.exec(job)?.[1]).toBeTruthy();
  });

  it("runs green, deploying and destroying the agent", async () => {
    const dir = path.join(cliScratch, "readme-ci");
    installProject(path.join(repo, "examples", "basic"), dir, inject("tarball"));
    const project = new PulumiProject(dir, cliDir);
    const port = 18000 + (process.pid % 2000);
    const steps = runSteps(job).slice(1).map((step) => step.replaceAll("8787", String(port)));
    const script = ["set -euo pipefail", ...steps.map((s) => `echo "::step:: ${s.split("\n")[0]!.replaceAll('"', "")}"\n${s}`)].join("\n");
    // A fresh runner's environment: the job's env; PULUMI_HOME and PULUMI_BACKEND_URL keep what
    // `pulumi login --local` would put in the runner's ~/.pulumi inside this project's scratch folder.
    const env = project.env({ PULUMI_CONFIG_PASSPHRASE: /PULUMI_CONFIG_PASSPHRASE: (\S+)/.exec(job)![1] });
    shell = spawn("bash", ["-c", script], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const result = await finished(shell);
    if (result.code !== 0) throw new Error(`the job failed (exit ${result.code}):\n${result.output.slice(-6000)}`);
    expect(result.stdout).toMatch(/\+ 2 created/);
    expect(result.stdout).toMatch(/- 2 deleted/);
    const state = (await (await fetch(`http://127.0.0.1:${port}/_simulator/state`)).json()) as { agents: unknown[]; requests: Array<{ method: string; path: string }> };
    expect(state.agents).toEqual([]);
    expect(state.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/agents", "DELETE /v1/agents/my-agent"]);
    expect(fs.readdirSync(path.join(project.backendDir, ".pulumi", "stacks", "pipecat-basic"))).toContain("ci.json");
  });
});
