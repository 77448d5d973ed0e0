// An agent described by the project's existing pcc-deploy.toml. `adoptExisting`
// makes the first `pulumi up` take over the agent `pcc deploy` already runs
// (an update of the same agent) instead of failing on the taken name.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PipecatAgent, pccDeployArgs } from "pulumi-pipecat-cloud";

const config = new pulumi.Config();
const fromToml = pccDeployArgs(path.join(__dirname, "pcc-deploy.toml"));

const agent = new PipecatAgent("pcc-agent", {
  ...fromToml,
  // Override anything per stack; here the image, e.g. from CI.
  image: config.get("image") ?? fromToml.image,
  adoptExisting: true,
});

export const name = agent.name;
export const ready = agent.ready;
// String outputs feed other resources' string inputs without casts.
export const region: pulumi.Input<string> = agent.region;
export const dashboardHint: pulumi.Output<string> = pulumi.interpolate`${agent.name} in ${agent.region}`;
