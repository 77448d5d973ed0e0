// Every example in examples/ as a user runs it: its own project folder with the packed tarball
// installed by npm, and the real `pulumi` CLI (local backend, passphrase, offline) against the
// simulator. preview, up, preview --expect-no-changes, an in-place change, a rename (create
// before delete), drift shown by refresh and put back by up, secret rotation, what the state and
// the outputs show, then destroy and stack rm.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";
import { cliScratch, installProject, PulumiProject, stackOutputs } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const examplesDir = path.resolve(__dirname, "../../examples");
const API_KEY = "pk_cli_suite_key_7c1e";
const AGENT_TYPE = "pulumi-nodejs:dynamic/pipecat:PipecatAgent";

interface ExampleSpec {
  /** `pulumi config set` values; secrets with --secret. */
  config?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Agent names after the first up. */
  agents: string[];
  /** Checks on `pulumi stack output --json` after up. */
  outputs: (outputs: Record<string, unknown>) => void;
  /** An in-place change: what to do, and the one property each agent's diff must show. */
  change: { apply: (project: PulumiProject) => Promise<void>; property: string };
  /** Edits the program (or its TOML) so that every agent gets a new name. */
  rename: { file: string; from: string; to: string; agents: string[] };
  /** A secret config key whose new value must update the set, then redeploy the agent. */
  rotate?: { key: string; value: string; agent: string };
}

interface PreviewStep {
  op: string;
  urn: string;
  oldState?: { inputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown> };
}

/** The inputs a planned step changes, as the CLI's diff display compares them. */
function changedInputs(step: PreviewStep): string[] {
  const [olds, news] = [step.oldState?.inputs ?? {}, step.newState?.inputs ?? {}];
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => k !== "__provider"));
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

const setImage = (image: string) => async (project: PulumiProject) => void (await project.ok(["config", "set", "image", image]));
const editBot = (file: string) => async (project: PulumiProject) => fs.appendFileSync(path.join(project.dir, file), "\n# edited\n");
const readyTrue = (key = "ready") => (o: Record<string, unknown>) => expect(o[key]).toBe(true);

