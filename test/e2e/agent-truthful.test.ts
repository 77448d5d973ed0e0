// The region-move guard, read-your-writes and the API's warnings through the real
// dynamic-provider host, with the package and simulator from the tarball: what
// `pulumi preview` / `up` would do with the provider's answers.
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { HostCallError, startProviderHost, type ProviderHost, type Props } from "../../src/runner/host";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_e2e_truthful_key_5b1e";
const URN = "urn:pulumi:dev::consumer::pulumi-nodejs:dynamic/pipecat:PipecatAgent::my-agent";

function serializeLikeAProgram(): string {
  const program = `
    const pulumi = require("@pulumi/pulumi");
    pulumi.runtime.setMocks({
      newResource(args) { process.stdout.write(JSON.stringify(args.inputs.__provider)); return { id: "x", state: args.inputs }; },
      call(args) { return args.inputs; },
    }, "consumer", "dev", false);
    const { PipecatAgent } = require("pulumi-pipecat-cloud");
    new PipecatAgent("my-agent", { agentName: "my-agent", image: "acme/bot:1" });
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", program], { cwd: consumerDir, encoding: "utf8" }));
}

let sim: Simulator;
let host: ProviderHost;
let providerText: string;
let stderr = "";

beforeAll(async () => {
  providerText = serializeLikeAProgram();
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY });
  host = await startProviderHost({
    projectDir: consumerDir, project: "consumer", env: { PIPECAT_API_KEY: "" },
    onOutput: (stream, text) => void (stream === "stderr" && (stderr += text)),
  });
  await host.configure({ "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url }, ["pipecat:apiKey"]);
});
afterAll(async () => {
  await host?.close();
  await sim?.close();
});
afterEach(() => sim.reset());

const news = (inputs: Props): Props => ({ ...inputs, __provider: providerText });
const us = { agentName: "my-agent", image: "acme/bot:1", region: "us-west", secretSet: "voice-bot-secrets-us-west" };
const { secretSet: _set, ...usWithoutSecrets } = us;

async function deployed(inputs: Props = us): Promise<Props> {
  const { inputs: checked } = await host.check(URN, {}, news(inputs));
  return (await host.create(URN, checked)).properties;
}

describe("region moves that keep agentName", () => {
  it("fail at preview (check), on region, with the reason and both safe ways", async () => {
    const olds = news(us);
    const { failures } = await host.check(URN, olds, news({ ...us, region: "eu-central", secretSet: "voice-bot-secrets-eu-central" }));
    expect(failures.map((f) => f.property)).toEqual(["region"]);
    expect(failures[0]!.reason).toMatch(/from "us-west" to "eu-central" while agentName stays "my-agent".*down in between.*no way back/);
    expect(failures[0]!.reason).toMatch(/change agentName too \(the new agent is created first, then the old one deleted\).*allowRegionMoveDowntime: true/);
    expect((await host.check(URN, olds, news({ ...us, agentName: "my-agent-eu", region: "eu-central" }))).failures).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it("fail at diff when the old inputs named no region (it was the organization's default)", async () => {
    const outputs = await deployed({ agentName: "my-agent", image: "acme/bot:1" });
    const { inputs, failures } = await host.check(URN, news({ agentName: "my-agent", image: "acme/bot:1" }), news({ ...usWithoutSecrets, region: "eu-central" }));
    expect(failures).toEqual([]);
    const error = (await host.diff(URN, "my-agent", outputs, inputs).catch((e) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(/region changes from "us-west" to "eu-central".*allowRegionMoveDowntime: true/);
  });

  it("opted in: the old agent is kept when the new region lacks the secret set", async () => {
    const outputs = await deployed();
    // The program forgot to point secretSet at a set in the new region.
    const { inputs } = await host.check(URN, outputs, news({ ...us, region: "eu-central", allowRegionMoveDowntime: true }));
    expect(await host.diff(URN, "my-agent", outputs, inputs)).toEqual({ changes: "some", replaces: ["region"], deleteBeforeReplace: true });
    const error = (await host.delete(URN, "my-agent", outputs).catch((e) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(/Moving agent "my-agent" to region "eu-central" was stopped before deleting the running agent, which keeps running: secretSet "voice-bot-secrets-us-west" is in region "us-west"/);
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["my-agent", "us-west"]]);
    expect(sim.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("opted in, with what the new region needs: deleted, then created there", async () => {
    const outputs = await deployed();
    const { inputs } = await host.check(URN, outputs, news({ ...us, region: "eu-central", secretSet: "voice-bot-secrets-eu-central", allowRegionMoveDowntime: true }));
    await host.diff(URN, "my-agent", outputs, inputs);
    await host.delete(URN, "my-agent", outputs);
    const created = await host.create(URN, inputs);
    expect(created.properties).toMatchObject({ region: "eu-central", ready: true, allowRegionMoveDowntime: true });
    expect(sim.agents().map((a) => [a.name, a.region])).toEqual([["my-agent", "eu-central"]]);
  });
});

describe("read your writes", () => {
  it("an update the API ignores fails with an init failure recording the live value", async () => {
    sim.setBehaviour({ ignoreNullsOnUpdate: true });
    const outputs = await deployed();
    const { inputs } = await host.check(URN, outputs, news(usWithoutSecrets));
    const error = (await host.update(URN, "my-agent", outputs, inputs).catch((e) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(/did not apply: secretSet \(sent null, live "voice-bot-secrets-us-west"\)/);
    expect(error.initFailure).toMatchObject({ id: "my-agent", properties: { secretSet: "voice-bot-secrets-us-west", __provider: providerText } });
    // The next preview shows the change again instead of hiding it.
    expect((await host.diff(URN, "my-agent", error.initFailure!.properties, inputs)).changes).toBe("some");
  });
});

describe("the API's warning", () => {
  it("reaches the user as a warning line on the host's stderr (Pulumi shows it as a diagnostic)", async () => {
    const outputs = await deployed();
    await fetch(`${sim.url}/v1/agents/my-agent`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ image: "acme/bot:2" }),
    });
    const { inputs } = await host.check(URN, outputs, news({ ...us, image: "acme/bot:2" }));
    stderr = "";
    await host.update(URN, "my-agent", outputs, inputs);
    expect(stderr).toMatch(/^warning: PipecatAgent "my-agent": Pipecat Cloud says: No changes detected/m);
    expect(host.output()).not.toContain(API_KEY);
  });
});
