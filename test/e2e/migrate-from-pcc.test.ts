// docs/migrating-from-pcc-deploy.md: an agent `pcc deploy` already runs, and a
// program built from the same pcc-deploy.toml with adoptExisting. The first
// `up` must update that agent, not create a second one or fail on the name.
import { cpSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { destroy, preview, up, type StackSettings } from "../../dist/runner/runner";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_migrate_key_7c2e";
let sim: Simulator;

const settings: () => StackSettings = () => ({
  programDir: path.join(consumerDir, "examples", "migrate-from-pcc"),
  projectDir: consumerDir,
  project: "consumer",
  stack: "migrate",
  statePath: path.join(consumerDir, "state", "migrate-from-pcc.json"),
  config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url },
  secretKeys: ["pipecat:apiKey"],
});

beforeAll(async () => {
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY });
  const target = settings().programDir;
  rmSync(target, { recursive: true, force: true });
  cpSync(path.resolve(__dirname, "../../examples/from-pcc-deploy"), target, { recursive: true });
  rmSync(settings().statePath, { force: true });
});
afterAll(() => sim?.close());

it("the first pulumi up updates the agent pcc deploy created; the stack then manages it", async () => {
  // What `pcc deploy` sent when it deployed the previous version (its payload shape).
  const created = await fetch(`${sim.url}/v1/agents`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      serviceName: "pcc-agent",
      image: "your-username/pcc-agent:0.0.9",
      imagePullSecretSet: "dockerhub-credentials",
      secretSet: "my-agent-secrets",
      autoScaling: { minAgents: 0, maxAgents: 5 },
      enableKrisp: false,
      agentProfile: "agent-1x",
      krispViva: {},
    }),
  });
  expect(created.status).toBe(200);
  const [before] = sim.agents();
  sim.requests.length = 0;

  const plan = await preview(settings());
  expect(plan.errors).toEqual([]);
  expect(plan.events.map((e) => e.op)).toEqual(["create"]); // Pulumi does not know the agent yet
  expect(sim.requests.filter((r) => r.method !== "GET")).toEqual([]);

  const result = await up(settings());
  expect(result.errors).toEqual([]);
  const after = sim.agents();
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ name: "pcc-agent", serviceId: before!.serviceId });
  expect(after[0]!.deploymentIds).toEqual([...before!.deploymentIds, expect.any(String)]);
  expect(after[0]!.config).toMatchObject({
    image: "your-username/pcc-agent:0.1",
    krispViva: { audioFilter: "tel" },
    maxSessionDuration: 3600,
    websocketAuth: "token",
  });
  const writes = sim.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(writes).toEqual(["POST /v1/agents 400", "POST /v1/agents/pcc-agent 200"]);
  expect(result.state.resources.map((r) => r.id)).toEqual(["pcc-agent"]);
  expect(result.outputs).toMatchObject({ name: "pcc-agent", ready: true, dashboardHint: "pcc-agent in us-west" });

  const again = await preview(settings());
  expect(again.events.map((e) => e.op)).toEqual(["same"]);

  expect((await destroy(settings())).errors).toEqual([]);
  expect(sim.agents()).toEqual([]);
});