const EXAMPLES: Record<string, ExampleSpec> = {
  basic: {
    agents: ["my-agent"],
    outputs: (o) => expect(o).toMatchObject({ name: "my-agent", region: "us-west", ready: true, available: true, deploymentId: expect.any(String) }),
    change: { apply: setImage("your-username/my-agent:2.0"), property: "image" },
    rename: { file: "index.ts", from: 'agentName: "my-agent"', to: 'agentName: "my-agent-v2"', agents: ["my-agent-v2"] },
  },
  "multi-region": {
    agents: ["voice-bot-eu-central", "voice-bot-us-west"],
    outputs: (o) => {
      const agents = o.agents as Record<string, Record<string, unknown>>;
      expect(Object.keys(agents).sort()).toEqual(["eu-central", "us-west"]);
      for (const [region, agent] of Object.entries(agents)) expect(agent).toMatchObject({ name: `voice-bot-${region}`, ready: true, available: true, activeSessionCount: 0 });
    },
    change: { apply: setImage("acme/voice-bot:1.5.0"), property: "image" },
    rename: { file: "index.ts", from: "agentName: `voice-bot-${region}`", to: "agentName: `voice-bot-v2-${region}`", agents: ["voice-bot-v2-eu-central", "voice-bot-v2-us-west"] },
  },
  "full-stack": {
    config: { registryUsername: "acme" },
    secrets: { openaiApiKey: "sk-cli-openai-1", deepgramApiKey: "dg-cli-1", cartesiaApiKey: "ca-cli-1", registryToken: "dckr_pat_cli_1" },
    agents: ["voice-bot"],
    outputs: (o) => {
      expect(o).toMatchObject({ agentName: "voice-bot", ready: true, secretSetStatus: "ready", registryStatus: "ready" });
      expect(o.secretKeys).toEqual(["CARTESIA_API_KEY", "DEEPGRAM_API_KEY", "OPENAI_API_KEY"]);
    },
    change: { apply: setImage("acme/voice-bot:1.1.0"), property: "image" },
    rename: { file: "index.ts", from: 'agentName: "voice-bot"', to: 'agentName: "voice-bot-v2"', agents: ["voice-bot-v2"] },
    rotate: { key: "openaiApiKey", value: "sk-cli-openai-2", agent: "voice-bot-v2" },
  },
  "from-pcc-deploy": {
    agents: ["pcc-agent"],
    outputs: (o) => expect(o).toMatchObject({ name: "pcc-agent", ready: true, region: "us-west", dashboardHint: "pcc-agent in us-west" }),
    change: { apply: setImage("your-username/pcc-agent:0.2"), property: "image" },
    rename: { file: "pcc-deploy.toml", from: 'agent_name = "pcc-agent"', to: 'agent_name = "pcc-agent-v2"', agents: ["pcc-agent-v2"] },
  },
  "unit-testing": {
    secrets: { openaiApiKey: "sk-cli-ut-1" },
    agents: ["support-bot"],
    // contextDir "bot" is found from the project directory, as in the compiled unit tests (test/cli/unit-testing.test.ts).
    outputs: (o) => expect(o).toMatchObject({ agentName: "support-bot", ready: true, region: "us-west", buildId: expect.any(String), autoScaling: { minAgents: 0, maxAgents: 2 } }),
    change: { apply: editBot("bot/bot.py"), property: "buildId" },
    rename: { file: "index.ts", from: 'agentName: "support-bot"', to: 'agentName: "support-bot-v2"', agents: ["support-bot-v2"] },
    rotate: { key: "openaiApiKey", value: "sk-cli-ut-2", agent: "support-bot-v2" },
  },
  "cloud-build": {
    agents: ["cloud-build-bot"],
    outputs: (o) => {
      expect(o).toMatchObject({ agentName: "cloud-build-bot", region: "us-west", ready: true, cached: false, buildId: expect.any(String), contextHash: expect.any(String) });
    },
    change: { apply: editBot("bot/bot.py"), property: "buildId" },
    rename: { file: "index.ts", from: '?? "cloud-build-bot"', to: '?? "cloud-build-bot-v2"', agents: ["cloud-build-bot-v2"] },
  },
  lookups: {
    agents: ["lookups-bot-eu-central", "lookups-bot-us-west"],
    outputs: (o) => {
      expect(o).toMatchObject({ regions: ["us-west", "eu-central"], skipped: ["ap-northeast"], sharedSecretKeys: [], defaultRegion: "eu-central", ready: true });
    },
    change: { apply: setImage("acme/voice-bot:1.5.0"), property: "image" },
    rename: { file: "index.ts", from: "agentName: `lookups-bot-${region}`", to: "agentName: `lookups-bot-v2-${region}`", agents: ["lookups-bot-v2-eu-central", "lookups-bot-v2-us-west"] },
  },
  "voice-stack": {
    secrets: { openaiApiKey: "sk-cli-vs-1", cartesiaApiKey: "ca-cli-vs-1" },
    agents: ["voice-stack"],
    outputs: (o) => expect(o).toMatchObject({ agentName: "voice-stack", ready: true, buildId: expect.any(String), deploymentId: expect.any(String) }),
    change: { apply: editBot("bot/bot.py"), property: "buildId" },
    rename: { file: "index.ts", from: 'agentName: "voice-stack"', to: 'agentName: "voice-stack-v2"', agents: ["voice-stack-v2"] },
    rotate: { key: "openaiApiKey", value: "sk-cli-vs-2", agent: "voice-stack-v2" },
  },
};

it("every example folder has a spec here, and is a whole Pulumi project", () => {
  const folders = fs.readdirSync(examplesDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "automation").map((d) => d.name);
  expect(folders.sort()).toEqual(Object.keys(EXAMPLES).sort());
  for (const folder of folders) {
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"]) expect(fs.existsSync(path.join(examplesDir, folder, file)), `${folder}/${file}`).toBe(true);
  }
});

