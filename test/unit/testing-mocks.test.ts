// pipecatMocks: each kind's own check refuses invalid registrations with preview's message
// (a table over the rules a unit test with plain mocks lets through), and valid ones are
// answered with the outputs the provider reports for a ready resource.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { PipecatAgent, PipecatImagePullSecret, PipecatOrganizationSettings, PipecatSecretSet } from "../../src";
import { pipecatMocks, type PipecatMocks } from "../../src/testing";

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function withMocks(mocks: PipecatMocks = pipecatMocks()): PipecatMocks {
  pulumi.runtime.setMocks(mocks, "project", "stack", false);
  return mocks;
}

const AGENT = "pulumi-nodejs:dynamic/pipecat:PipecatAgent";

describe("refused as pulumi preview refuses", () => {
  it.each([
    ["an uppercase agent name", () => new PipecatAgent("a", { agentName: "Bad-Name", image: "acme/bot:1" }), `${AGENT} resource 'a': property agentName value {Bad-Name} has a problem:`],
    ["minAgents above maxAgents", () => new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1", autoScaling: { minAgents: 5, maxAgents: 2 } }), "property autoScaling.maxAgents value {<nil>} has a problem: must be at least minAgents (5)"],
    ["a 30-second session", () => new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1", maxSessionDuration: 30 }), "property maxSessionDuration value {30} has a problem"],
    ["an image without a tag", () => new PipecatAgent("a", { agentName: "bot", image: "acme/bot" }), "property image value {acme/bot} has a problem"],
    ["an empty secret set", () => new PipecatSecretSet("s", { setName: "keys", secrets: {} }), "PipecatSecretSet resource 's': property secrets"],
    ["an empty secret value", () => new PipecatSecretSet("s", { setName: "keys", secrets: { A: pulumi.secret("") } }), "PipecatSecretSet resource 's': property secrets.A"],
    ["a username with a colon", () => new PipecatImagePullSecret("p", { setName: "pull", username: "a:b", password: "x" }), "PipecatImagePullSecret resource 'p': property username"],
    ["a region that is no region code", () => new PipecatOrganizationSettings("o", { defaultRegion: "Mars" }), "PipecatOrganizationSettings resource 'o': property defaultRegion value {Mars} has a problem"],
  ])("%s", async (_, declare, message) => {
    const mocks = withMocks();
    declare();
    const settled = await mocks.settled().then(() => "settled", (e: Error) => e.message);
    expect(settled).toContain(message);
    expect(mocks.refusals).toHaveLength(1);
    expect(mocks.refusals[0]!.message).toBe(settled);
  });

  it("once settled() has reported a refusal, the SDK's leak detector does not fail the process over its stranded outputs", async () => {
    const mocks = withMocks();
    new PipecatAgent("a", { agentName: "Bad-Name", image: "acme/bot:1" });
    await expect(mocks.settled()).rejects.toThrow(/agentName/);
    // What the SDK checks at exit (and fails the test process over, with @pulumi/pulumi 3.139).
    const [stranded] = (require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): [Set<unknown>, string] }).leakedPromises();
    expect(stranded.size).toBe(0);
  });

  it("a resource that depends on a refused one does not keep settled() waiting", async () => {
    const mocks = withMocks();
    const keys = new PipecatSecretSet("s", { setName: "k", secrets: {} });
    new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1", secretSet: keys });
    await expect(mocks.settled()).rejects.toThrow(/PipecatSecretSet resource 's'/);
  });
});

