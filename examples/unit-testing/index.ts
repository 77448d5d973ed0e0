// A program with rules worth testing: production keeps an agent warm, other
// stacks scale to zero, and the bot is built from ./bot. index.test.ts checks
// it with pipecatMocks: no Pipecat Cloud, no Pulumi CLI, no engine.
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent, PipecatBuild, PipecatSecretSet } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
const production = pulumi.getStack().startsWith("prod");

const keys = new PipecatSecretSet("support-keys", {
  setName: "support-keys",
  secrets: { OPENAI_API_KEY: config.requireSecret("openaiApiKey") },
});

// Relative to the project directory (where Pulumi.yaml is): the same folder
// under `pulumi up` and in unit tests run from there.
const build = new PipecatBuild("support-build", { contextDir: "bot" });

const agent = new PipecatAgent("support-bot", {
  agentName: "support-bot",
  build,
  secretSet: keys,
  autoScaling: production ? { minAgents: 1, maxAgents: config.getNumber("maxAgents") ?? 20 } : { minAgents: 0, maxAgents: 2 },
  agentProfile: production ? "agent-2x" : "agent-1x",
});

export const agentName = agent.agentName;
export const autoScaling = agent.autoScaling;
export const region = agent.region;
export const buildId = agent.buildId;
export const ready = agent.ready;