describe.skipIf(!cliDir).each(Object.entries(EXAMPLES))("examples/%s with the real pulumi CLI", (example, spec) => {
  let sim: Simulator;
  let project: PulumiProject;
  const secretValues = Object.values(spec.secrets ?? {});
  const writes = () => sim.requests.filter((r) => r.method !== "GET");
  /** The agents' steps in `pulumi preview --json`. */
  const agentSteps = async (): Promise<PreviewStep[]> =>
    (JSON.parse((await project.ok(["preview", "--json"])).stdout).steps as PreviewStep[]).filter((s) => s.urn.includes(`::${AGENT_TYPE}::`));
  const agentNames = () => sim.agents().map((a) => a.name).sort();

  beforeAll(async () => {
    sim = await startInstalledSimulator(inject("consumerDir"), { apiKey: API_KEY });
    const dir = path.join(cliScratch, "examples", example);
    installProject(path.join(examplesDir, example), dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
    await project.ok(["stack", "init", "test"]);
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", API_KEY]);
    await project.ok(["config", "set", "pipecat:apiUrl", sim.url]);
    await project.ok(["config", "set", "pipecat:pollIntervalSeconds", "1"]);
    for (const [key, value] of Object.entries(spec.config ?? {})) await project.ok(["config", "set", key, value]);
    for (const [key, value] of Object.entries(spec.secrets ?? {})) await project.ok(["config", "set", "--secret", key, value]);
  });
  afterAll(() => sim?.close());

  it("preview names every resource to create and sends nothing", async () => {
    const { stdout } = await project.ok(["preview", "--json"]);
    const steps: Array<{ op: string; urn: string }> = JSON.parse(stdout).steps;
    const agents = steps.filter((s) => s.urn.includes(`::${AGENT_TYPE}::`));
    expect(agents).toHaveLength(spec.agents.length);
    expect(steps.every((s) => s.op === "create")).toBe(true);
    expect(writes()).toEqual([]);
    expect(sim.agents()).toEqual([]);
  });

  it("up creates every resource, waits until the agents are ready, and exports the documented outputs", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    expect(agentNames()).toEqual(spec.agents);
    for (const agent of sim.agents()) expect(agent.status.ready).toBe(true);
    const { resources } = await project.exportState();
    for (const r of resources.filter((r) => r.type === AGENT_TYPE)) expect(r.outputs).toMatchObject({ ready: true, available: true });
    spec.outputs(await stackOutputs(project));
  });

  it("preview --expect-no-changes passes right after", async () => {
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it(`preview --diff shows ${spec.change.property} as an update in place, and up sends one update per agent`, async () => {
    await spec.change.apply(project);
    const { stdout } = await project.ok(["preview", "--diff"]);
    expect(stdout).toMatch(new RegExp(`~ ${spec.change.property}\\s*: `));
    const agents = await agentSteps();
    expect(agents.map((s) => s.op)).toEqual(spec.agents.map(() => "update"));
    for (const step of agents) expect(changedInputs(step)).toEqual([spec.change.property]);
    const before = sim.requests.length;
    await project.ok(["up", "--yes", "--skip-preview"]);
    const updates = sim.requests.slice(before).filter((r) => r.method === "POST" && /^\/v1\/agents\/[^/]+$/.test(r.path));
    expect(updates.map((r) => r.path).sort()).toEqual(spec.agents.map((a) => `/v1/agents/${a}`));
    expect(agentNames()).toEqual(spec.agents);
  });

  it("a changed agentName replaces: the new agent is created before the old one is deleted", async () => {
    const file = path.join(project.dir, spec.rename.file);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(spec.rename.from);
    fs.writeFileSync(file, text.replace(spec.rename.from, spec.rename.to));
    const { stdout } = await project.ok(["preview"]);
    expect(stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/pipecat:PipecatAgent .* replace/);
    const agents = await agentSteps();
    expect(agents.map((s) => s.op)).toEqual(spec.agents.map(() => "replace"));
    for (const step of agents) expect(changedInputs(step)).toEqual(["agentName"]);
    const before = sim.requests.length;
    await project.ok(["up", "--yes", "--skip-preview"]);
    const order = sim.requests.slice(before).filter((r) => (r.method === "POST" && r.path === "/v1/agents") || r.method === "DELETE").map((r) => (r.method === "DELETE" ? `delete ${r.path.split("/").pop()}` : "create"));
    for (const old of spec.agents) expect(order.lastIndexOf("create")).toBeLessThan(order.indexOf(`delete ${old}`));
    expect(agentNames()).toEqual(spec.rename.agents);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("drift made behind Pulumi's back is shown by refresh and put back by up", async () => {
    const victim = spec.rename.agents[0];
    const res = await fetch(`${sim.url}/v1/agents/${victim}`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ ...sim.agents().find((a) => a.name === victim)!.config, agentProfile: "agent-3x" }),
    });
    expect(res.status).toBe(200);
    const refreshed = await project.ok(["refresh", "--yes", "--skip-preview", "--diff"]);
    expect(refreshed.stdout).toMatch(/agentProfile\s*:\s*"agent-3x"|agentProfile.*agent-3x/);
    const drifted = await project.run(["preview", "--expect-no-changes", "--diff"]);
    expect(drifted.code).not.toBe(0);
    expect(drifted.stdout).toMatch(/agentProfile/);
    await project.ok(["up", "--yes", "--skip-preview"]);
    expect(sim.agents().find((a) => a.name === victim)!.config.agentProfile).not.toBe("agent-3x");
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it.runIf(spec.rotate)("a rotated secret value updates the set, then redeploys the agent", async () => {
    const { key, value, agent } = spec.rotate!;
    await project.ok(["config", "set", "--secret", key, value]);
    secretValues.push(value);
    const deploymentsBefore = sim.agents().find((a) => a.name === agent)!.deploymentIds.length;
    const before = sim.requests.length;
    await project.ok(["up", "--yes", "--skip-preview"]);
    const sent = sim.requests.slice(before).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    const setWrite = sent.findIndex((s) => s.startsWith("PUT /v1/secrets/"));
    const redeploy = sent.indexOf(`POST /v1/agents/${agent}`);
    expect(setWrite).toBeGreaterThanOrEqual(0);
    expect(redeploy).toBeGreaterThan(setWrite);
    expect(sim.agents().find((a) => a.name === agent)!.deploymentIds.length).toBe(deploymentsBefore + 1);
  });

  it("the state holds no API key and no secret value in plain text; secret outputs show as [secret]", async () => {
    const { text } = await project.exportState();
    expect(text).not.toContain(API_KEY);
    for (const value of secretValues) expect(text).not.toContain(value);
    const shown = await project.ok(["stack", "output"]);
    expect(shown.output).not.toContain(API_KEY);
    for (const value of secretValues) expect(shown.output).not.toContain(value);
    if (example === "full-stack") expect(shown.stdout).toMatch(/secretsVersion\s+\[secret\]/);
  });

  it("destroy leaves the simulator empty, then the stack is removed", async () => {
    const seeded = new Set(["my-agent-secrets", "dockerhub-credentials", "voice-bot-secrets-us-west", "voice-bot-secrets-eu-central"]);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(sim.agents()).toEqual([]);
    // PipecatOrganizationSettings leaves the setting as it is.
    if (example === "lookups") expect(await (await fetch(`${sim.url}/v1/properties`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()).toEqual({ properties: { defaultRegion: "eu-central" } });
    expect(sim.secretSets().filter((s) => !seeded.has(s.name))).toEqual([]);
    await project.ok(["stack", "rm", "--yes", "test"]);
    const stacks = await project.ok(["stack", "ls", "--json"]);
    expect(JSON.parse(stacks.stdout)).toEqual([]);
  });
});