describe("answered as the provider answers a ready resource", () => {
  it("an agent: ready, in the default region, its name as id, defaults filled in", async () => {
    const mocks = withMocks(pipecatMocks(undefined, { defaultRegion: "eu-central" }));
    const agent = new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1" });
    await mocks.settled();
    expect(await valueOf(agent.id)).toBe("bot");
    expect(await valueOf(agent.ready)).toBe(true);
    expect(await valueOf(agent.region)).toBe("eu-central");
    expect(await valueOf(agent.autoScaling)).toEqual({ minAgents: 0, maxAgents: 50 });
    expect(await valueOf(agent.desiredDeploymentId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await valueOf(agent.startUrl)).toBe("https://api.pipecat.daily.co/v1/public/bot/start");
  });

  it("a secret set: ready, keys sorted, values still secret", async () => {
    const mocks = withMocks();
    const set = new PipecatSecretSet("s", { setName: "keys", region: "us-east", secrets: { B: "2", A: pulumi.secret("1") } });
    await mocks.settled();
    expect(await valueOf(set.status)).toBe("ready");
    expect(await valueOf(set.region)).toBe("us-east");
    expect(await valueOf(set.keys)).toEqual(["A", "B"]);
    expect(await pulumi.isSecret(set.secrets)).toBe(true);
  });

  it("base mocks see the answer and may override it; other resources go to base", async () => {
    const seen: string[] = [];
    const mocks = withMocks(
      pipecatMocks({
        newResource: (args) => {
          seen.push(`${args.type}:${String(args.inputs.ready ?? "")}`);
          return args.type === AGENT ? { id: "custom", state: { ready: false } } : { id: "other", state: args.inputs };
        },
        call: (args) => args.inputs,
      }),
    );
    const agent = new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1" });
    const other = new pulumi.CustomResource("test:index:Thing", "t", { size: 3 });
    await mocks.settled();
    expect(await valueOf(agent.id)).toBe("custom");
    expect(await valueOf(agent.ready)).toBe(false);
    expect(await valueOf(other.id)).toBe("other");
    expect(seen).toEqual(expect.arrayContaining([`${AGENT}:true`, "test:index:Thing:"]));
  });
});

/** The outputs a resource class declares (`declare readonly x: pulumi.Output<…>`), read from its source. */
function declaredOutputs(folder: string): string[] {
  const source = readFileSync(path.resolve(__dirname, "../../src", folder, "resource.ts"), "utf8");
  return [...source.matchAll(/declare readonly (\w+): pulumi\.Output</g)].map((m) => m[1]!);
}

it.each([
  ["agent", () => new PipecatAgent("a", { agentName: "bot", image: "acme/bot:1" })],
  ["secret-set", () => new PipecatSecretSet("s", { setName: "keys", secrets: { A: "1" } })],
  ["image-pull-secret", () => new PipecatImagePullSecret("p", { setName: "pull", username: "u", password: "p" })],
  ["organization-settings", () => new PipecatOrganizationSettings("o2", { defaultRegion: "us-west" })],
] as const)("every output %s declares exists with only the required inputs given", async (folder, declare) => {
  const mocks = withMocks();
  const resource = declare() as unknown as Record<string, unknown>;
  await mocks.settled();
  const outputs = declaredOutputs(folder);
  expect(outputs.length).toBeGreaterThan(1);
  expect(outputs.filter((key) => !pulumi.Output.isInstance(resource[key]))).toEqual([]);
});

it("a refusal nobody awaits settled() for still fails the test run, once, with preview's message", async () => {
  // A program whose test only awaits an output: the refused agent's outputs never resolve, so the
  // mocks raise one unhandled rejection of their own; Node (and any test runner) reports it.
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const { pipecatMocks } = require("./src/testing");
    const { PipecatAgent } = require("./src");
    pulumi.runtime.setMocks(pipecatMocks(), "p", "s", false);
    new PipecatAgent("a", { agentName: "Bad-Name", image: "acme/bot:1" });
  `;
  const { execFile } = await import("node:child_process");
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: path.resolve(__dirname, "../.."), timeout: 60_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr }),
    ),
  );
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain("pipecatMocks refused a registration");
  expect(result.stderr).toContain("resource 'a': property agentName value {Bad-Name} has a problem");
  expect(result.stderr.match(/resource 'a': property agentName/g)).toHaveLength(1);
}, 60_000);
