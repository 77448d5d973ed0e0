// One voice bot, deployed close to its callers in two regions. Agent names are
// unique across regions, and secret sets live in one region each, so both carry
// the region in their names.
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
const image = config.get("image") ?? "acme/voice-bot:1.4.2";

const deployments = [
  // The main market: keep two warm instances so calls never wait for a cold start.
  { region: "us-west", minAgents: 2, maxAgents: 20 },
  // A smaller market: scale to zero when idle.
  { region: "eu-central", minAgents: 0, maxAgents: 5 },
];

export const agents = Object.fromEntries(
  deployments.map(({ region, minAgents, maxAgents }) => {
    const agent = new PipecatAgent(`voice-bot-${region}`, {
      agentName: `voice-bot-${region}`,
      region,
      image,
      secretSet: `voice-bot-secrets-${region}`,
      autoScaling: { minAgents, maxAgents },
      krispViva: { audioFilter: "tel" },
      agentProfile: "agent-2x",
    });
    return [
      region,
      {
        name: agent.name,
        ready: agent.ready,
        available: agent.available,
        deploymentId: agent.desiredDeploymentId,
        activeSessionCount: agent.activeSessionCount,
      },
    ];
  }),
);
