// The agent from Pipecat Cloud's "update an agent" page, declared with Pulumi.
//
//   pulumi config set --secret pipecat:apiKey <your private API key>
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();

const agent = new PipecatAgent("my-agent", {
  agentName: "my-agent",
  image: config.get("image") ?? "your-username/my-agent:latest",
  nodeType: "arm",
  imagePullSecretSet: "dockerhub-credentials",
  secretSet: "my-agent-secrets",
  agentProfile: "agent-1x",
});

export const name = agent.name;
export const region = agent.region;
export const ready = agent.ready;
export const available = agent.available;
export const deploymentId = agent.desiredDeploymentId;
