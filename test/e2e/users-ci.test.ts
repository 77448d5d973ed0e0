// README "Unit tests that validate" and "Test your stack without Pipecat Cloud", as a user's
// CI would run them: the pipecatMocks unit tests read from the installed package's README,
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

/** The ```ts blocks of a README section, as the installed package's README has them. */
function snippets(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 4);
  return [...readme.slice(start, end === -1 ? undefined : end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("the README's unit tests with pipecatMocks, as a new user writes them from the installed package", () => {
  const dir = path.join(consumerDir, "users-ci", "unit-testing");
  const tsc = path.join(consumerDir, "node_modules", ".bin", "tsc");
  const installedReadme = readFileSync(path.join(consumerDir, "node_modules", "pulumi-pipecat-cloud", "README.md"), "utf8");
  const [program] = snippets(installedReadme, "The whole voice stack");
  const [test] = snippets(installedReadme, "Unit tests that validate");

  function compileAndTest(): { status: number | null; output: string } {
    const compiled = spawnSync(tsc, ["-p", dir], { cwd: dir, encoding: "utf8" });
    expect(compiled.stdout + compiled.stderr).toBe("");
    const tested = spawnSync(process.execPath, ["--test", "bin/"], { cwd: dir, encoding: "utf8" });
    return { status: tested.status, output: tested.stdout + tested.stderr };
  }

  it("are the repository's examples/unit-testing, which the cli layer deploys with pulumi up", () => {
    const example = (file: string) => readFileSync(path.join(repo, "examples", "unit-testing", file), "utf8").replace(/^(\/\/.*\n)+/, "");
    expect(program).toBe(example("index.ts"));
    expect(test).toBe(example("index.test.ts"));
  });

  it("pass as written: CommonJS, compiled to bin/, contextDir \"bot\" found from the project directory", () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, "bot"), { recursive: true });
    writeFileSync(path.join(dir, "index.ts"), program!);
    writeFileSync(path.join(dir, "index.test.ts"), test!);
    writeFileSync(path.join(dir, "bot", "Dockerfile"), "FROM dailyco/pipecat-base:latest\nCOPY bot.py bot.py\n");
    writeFileSync(path.join(dir, "bot", "bot.py"), "print('hello')\n");
    // A Pulumi TypeScript project's tsconfig, with the README's module and outDir.
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, types: ["node"] }, files: ["index.ts", "index.test.ts"] }),
    );
    const { status, output } = compileAndTest();
    expect(output).toMatch(/# pass 4\b/);
    expect(output).toMatch(/# fail 0\b/);
    expect(status).toBe(0);
  });

  it("fail with preview's message when the program declares an invalid agent", () => {
    const file = path.join(dir, "index.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("{ minAgents: 1,", "{ minAgents: 30,"));
    const { status, output } = compileAndTest();
    expect(output).toMatch(/PipecatAgent resource 'support-bot': property autoScaling\.maxAgents value \{<nil>\} has a problem: must be at least minAgents \(30\)/);
    expect(output).toMatch(/# fail [1-9]/);
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
    cpSync(path.join(repo, "examples", "unit-testing"), programDir, { recursive: true });
    // The project directory is the program's own folder, as for `pulumi`: contextDir "bot" is found from there.
    const stack = { programDir, projectDir: programDir, project: "support-bot", stack: "ci", statePath: path.join(programDir, "state.json"), config: { ...config, "support-bot:openaiApiKey": "sk-ci-users" }, secretKeys: [...secretKeys, "support-bot:openaiApiKey"] };
    const planned = await preview(stack);
    expect(planned.errors).toEqual([]);
    expect(planned.events.map((e) => e.op)).toEqual(["create", "create", "create"]);
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
