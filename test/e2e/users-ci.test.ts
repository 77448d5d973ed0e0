// README "Test your stack without Pipecat Cloud", as a user's CI would run it:
// the setMocks unit tests of examples/unit-testing against the installed package,
// and the GitHub Actions job's simulator command and `pulumi config set` lines
// taken from the README as written, with preview/up/destroy driven through
// Pulumi's real provider host (everything but the `pulumi` binary).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { destroy, preview, up } from "../../dist/runner/runner";

const consumerDir = inject("consumerDir");
const repo = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(repo, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Test your stack without Pipecat Cloud"), readme.indexOf("\n## ", readme.indexOf("## Test your stack without Pipecat Cloud") + 5));
const job = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";

describe("unit tests with pulumi.runtime.setMocks (examples/unit-testing)", () => {
  const dir = path.join(consumerDir, "users-ci", "unit-testing");
  const tsc = path.join(consumerDir, "node_modules", ".bin", "tsc");

  function compileAndTest(): { status: number | null; output: string } {
    const compiled = spawnSync(tsc, ["-p", dir], { cwd: dir, encoding: "utf8" });
    expect(compiled.stdout + compiled.stderr).toBe("");
    const tested = spawnSync(process.execPath, ["--test", "bin/"], { cwd: dir, encoding: "utf8" });
    return { status: tested.status, output: tested.stdout + tested.stderr };
  }

  it("pass against the installed package, as written", () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(repo, "examples", "unit-testing"), dir, { recursive: true });
    // A Pulumi TypeScript project's tsconfig, with an outDir (as the README says).
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, types: ["node"] }, files: ["index.ts", "index.test.ts"] }),
    );
    const { status, output } = compileAndTest();
    expect(output).toMatch(/# pass 3\b/);
    expect(output).toMatch(/# fail 0\b/);
    expect(status).toBe(0);
  });

  it("fail when the program breaks the rule they check", () => {
    const program = path.join(dir, "index.ts");
    writeFileSync(program, readFileSync(program, "utf8").replace("{ minAgents: 1, maxAgents: 20 }", "{ minAgents: 0, maxAgents: 20 }"));
    const { status, output } = compileAndTest();
    expect(output).toMatch(/minAgents is 0: a production agent must not scale to zero/);
    expect(status).not.toBe(0);
  });
});

describe("the GitHub Actions job from the README", () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => child?.kill("SIGTERM"));

  it("has a simulator command and config lines to run", () => {
    expect(job).toMatch(/npx pipecat-cloud-simulator /);
    expect(job).toMatch(/pulumi login --local/);
    expect(job).toMatch(/pulumi preview\n[\s\S]*pulumi up --yes\n[\s\S]*pulumi destroy --yes/);
  });

  it("its simulator command, preview, up and destroy work as written", async () => {
    // `npx pipecat-cloud-simulator …flags… > simulator.log 2>&1 &`, on a free port instead of 8787.
    const line = /npx pipecat-cloud-simulator ([^\n>&]*)/.exec(job)![1]!.trim();
    const args = line.split(/\s+/);
    const configuredUrl = /pulumi config set pipecat:apiUrl (\S+)/.exec(job)![1]!;
    const port = args.indexOf("--port");
    expect(configuredUrl).toBe(`http://127.0.0.1:${args[port + 1]}`);
    args[port + 1] = "0";
    const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
    child = spawn(bin, args, { cwd: consumerDir });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (match) resolve(match[0]);
      });
      child!.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });

    // The job's readiness loop polls the control endpoint.
    expect(/until curl -sf http:\/\/127\.0\.0\.1:8787(\/_simulator\/state)/.exec(job)?.[1]).toBe("/_simulator/state");
    const state = (await (await fetch(`${url}/_simulator/state`)).json()) as { secretSets: Array<{ name: string; type: string; status: string }> };
    for (const seed of args.filter((_, i) => args[i - 1] === "--seed-secret-set")) {
      const [name, , type] = seed.split(":");
      expect(state.secretSets).toContainEqual(expect.objectContaining({ name, type: type ?? "secret", status: "ready" }));
    }

    // `pulumi config set [--secret] KEY VALUE` lines, as the stack's config.
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [, secret, key, value] of job.matchAll(/pulumi config set (--secret )?(\S+) (\S+)/g)) {
      config[key!] = key === "pipecat:apiUrl" ? url : value!;
      if (secret) secretKeys.push(key!);
    }
    expect(Object.keys(config).sort()).toEqual(["pipecat:apiKey", "pipecat:apiUrl"]);

    // A seeded build can be deployed by buildId.
    const buildId = args[args.indexOf("--seed-build") + 1]!.split(":")[0];
    const auth = { authorization: `Bearer ${config["pipecat:apiKey"]}`, "content-type": "application/json" };
    const byBuild = await fetch(`${url}/v1/agents`, { method: "POST", headers: auth, body: JSON.stringify({ serviceName: "from-build", buildId }) });
    expect(byBuild.status).toBe(200);
    await fetch(`${url}/v1/agents/from-build`, { method: "DELETE", headers: auth });

    // `pulumi preview`, `pulumi up --yes`, `pulumi destroy --yes` of the unit-testing example's program.
    const programDir = path.join(consumerDir, "users-ci", "stack");
    rmSync(programDir, { recursive: true, force: true });
    cpSync(path.join(repo, "examples", "unit-testing", "index.ts"), path.join(programDir, "index.ts"));
    const stack = { programDir, projectDir: consumerDir, project: "support", stack: "ci", statePath: path.join(programDir, "state.json"), config, secretKeys };
    const planned = await preview(stack);
    expect(planned.errors).toEqual([]);
    expect(planned.events.map((e) => e.op)).toEqual(["create"]);
    const deployed = await up(stack);
    expect(deployed.errors).toEqual([]);
    expect(deployed.outputs).toMatchObject({ agentName: "support-bot", ready: true });
    const destroyed = await destroy(stack);
    expect(destroyed.errors).toEqual([]);
    const after = (await (await fetch(`${url}/_simulator/state`)).json()) as { agents: unknown[] };
    expect(after.agents).toEqual([]);
    expect(out).not.toContain(config["pipecat:apiKey"]!);
  });
});
