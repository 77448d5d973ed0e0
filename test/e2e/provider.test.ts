// PipecatAgent end to end, as a user installs it: the packed tarball in a consumer
// project, the provider serialized by a Pulumi program there, the real
// dynamic-provider host speaking gRPC, and the simulator (also from the tarball).
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HostCallError, startProviderHost, type ProviderHost, type Props } from "../../src/runner/host";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_e2e_recognisable_key_7f3a9c";
const URN = "urn:pulumi:dev::consumer::pulumi-nodejs:dynamic/pipecat:PipecatAgent::my-agent";

/** Runs a tiny Pulumi program in the consumer under mocks and returns the `__provider` it serialized. */
function serializeLikeAProgram(): string {
  const program = `
    const pulumi = require("@pulumi/pulumi");
    pulumi.runtime.setMocks({
      newResource(args) { process.stdout.write(JSON.stringify({ type: args.type, provider: args.inputs.__provider })); return { id: "x", state: args.inputs }; },
      call(args) { return args.inputs; },
    }, "consumer", "dev", false);
    pulumi.runtime.setAllConfig({ "pipecat:apiKey": process.env.PIPECAT_API_KEY }, ["pipecat:apiKey"]);
    const { PipecatAgent } = require("pulumi-pipecat-cloud");
    new PipecatAgent("my-agent", { agentName: "my-agent", image: "acme/bot:1" });
  `;
  const out = execFileSync(process.execPath, ["-e", program], { cwd: consumerDir, env: { ...process.env, PIPECAT_API_KEY: API_KEY }, encoding: "utf8" });
  const { type, provider } = JSON.parse(out);
  expect(type).toBe("pulumi-nodejs:dynamic/pipecat:PipecatAgent");
  return provider;
}

let sim: Simulator;
let host: ProviderHost;
let providerText: string;

beforeAll(async () => {
  providerText = serializeLikeAProgram();
  // The simulator as the package ships it.
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY });
  host = await startProviderHost({ projectDir: consumerDir, project: "consumer", env: { PIPECAT_API_KEY: "" } });
  await host.configure({ "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, "consumer:other": "x" }, ["pipecat:apiKey"]);
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
});

const news = (inputs: Props): Props => ({ ...inputs, __provider: providerText });
const seedAgent = {
  agentName: "my-agent", image: "your-username/my-agent:latest", nodeType: "arm",
  imagePullSecretSet: "dockerhub-credentials", secretSet: "my-agent-secrets", agentProfile: "agent-1x",
};

