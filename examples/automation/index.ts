// Drive a stack from code with Pulumi's Automation API: the program is a function
// here, not a project folder, and preview / up / destroy are calls. This is how a
// platform team stamps out one voice agent per customer from its own service.
//
//   PIPECAT_API_KEY=pk_... npm run build && node bin/index.js up [customer]
//   node bin/index.js preview [customer]   |   node bin/index.js destroy [customer]
//
// Needs the Pulumi CLI on PATH. State goes to the backend you are logged in to, or
// PULUMI_BACKEND_URL (e.g. file://~/.pulumi-state); secrets use PULUMI_CONFIG_PASSPHRASE.
import * as path from "node:path";
import { LocalWorkspace, type PulumiFn } from "@pulumi/pulumi/automation";
import { PipecatAgent } from "pulumi-pipecat-cloud";

/** One agent per customer, all alike but for the name. */
function programFor(customer: string): PulumiFn {
  return async () => {
    const agent = new PipecatAgent(`${customer}-bot`, {
      agentName: `${customer}-bot`,
      image: process.env.AGENT_IMAGE ?? "your-username/support-bot:1.4.2",
      secretSet: "my-agent-secrets",
      autoScaling: { minAgents: 0, maxAgents: 5 },
    });
    return { agentName: agent.name, ready: agent.ready, deploymentId: agent.desiredDeploymentId };
  };
}

async function main(): Promise<void> {
  const [action = "preview", customer = "acme"] = process.argv.slice(2);
  const apiKey = process.env.PIPECAT_API_KEY;
  if (!apiKey) throw new Error("Set PIPECAT_API_KEY to a Pipecat Cloud Private API key");

  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "pipecat-automation", stackName: customer, program: programFor(customer) },
    // The dynamic provider is loaded from node_modules next to this file.
    { workDir: path.join(__dirname, "..") },
  );
  await stack.setConfig("pipecat:apiKey", { value: apiKey, secret: true });
  if (process.env.PIPECAT_API_URL) await stack.setConfig("pipecat:apiUrl", { value: process.env.PIPECAT_API_URL });

  const log = (line: string) => process.stdout.write(line);
  if (action === "preview") {
    const result = await stack.preview({ onOutput: log });
    console.log(`changes: ${JSON.stringify(result.changeSummary)}`);
  } else if (action === "up") {
    const result = await stack.up({ onOutput: log });
    console.log(`outputs: ${JSON.stringify(Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value])))}`);
  } else if (action === "destroy") {
    await stack.destroy({ onOutput: log });
    await stack.workspace.removeStack(customer);
    console.log(`destroyed and removed stack ${customer}`);
  } else {
    throw new Error(`unknown action "${action}": preview, up or destroy`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
