// Every program in examples/ run like `pulumi preview` / `up` / `destroy`: the
// program code as written, the package from the tarball, the provider serialized
// by @pulumi/pulumi and executed by the real dynamic-provider host, state carried
// between steps in a file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { destroy, preview, refresh, up, type StackSettings } from "../../dist/runner/runner";
import type { Simulator } from "../../src/simulator";
import { EXAMPLE_SECRET_SETS, startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const examplesDir = path.resolve(__dirname, "../../examples");
const examples = readdirSync(examplesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const API_KEY = "pk_examples_key_41d8";

let sim: Simulator;

beforeAll(async () => {
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY });
});
afterAll(() => sim?.close());

/** Stack config an example requires besides the connection, as `pulumi config set [--secret]` would hold it. */
const EXAMPLE_CONFIG: Record<string, { config: Record<string, string>; secretKeys: string[] }> = {
  "full-stack": {
    config: {
      "consumer:openaiApiKey": "sk-openai-example-1",
      "consumer:deepgramApiKey": "dg-example-1",
      "consumer:cartesiaApiKey": "ca-example-1",
      "consumer:registryUsername": "acme",
      "consumer:registryToken": "dckr_pat_example_1",
    },
    secretKeys: ["consumer:openaiApiKey", "consumer:deepgramApiKey", "consumer:cartesiaApiKey", "consumer:registryToken"],
  },
};

function settings(example: string, config: Record<string, string> = {}): StackSettings {
  const programDir = path.join(consumerDir, "examples", example);
  const own = EXAMPLE_CONFIG[example];
  return {
    programDir,
    projectDir: consumerDir,
    project: "consumer",
    stack: "test",
    statePath: path.join(consumerDir, "state", `${example}.json`),
    config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, ...own?.config, ...config },
    secretKeys: ["pipecat:apiKey", ...(own?.secretKeys ?? [])],
  };
}

const AGENT_TYPE = "pulumi-nodejs:dynamic/pipecat:PipecatAgent";
const SEEDED_SETS = EXAMPLE_SECRET_SETS.map((set) => set.name);

it("there are examples to run", () => {
  expect(examples).toEqual(expect.arrayContaining(["basic", "multi-region", "full-stack"]));
});

