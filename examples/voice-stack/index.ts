// A voice agent from nothing but this folder: its service keys as a secret set,
// its code built by Pipecat Cloud from ./bot (no Docker needed), and the agent
// deploying that build with those keys. One `pulumi up`, in that order.
//
//   pulumi config set --secret pipecat:apiKey <your private API key>
//   pulumi config set --secret openaiApiKey sk-...
//   pulumi config set --secret cartesiaApiKey ...
//   pulumi up
//
// Rotate a key (`pulumi config set --secret openaiApiKey sk-new && pulumi up`):
// the set is updated, then the agent is redeployed to read it. Edit bot/bot.py
// and `pulumi up`: a new build, then a redeploy; unchanged files build nothing.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent, PipecatBuild, PipecatSecretSet } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
// The set, the build and the agent must share one region.
const region = config.get("region") ?? "us-west";

const keys = new PipecatSecretSet("voice-stack-keys", {
  setName: "voice-stack-keys",
  region,
  secrets: {
    OPENAI_API_KEY: config.requireSecret("openaiApiKey"),
    CARTESIA_API_KEY: config.requireSecret("cartesiaApiKey"),
  },
});

const build = new PipecatBuild("voice-stack-build", { contextDir: path.join(__dirname, "bot"), region });

const agent = new PipecatAgent("voice-stack", {
  agentName: "voice-stack",
  region,
  build,
  secretSet: keys,
});

export const buildId = build.buildId;
export const contextHash = build.contextHash;
export const agentName = agent.name;
export const ready = agent.ready;
export const deploymentId = agent.desiredDeploymentId;
