// From a source folder to a running agent, no Docker needed: Pipecat Cloud
// builds the image from ./bot, and the agent deploys that build.
//
//   pulumi config set --secret pipecat:apiKey <your private API key>
//   pulumi up            # builds, then deploys
//   (edit bot/bot.py)
//   pulumi up            # builds again, then redeploys; unchanged files build nothing
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent, PipecatBuild } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();

// Relative paths start at the Pulumi project directory; this one is next to this file.
const build = new PipecatBuild("voice-bot-build", {
  contextDir: path.join(__dirname, "bot"),
  region: "us-west",
});

const agent = new PipecatAgent("voice-bot", {
  agentName: config.get("agentName") ?? "cloud-build-bot",
  build, // deploys build.buildId once the build has succeeded, in the build's region
});

export const buildId = build.buildId;
export const contextHash = build.contextHash;
export const cached = build.cached;
export const imageUri = build.imageUri;
export const agentName = agent.name;
export const region = agent.region;
export const ready = agent.ready;