it("every example type-checks (strict) against the types the tarball ships", () => {
  const dir = path.join(consumerDir, "typecheck");
  rmSync(dir, { recursive: true, force: true });
  for (const example of examples) cpSync(path.join(examplesDir, example), path.join(dir, example), { recursive: true });
  const files = examples.map((example) => path.join(dir, example, "index.ts"));
  const tsc = path.join(consumerDir, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["--noEmit", "--strict", "--module", "commonjs", "--moduleResolution", "node", "--target", "ES2022", "--esModuleInterop", "--skipLibCheck", "--types", "node", ...files], { cwd: consumerDir, encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});

// Examples with builds have their own tests: cloud-build.test.ts, demo.test.ts (voice-stack, the demo's program)
// and users-ci.test.ts (unit-testing, the README's voice stack, run from its own project directory).
// examples/automation is not a program but a script that drives one (test/cli/automation.test.ts);
// examples/lookups calls the API while the program runs, which the runner's mocks do not serve
// (the real CLI runs it: test/cli/examples.test.ts).
const agentOnly = examples.filter((example) => !["cloud-build", "voice-stack", "unit-testing", "automation", "lookups"].includes(example));

describe.each(agentOnly)("examples/%s", (example) => {
  beforeAll(() => {
    sim.reset();
    const target = path.join(consumerDir, "examples", example);
    rmSync(target, { recursive: true, force: true });
    cpSync(path.join(examplesDir, example), target, { recursive: true });
    rmSync(settings(example).statePath, { force: true });
  });

  it("preview plans only creates and sends nothing to the API", async () => {
    const result = await preview(settings(example));
    expect(result.errors).toEqual([]);
    expect(result.events.length).toBeGreaterThan(0);
    expect(result.events.every((e) => e.op === "create")).toBe(true);
    expect(sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(sim.agents()).toEqual([]);
    expect(JSON.stringify(result.outputs)).toContain("(known after up)");
  });

  it("up creates every agent and waits until each is ready", async () => {
    const result = await up(settings(example));
    expect(result.errors).toEqual([]);
    expect(sim.agents()).toHaveLength(result.events.filter((e) => e.type === AGENT_TYPE).length);
    for (const resource of result.state.resources.filter((r) => r.type === AGENT_TYPE)) {
      expect(resource.outputs).toMatchObject({ ready: true, available: true });
      expect(resource.outputs.__provider).toEqual(expect.any(String));
    }
    expect(JSON.stringify(result.outputs)).not.toContain("(known after up)");
    expect(JSON.stringify(result.state)).not.toContain(API_KEY);
  });

  it("a second preview shows no change", async () => {
    const result = await preview(settings(example));
    expect(result.errors).toEqual([]);
    expect(result.events.map((e) => e.op)).toEqual(result.events.map(() => "same"));
  });

  it("changing the image config plans one in-place update per agent", async () => {
    const result = await preview(settings(example, { "consumer:image": "acme/voice-bot:2.0.0" }));
    expect(result.errors).toEqual([]);
    expect(result.events.filter((e) => e.type !== AGENT_TYPE).map((e) => e.op)).toEqual(result.events.filter((e) => e.type !== AGENT_TYPE).map(() => "same"));
    for (const event of result.events.filter((e) => e.type === AGENT_TYPE)) {
      expect(event.op).toBe("update");
      expect(event.changes.map((c) => c.property)).toEqual(["image"]);
    }
  });

  it("destroy leaves the simulator empty", async () => {
    const managedSets = sim.secretSets().map((set) => set.name).filter((name) => !SEEDED_SETS.includes(name));
    const result = await destroy(settings(example));
    expect(result.errors).toEqual([]);
    expect(result.events.every((e) => e.op === "delete")).toBe(true);
    expect(sim.agents()).toEqual([]);
    for (const name of managedSets) expect(sim.secretSets().map((set) => set.name)).not.toContain(name);
    expect(result.state.resources).toEqual([]);
  });
});

describe("runner: refresh and failure handling (examples/basic)", () => {
  beforeAll(() => {
    sim.reset();
    rmSync(settings("basic").statePath, { force: true });
  });

  it("refresh shows out-of-band drift, then preview plans to undo it", async () => {
    expect((await up(settings("basic"))).errors).toEqual([]);
    await fetch(`${sim.url}/v1/agents/my-agent`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ image: "your-username/my-agent:hotfix" }),
    });
    const refreshed = await refresh(settings("basic"));
    expect(refreshed.events).toHaveLength(1);
    expect(refreshed.events[0]!.changes).toEqual([{ property: "image", before: "your-username/my-agent:latest", after: "your-username/my-agent:hotfix" }]);
    const plan = await preview(settings("basic"));
    expect(plan.events[0]).toMatchObject({ op: "update", changes: [{ property: "image", before: "your-username/my-agent:hotfix", after: "your-username/my-agent:latest" }] });
  });

  it("a crash-looping image fails the up but keeps the agent in state; destroy cleans it up", async () => {
    const result = await up(settings("basic", { "consumer:image": "your-username/my-agent:crash" }));
    expect(result.errors.join("\n")).toMatch(/CrashLoopBackOff/);
    const [resource] = result.state.resources;
    expect(resource).toMatchObject({ id: "my-agent", initErrors: [expect.stringMatching(/CrashLoopBackOff/)] });
    expect((await destroy(settings("basic"))).errors).toEqual([]);
    expect(sim.agents()).toEqual([]);
  });

  it("an agent deleted out of band is dropped by refresh", async () => {
    expect((await up(settings("basic"))).errors).toEqual([]);
    await fetch(`${sim.url}/v1/agents/my-agent`, { method: "DELETE", headers: { authorization: `Bearer ${API_KEY}` } });
    const refreshed = await refresh(settings("basic"));
    expect(refreshed.events[0]).toMatchObject({ op: "refresh", gone: true });
    expect(refreshed.state.resources).toEqual([]);
  });

  it("invalid inputs fail in preview with the property and the fix, before any request", async () => {
    sim.reset();
    const result = await preview(settings("basic", { "consumer:image": "your-username/my-agent" }));
    expect(result.errors.join("\n")).toMatch(/image: must include a tag or digest/);
    expect(sim.requests).toEqual([]);
  });
});

