// A whole voice stack in one `pulumi up`: the agent's service keys as a secret
// set, private registry credentials as an image pull secret, and the agent using
// both. The values come from stack config secrets and never appear in plain text.
//
//   pulumi config set --secret pipecat:apiKey <your private API key>
//   pulumi config set --secret openaiApiKey sk-...
//   pulumi config set --secret deepgramApiKey ...
//   pulumi config set --secret cartesiaApiKey ...
//   pulumi config set registryUsername <registry user>
//   pulumi config set --secret registryToken <registry access token>
//   pulumi up
//
// Rotating a key (`pulumi config set --secret openaiApiKey sk-new && pulumi up`)
// updates the secret set, then redeploys the agent so it picks the new value up.
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent, PipecatImagePullSecret, PipecatSecretSet } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
// Secret sets, image pull secrets and the agent must share one region.
const region = config.get("region") ?? "us-west";

const secrets = new PipecatSecretSet("voice-bot-secrets", {
  setName: "voice-bot-secrets",
  region,
  secrets: {
    OPENAI_API_KEY: config.requireSecret("openaiApiKey"),
    DEEPGRAM_API_KEY: config.requireSecret("deepgramApiKey"),
    CARTESIA_API_KEY: config.requireSecret("cartesiaApiKey"),
  },
});

const registry = new PipecatImagePullSecret("voice-bot-registry", {
  setName: "voice-bot-registry",
  region,
  host: "https://index.docker.io/v1/",
  username: config.require("registryUsername"),
  password: config.requireSecret("registryToken"),
});

// Passing the resources (not their names) orders the deploy after them and
// redeploys the agent whenever a secret value changes.
const agent = new PipecatAgent("voice-bot", {
  agentName: "voice-bot",
  region,
  image: config.get("image") ?? "acme/voice-bot:1.0.0",
  secretSet: secrets,
  imagePullSecretSet: registry,
  // (Cloud builds: replace `image` with the id of a build deployed in this region.)
});

export const agentName = agent.name;
export const ready = agent.ready;
export const deploymentId = agent.desiredDeploymentId;
export const secretKeys = secrets.keys;
export const secretSetStatus = secrets.status;
export const registryStatus = registry.status;
// A secret (derived from the values): changes whenever any key does, e.g. to trigger other systems.
export const secretsVersion = secrets.contentHash;
