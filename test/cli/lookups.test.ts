// The lookups examples/lookups does not use (getAgent, getBuild, getOrganizationProperties, and
// an Output form), in a program run by the real `pulumi` against a simulator that holds an agent
// and a build made elsewhere; and a lookup of something missing failing the preview, naming it.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";
import { cliScratch, installProject, PulumiProject, stackOutputs } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const API_KEY = "pk_cli_lookups_key_51c2";
const BUILD = "6f1c2a7e-0d4b-4c1e-9a53-2b8e7d4f6a10";

const PROGRAM = `import { getAgent, getBuild, getOrganizationProperties, getRegionsOutput } from "pulumi-pipecat-cloud";

export = async () => {
  const agent = await getAgent({ agentName: process.env.LOOKUP_AGENT ?? "made-elsewhere" });
  const build = await getBuild({ buildId: "${BUILD}" });
  const organization = await getOrganizationProperties();
  return {
    agentImage: agent.image,
    agentRegion: agent.region,
    agentProfile: agent.agentProfile,
    buildStatus: build.status,
    buildRegion: build.region,
    defaultRegion: organization.defaultRegion,
    regionCodes: getRegionsOutput().apply((regions) => regions.map((r) => r.code)),
  };
};
`;

describe.skipIf(!cliDir)("getAgent, getBuild, getOrganizationProperties and getRegionsOutput with the real pulumi CLI", () => {
  let sim: Simulator;
  let project: PulumiProject;

  beforeAll(async () => {
    sim = await startInstalledSimulator(inject("consumerDir"), { apiKey: API_KEY, builds: [{ id: BUILD, region: "eu-central", status: "success" }] });
    const res = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "made-elsewhere", image: "acme/other:3", region: "eu-central", agentProfile: "agent-2x" }),
    });
    expect(res.status).toBe(200);
    // A user's project: the basic example's files, with this program.
    const source = path.join(cliScratch, "lookups-source");
    fs.rmSync(source, { recursive: true, force: true });
    fs.cpSync(path.resolve(__dirname, "../../examples/basic"), source, { recursive: true });
    fs.writeFileSync(path.join(source, "index.ts"), PROGRAM);
    const dir = path.join(cliScratch, "lookups-program");
    installProject(source, dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
    await project.ok(["stack", "init", "lookups"]);
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", API_KEY]);
    await project.ok(["config", "set", "pipecat:apiUrl", sim.url]);
  });
  afterAll(() => sim?.close());

  it("up exports what the API reports, and nothing is written", async () => {
    await project.ok(["up", "--yes", "--skip-preview"]);
    expect(await stackOutputs(project)).toEqual({
      agentImage: "acme/other:3",
      agentRegion: "eu-central",
      agentProfile: "agent-2x",
      buildStatus: "success",
      buildRegion: "eu-central",
      defaultRegion: "us-west",
      regionCodes: ["us-west", "us-east", "eu-central", "ap-south"],
    });
    expect(sim.requests.filter((r) => r.method !== "GET" && r.path !== "/v1/agents")).toEqual([]);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a lookup of an agent that does not exist fails the preview, naming it", async () => {
    const failed = await project.run(["preview"], { LOOKUP_AGENT: "nobody-here" });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/No agent named "nobody-here" in Pipecat Cloud/);
    expect(failed.output).not.toContain(API_KEY);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    await project.ok(["stack", "rm", "--yes", "lookups"]);
  });
});
