// `PipecatAgent({ build })`: deploy a PipecatBuild. Its buildId feeds the agent
// (which orders the deploy after the build), and the two regions must agree.
import * as pulumi from "@pulumi/pulumi";
import type { PipecatBuild } from "./resource";

interface WithBuild {
  build?: PipecatBuild;
  buildId?: pulumi.Input<string>;
  image?: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

/** The agent's arguments with `build` turned into `buildId` and a checked `region`. */
export function linkBuild<T extends WithBuild>(agentName: string, args: T): Omit<T, "build"> {
  const { build, ...rest } = args;
  if (build === undefined) return rest;
  if (args.buildId !== undefined || args.image !== undefined) {
    throw new Error(`PipecatAgent "${agentName}": give one of build, buildId and image, not several`);
  }
  const mismatch = (agentRegion: string, buildRegion: string) =>
    new Error(
      `PipecatAgent "${agentName}": region "${agentRegion}" differs from its build's region "${buildRegion}"; ` +
        "Pipecat Cloud deploys a build only in the region it was built in. Give both the same region (or leave the agent's out)",
    );
  const buildRegion = build.regionArg;
  // Plain strings on both sides (the usual case): fail right here, at preview.
  if (typeof args.region === "string" && typeof buildRegion === "string" && args.region !== buildRegion) throw mismatch(args.region, buildRegion);
  const region =
    buildRegion === undefined
      ? args.region
      : pulumi.all([args.region, buildRegion]).apply(([agentRegion, fromBuild]) => {
          if (agentRegion !== undefined && fromBuild !== undefined && agentRegion !== fromBuild) throw mismatch(agentRegion, fromBuild);
          return agentRegion ?? fromBuild;
        });
  return { ...rest, buildId: build.buildId, region };
}