describe("runner: replacements", () => {
  // A program of the test's own: the agent's name and region come from config.
  const program = `
    import * as pulumi from "@pulumi/pulumi";
    import { PipecatAgent } from "pulumi-pipecat-cloud";
    const config = new pulumi.Config();
    const agent = new PipecatAgent("bot", {
      agentName: config.require("name"), region: config.get("region"), image: "acme/bot:1",
      secretSet: config.get("secretSet"), allowRegionMoveDowntime: config.getBoolean("allowMove"),
    });
    export const name = agent.name;
    export const region = agent.region;
  `;
  const stack = (config: Record<string, string>): StackSettings => ({ ...settings("replace", config) });

  beforeAll(() => {
    sim.reset();
    const dir = path.join(consumerDir, "examples", "replace");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "index.ts"), program);
    rmSync(stack({}).statePath, { force: true });
  });

  it("a new name creates the new agent before deleting the old one", async () => {
    expect((await up(stack({ "consumer:name": "bot-one" }))).errors).toEqual([]);
    const plan = await preview(stack({ "consumer:name": "bot-two" }));
    expect(plan.events[0]).toMatchObject({ op: "replace", replaces: ["agentName"], deleteBeforeReplace: false });
    const result = await up(stack({ "consumer:name": "bot-two" }));
    expect(result.errors).toEqual([]);
    expect(sim.agents().map((a) => a.name)).toEqual(["bot-two"]);
    expect(result.state.resources.map((r) => r.id)).toEqual(["bot-two"]);
    expect(result.outputs).toMatchObject({ name: "bot-two", region: "us-west" });
  });

  it("a new region under the same name is refused at preview, saying why and the two safe ways", async () => {
    const sent = sim.requests.length;
    const plan = await preview(stack({ "consumer:name": "bot-two", "consumer:region": "eu-central" }));
    expect(plan.errors.join("\n")).toMatch(/region changes from "us-west" to "eu-central" while agentName stays "bot-two".*change agentName too.*allowRegionMoveDowntime: true/s);
    expect(sim.requests.slice(sent)).toEqual([]);
  });

  it("opted in, a new region lacking the secret set: up stops before deleting, and the agent keeps running and stays in the stack", async () => {
    const moveTo = { "consumer:name": "bot-two", "consumer:region": "eu-central", "consumer:allowMove": "true", "consumer:secretSet": "voice-bot-secrets-us-west" };
    const plan = await preview(stack(moveTo));
    expect(plan.errors).toEqual([]);
    expect(plan.events[0]).toMatchObject({ op: "replace", replaces: ["region"], deleteBeforeReplace: true });
    const result = await up(stack(moveTo));
    expect(result.errors.join("\n")).toMatch(/stopped before deleting the running agent, which keeps running: secretSet "voice-bot-secrets-us-west" is in region "us-west", not "eu-central"/);
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["bot-two", "us-west"]]);
    expect(result.state.resources.map((r) => [r.id, r.outputs.region])).toEqual([["bot-two", "us-west"]]);
  });

  it("opted in, with the new region's secret set: deleted first (names are unique across regions), then recreated there", async () => {
    const result = await up(stack({ "consumer:name": "bot-two", "consumer:region": "eu-central", "consumer:allowMove": "true", "consumer:secretSet": "voice-bot-secrets-eu-central" }));
    expect(result.errors).toEqual([]);
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["bot-two", "eu-central"]]);
    expect(result.state.resources).toHaveLength(1);
  });

  it("pinning the region the agent already has is no change", async () => {
    const plan = await preview(stack({ "consumer:name": "bot-two", "consumer:region": "eu-central", "consumer:allowMove": "true", "consumer:secretSet": "voice-bot-secrets-eu-central" }));
    expect(plan.events.map((e) => e.op)).toEqual(["same"]);
    expect((await destroy(stack({ "consumer:name": "bot-two" }))).errors).toEqual([]);
  });
});

