// A program with a rule worth testing: production keeps an agent warm and pins
// its image; other stacks scale to zero. index.test.ts checks it with Pulumi's
// mocks: no Pipecat Cloud, no Pulumi CLI, no engine.
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
const production = pulumi.getStack().startsWith("prod");

const agent = new PipecatAgent("support-bot", {
  agentName: "support-bot",
  image: config.get("image") ?? "your-username/support-bot:1.4.2",
  secretSet: "my-agent-secrets",
  autoScaling: production ? { minAgents: 1, maxAgents: 20 } : { minAgents: 0, maxAgents: 2 },
  agentProfile: production ? "agent-2x" : "agent-1x",
});

export const agentName = agent.agentName;
export const image = agent.image;
export const autoScaling = agent.autoScaling;
export const ready = agent.ready;