describe("the serialized provider", () => {
  it("is small, holds no paths or secrets, and loads the implementation by package name", () => {
    expect(providerText.length).toBeLessThanOrEqual(300);
    expect(providerText).not.toContain(API_KEY);
    expect(providerText).not.toContain(consumerDir);
    expect(providerText).not.toMatch(/\/(home|work|tmp|usr|root)\//);
    const requires = [...providerText.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(["pulumi-pipecat-cloud/provider/agent"]));
  });
});

describe("the resource class", () => {
  it("warns about deprecated inputs, pointing to what replaces them", () => {
    const program = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: "x", state: a.inputs }), call: (a) => a.inputs }, "consumer", "dev", false);
      const { PipecatAgent } = require("pulumi-pipecat-cloud");
      new PipecatAgent("legacy", { agentName: "legacy", image: "acme/bot:1", enableKrisp: true, enableManagedKeys: false });
      new PipecatAgent("modern", { agentName: "modern", image: "acme/bot:1", krispViva: { audioFilter: "tel" } });
    `;
    const result = spawnSync(process.execPath, ["-e", program], { cwd: consumerDir, encoding: "utf8" });
    const warnings = result.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/enableKrisp is deprecated .* use krispViva: \{ audioFilter: "tel" \}/);
    expect(warnings[1]).toMatch(/enableManagedKeys: Pipecat Cloud removed managed keys/);
  });
});

describe("through the real dynamic-provider host", () => {
  let outputs: Props;

  it("check reports each problem on its property, and lets preview's unknowns through", async () => {
    const bad = await host.check(URN, {}, news({ agentName: "My Agent", image: "acme/bot", autoscaling: { maxAgents: 2 } }));
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["agentName", "autoscaling", "image"]);
    expect(bad.failures.find((f) => f.property === "autoscaling")!.reason).toMatch(/did you mean "autoScaling"/);

    const unknown = await host.check(URN, {}, news({ agentName: "my-agent", image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }));
    expect(unknown.failures).toEqual([]);
    expect(unknown.inputs.image).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(sim.requests).toHaveLength(0);
  });

  it("create deploys with the documented body and waits until ready", async () => {
    const { inputs } = await host.check(URN, {}, news(seedAgent));
    const created = await host.create(URN, inputs);
    expect(created.id).toBe("my-agent");
    outputs = created.properties;
    const live = sim.agents()[0]!;
    expect(outputs).toMatchObject({
      agentName: "my-agent", ready: true, available: true, region: "us-west",
      desiredDeploymentId: live.deploymentIds[0], reconciledDeploymentId: live.deploymentIds[0],
      autoScaling: { minAgents: 0, maxAgents: 50 }, __provider: providerText,
    });
    const post = sim.requests.find((r) => r.method === "POST")!;
    expect(Object.keys(post.body as object).sort()).toEqual(
      ["agentProfile", "autoScaling", "image", "imagePullSecretSet", "krispViva", "maxSessionDuration", "nodeType", "secretSet", "serviceName"],
    );
  });

  it("diff right after create: no change; with a new image: an in-place update", async () => {
    const same = await host.check(URN, outputs, news(seedAgent));
    expect(await host.diff(URN, "my-agent", outputs, same.inputs)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    const changed = await host.check(URN, outputs, news({ ...seedAgent, image: "your-username/my-agent:v2" }));
    expect(await host.diff(URN, "my-agent", outputs, changed.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    // A region move that keeps the name is refused unless opted in (test/e2e/agent-truthful.test.ts has the rest).
    const moved = await host.check(URN, outputs, news({ ...seedAgent, region: "eu-central" }));
    expect(moved.failures.map((f) => f.property)).toEqual(["region"]);

  });

  it("update deploys the change and waits for the new deployment", async () => {
    const { inputs } = await host.check(URN, outputs, news({ ...seedAgent, image: "your-username/my-agent:v2" }));
    const updated = await host.update(URN, "my-agent", outputs, inputs);
    const live = sim.agents()[0]!;
    expect(live.deploymentIds).toHaveLength(2);
    expect(updated.properties).toMatchObject({ image: "your-username/my-agent:v2", ready: true, reconciledDeploymentId: live.deploymentIds[1] });
    outputs = updated.properties;
  });

  it("read returns live state and reconciled inputs; a deleted agent reads as gone", async () => {
    const read = await host.read(URN, "my-agent", outputs);
    expect(read.id).toBe("my-agent");
    expect(read.inputs).toMatchObject({ agentName: "my-agent", image: "your-username/my-agent:v2", __provider: providerText });
    expect(read.inputs).not.toHaveProperty("region");

    await fetch(`${sim.url}/v1/agents/my-agent`, { method: "DELETE", headers: { authorization: `Bearer ${API_KEY}` } });
    expect((await host.read(URN, "my-agent", outputs)).id).toBe("");
  });

  it("delete of an agent that is already gone succeeds", async () => {
    await expect(host.delete(URN, "my-agent", outputs)).resolves.toBeUndefined();
  });

  it("a crash-looping deploy keeps the agent in state (init failure with id, properties and provider)", async () => {
    const { inputs } = await host.check(URN, {}, news({ ...seedAgent, image: "acme/bot:crash" }));
    const error = (await host.create(URN, inputs).catch((e) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(/CrashLoopBackOff/);
    expect(error.initFailure).toMatchObject({ id: "my-agent", properties: { image: "acme/bot:crash", ready: false, __provider: providerText } });
    expect(sim.agents().map((a) => a.name)).toEqual(["my-agent"]);
    await host.delete(URN, "my-agent", error.initFailure!.properties);
    expect(sim.agents()).toEqual([]);
  });

  it("the API key never shows in anything the host printed", () => {
    expect(host.output()).not.toContain(API_KEY);
  });
});
