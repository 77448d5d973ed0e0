// `pulumi import` with the real CLI: what works for these dynamic resources, and what does not.
// At 3.248 the engine calls the dynamic provider's read without the resource's inputs, so the
// provider code (serialized in `__provider`) is missing and the import fails. If a Pulumi release
// fixes that, this test fails and the README's Import section should change with it.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";
import { cliScratch, installProject, PulumiProject } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const API_KEY = "pk_cli_import_key_0b7f";
const AGENT_TYPE = "pulumi-nodejs:dynamic/pipecat:PipecatAgent";

describe.skipIf(!cliDir)("importing an agent deployed outside Pulumi (examples/basic)", () => {
  let sim: Simulator;
  let project: PulumiProject;

  beforeAll(async () => {
    sim = await startInstalledSimulator(inject("consumerDir"), { apiKey: API_KEY });
    const dir = path.join(cliScratch, "import");
    installProject(path.resolve(__dirname, "../../examples/basic"), dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
    await project.ok(["stack", "init", "import"]);
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", API_KEY]);
    await project.ok(["config", "set", "pipecat:apiUrl", sim.url]);
    await project.ok(["config", "set", "pipecat:pollIntervalSeconds", "1"]);
    // The agent as `pcc deploy` would have made it.
    const res = await fetch(`${sim.url}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: "my-agent", image: "your-username/my-agent:latest", secretSet: "my-agent-secrets", imagePullSecretSet: "dockerhub-credentials" }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => sim?.close());

  it("`pulumi import` fails: the engine reads a dynamic resource without its provider code", async () => {
    const result = await project.run(["import", AGENT_TYPE, "my-agent", "my-agent", "--yes"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/reading 'toJavaScript'/);
    expect((await project.exportState()).resources.filter((r) => r.type === AGENT_TYPE)).toEqual([]);
  });

  it("the way in: `pipecat:adoptExisting` (or adoptExisting: true) takes the agent over with one update, no second agent", async () => {
    await project.ok(["config", "set", "pipecat:adoptExisting", "true"]);
    await project.ok(["up", "--yes", "--skip-preview"]);
    await project.ok(["config", "rm", "pipecat:adoptExisting"]);
    const agents = (await project.exportState()).resources.filter((r) => r.type === AGENT_TYPE);
    expect(agents).toHaveLength(1);
    expect(agents[0]!.outputs).toMatchObject({ agentName: "my-agent", ready: true });
    const [agent] = sim.agents();
    expect(sim.agents()).toHaveLength(1);
    expect(agent!.deploymentIds).toHaveLength(2); // the original deployment, then the adopting update
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(sim.agents()).toEqual([]);
  });
});