describe("examples/full-stack: secrets rotate, the agent follows", () => {
  const stack = (config: Record<string, string> = {}) => settings("full-stack", config);
  const requestsSince = (start: number) => sim.requests.slice(start).map((r) => `${r.method} ${r.path}`);

  beforeAll(() => {
    sim.reset();
    rmSync(stack().statePath, { force: true });
  });

  it("up creates both sets before the agent, which uses them", async () => {
    const result = await up(stack());
    expect(result.errors).toEqual([]);
    const log = requestsSince(0);
    const createAgent = log.indexOf("POST /v1/agents");
    expect(log.indexOf("PUT /v1/secrets/voice-bot-secrets")).toBeLessThan(createAgent);
    expect(log.indexOf("PUT /v1/secrets/voice-bot-registry")).toBeLessThan(createAgent);
    expect(sim.secretSets().find((s) => s.name === "voice-bot-secrets")).toMatchObject({ status: "ready", keys: expect.arrayContaining(["OPENAI_API_KEY", "DEEPGRAM_API_KEY", "CARTESIA_API_KEY"]) });
    expect(sim.secretSets().find((s) => s.name === "voice-bot-registry")).toMatchObject({ status: "ready", type: "imagePullSecret" });
    expect(sim.agents()[0]).toMatchObject({ name: "voice-bot", config: { secretSet: "voice-bot-secrets", imagePullSecretSet: "voice-bot-registry" } });
    expect(result.outputs).toMatchObject({ ready: true, secretKeys: ["CARTESIA_API_KEY", "DEEPGRAM_API_KEY", "OPENAI_API_KEY"], secretSetStatus: "ready", registryStatus: "ready" });
  });

  it("rotating a key updates the set, then redeploys the agent (forceRedeploy), in that order", async () => {
    const before = sim.agents()[0]!.deploymentIds.length;
    const start = sim.requests.length;
    const plan = await preview(stack({ "consumer:openaiApiKey": "sk-openai-example-2" }));
    expect(plan.errors).toEqual([]);
    expect(plan.events.map((e) => [e.name, e.op])).toEqual([["voice-bot-secrets", "update"], ["voice-bot-registry", "same"], ["voice-bot", "update"]]);
    expect(JSON.stringify(plan.events)).not.toContain("sk-openai-example");

    const result = await up(stack({ "consumer:openaiApiKey": "sk-openai-example-2" }));
    expect(result.errors).toEqual([]);
    const writes = sim.requests.slice(start).filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /v1/secrets/voice-bot-secrets", "POST /v1/agents/voice-bot"]);
    // Only the changed key is sent again.
    expect((writes[0]!.body as { secrets: Array<{ secretKey: string }> }).secrets.map((s) => s.secretKey)).toEqual(["OPENAI_API_KEY"]);
    expect(writes[1]!.body).toMatchObject({ forceRedeploy: true });
    // The agent's update waited for the set to be ready again.
    const setReady = sim.requests.slice(start).findIndex((r) => r.method === "GET" && r.path === "/v1/secrets/voice-bot-secrets" && r.status === 200);
    expect(setReady).toBeGreaterThanOrEqual(0);
    expect(setReady).toBeLessThan(sim.requests.slice(start).findIndex((r) => r.method === "POST"));
    expect(sim.agents()[0]!.deploymentIds.length).toBe(before + 1);
  });

  it("rotating the registry token redeploys the agent too; a no-change up sends nothing", async () => {
    const rotated = { "consumer:openaiApiKey": "sk-openai-example-2", "consumer:registryToken": "dckr_pat_example_2" };
    const start = sim.requests.length;
    expect((await up(stack(rotated))).errors).toEqual([]);
    const writes = sim.requests.slice(start).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(["PUT /v1/secrets/voice-bot-registry", "POST /v1/agents/voice-bot"]);

    const again = sim.requests.length;
    const same = await up(stack(rotated));
    expect(same.events.map((e) => e.op)).toEqual(["same", "same", "same"]);
    expect(sim.requests.slice(again).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("destroy deletes the agent before the sets it uses", async () => {
    const start = sim.requests.length;
    expect((await destroy(stack())).errors).toEqual([]);
    const deletes = requestsSince(start).filter((r) => r.startsWith("DELETE"));
    // The agent first; the two sets depend on nothing else, so either may go next.
    expect(deletes[0]).toBe("DELETE /v1/agents/voice-bot");
    expect(deletes.slice(1).sort()).toEqual(["DELETE /v1/secrets/voice-bot-registry", "DELETE /v1/secrets/voice-bot-secrets"]);
    expect(sim.secretSets().map((s) => s.name)).not.toContain("voice-bot-secrets");
  });

  it("a set in another region than the agent fails preview, naming both regions, before any request", async () => {
    const dir = path.join(consumerDir, "examples", "region-mismatch");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "index.ts"), `
      import { PipecatAgent, PipecatSecretSet } from "pulumi-pipecat-cloud";
      const secrets = new PipecatSecretSet("eu-secrets", { setName: "eu-secrets", region: "eu-central", secrets: { KEY: "v" } });
      new PipecatAgent("us-bot", { agentName: "us-bot", region: "us-west", image: "acme/bot:1", secretSet: secrets });
    `);
    sim.reset();
    const result = await preview({ ...settings("region-mismatch"), statePath: path.join(consumerDir, "state", "region-mismatch.json") });
    expect(result.errors.join("\n")).toMatch(/secretSet: the secret set "eu-secrets" is in region "eu-central" but the agent is in region "us-west"/);
    expect(sim.requests).toEqual([]);
  });
});
