// Stacks written by 0.1.0 keep working: their state holds the 2 KB shim that
// requires `pulumi-pipecat-cloud/provider` and calls its top-level functions
// (fixtures/state-0.1.0.json, recorded from 0.1.0's serialized provider). The
// installed package refreshes such a state through the real provider host,
// previews it without a change, updates it, and from then on stores the
// one-line provider.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startProviderHost, type ProviderHost, type Props } from "../../src/runner/host";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_e2e_state_compat_key_51c2";
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/state-0.1.0.json"), "utf8")) as { urn: string; id: string; inputs: Props; outputs: Props };
const oldProvider = fixture.inputs.__provider as string;

/** The `__provider` a program using the installed package stores today. */
function newProviderText(): string {
  const program = `
    const pulumi = require("@pulumi/pulumi");
    pulumi.runtime.setMocks({ newResource(a) { process.stdout.write(JSON.stringify(a.inputs.__provider)); return { id: "x", state: a.inputs }; }, call: (a) => a.inputs }, "consumer", "dev", false);
    const { PipecatAgent } = require("pulumi-pipecat-cloud");
    new PipecatAgent("my-agent", { agentName: "my-agent", image: "acme/bot:1" });
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", program], { cwd: consumerDir, encoding: "utf8" }));
}

/** The program's arguments that produced the fixture. */
const args = {
  agentName: "my-agent", image: "your-username/my-agent:v1", secretSet: "my-agent-secrets",
  imagePullSecretSet: "dockerhub-credentials", autoScaling: { minAgents: 1, maxAgents: 5 },
};

let sim: Simulator;
let host: ProviderHost;
let newProvider: string;

beforeAll(async () => {
  newProvider = newProviderText();
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY });
  // The agent 0.1.0 created, as it created it.
  const created = await fetch(`${sim.url}/v1/agents`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ serviceName: "my-agent", image: args.image, secretSet: args.secretSet, imagePullSecretSet: args.imagePullSecretSet, autoScaling: args.autoScaling, nodeType: "arm" }),
  });
  expect(created.status).toBe(200);
  host = await startProviderHost({ projectDir: consumerDir, project: "consumer", env: { PIPECAT_API_KEY: "" } });
  await host.configure({ "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url }, ["pipecat:apiKey"]);
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
});

describe("state written by 0.1.0", () => {
  let refreshed: { properties: Props; inputs?: Props };

  it("holds the 0.1.0 shim, and the new package stores a one-line provider instead", () => {
    expect(oldProvider).toContain('require("pulumi-pipecat-cloud/provider")');
    expect(oldProvider.length).toBeGreaterThan(1500);
    expect(newProvider.length).toBeLessThanOrEqual(300);
    expect(newProvider).toContain('require("pulumi-pipecat-cloud/provider/agent")');
  });

  it("refreshes through the old shim, which keeps working", async () => {
    refreshed = await host.read(fixture.urn, fixture.id, fixture.outputs, fixture.inputs);
    const live = sim.agents()[0]!;
    expect(refreshed.properties).toMatchObject({ agentName: "my-agent", image: args.image, desiredDeploymentId: live.deploymentIds[0], __provider: oldProvider });
    expect(refreshed.inputs).toMatchObject({ agentName: "my-agent", image: args.image, __provider: oldProvider });
  });

  it("previews without a change when the program is unchanged (only the provider text differs)", async () => {
    const checked = await host.check(fixture.urn, refreshed.inputs!, { ...args, __provider: newProvider });
    expect(checked.failures).toEqual([]);
    expect(await host.diff(fixture.urn, fixture.id, refreshed.properties, checked.inputs)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // So does the stored state itself, diffed by the new package.
    const again = await host.check(fixture.urn, fixture.inputs, { ...args, __provider: newProvider });
    expect(await host.diff(fixture.urn, fixture.id, fixture.outputs, again.inputs)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place with the new package, which stores its own provider from then on", async () => {
    const checked = await host.check(fixture.urn, refreshed.inputs!, { ...args, image: "your-username/my-agent:v2", __provider: newProvider });
    expect(await host.diff(fixture.urn, fixture.id, refreshed.properties, checked.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await host.update(fixture.urn, fixture.id, refreshed.properties, checked.inputs);
    expect(updated.properties).toMatchObject({ image: "your-username/my-agent:v2", ready: true, __provider: newProvider });
    expect(sim.agents()).toHaveLength(1);
    expect(sim.agents()[0]!.deploymentIds).toHaveLength(2);

    await host.delete(fixture.urn, fixture.id, updated.properties);
    expect(sim.agents()).toEqual([]);
  });
});
