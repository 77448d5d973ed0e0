import { PipecatError } from "./PipecatError";

/** The agent exists but its deployment failed (crash loop, image pull failure, reported errors). */
export class DeploymentFailedError extends PipecatError {
  readonly code = "PIPECAT_ERR_DEPLOYMENT_FAILED";

  constructor(
    readonly agentName: string,
    readonly deploymentId: string | null,
    readonly reasons: string[],
  ) {
    super(
      `Agent "${agentName}" deployment ${deploymentId ?? "(unknown)"} failed: ${reasons.map((r) => r.replace(/\.+$/, "")).join("; ")}. ` +
        "Fix the image or configuration and run `pulumi up` again; the agent is kept in the stack state",
    );
  }
}
