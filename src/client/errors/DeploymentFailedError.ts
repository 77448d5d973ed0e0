import { PipecatError } from "./PipecatError";

/** The agent exists but its deployment failed (crash loop, image pull failure, reported errors). */
export class DeploymentFailedError extends PipecatError {
  /** `PIPECAT_ERR_DEPLOYMENT_FAILED`: the agent was created or updated, but its deployment failed; it stays in the stack. */
  readonly code = "PIPECAT_ERR_DEPLOYMENT_FAILED";

  constructor(
    /** The agent's name in Pipecat Cloud. */
    readonly agentName: string,
    /** The id of the deployment that failed; null when the API named no desired deployment. */
    readonly deploymentId: string | null,
    /** What the API reported, one line of text per problem: its error entries, then the failed revision's health; never empty. */
    readonly reasons: string[],
    /** The last lines of that deployment's logs, oldest first, secret-looking values redacted (empty when none could be read). */
    readonly logTail: string[] = [],
  ) {
    super(
      `Agent "${agentName}" deployment ${deploymentId ?? "(unknown)"} failed: ${reasons.map((r) => r.replace(/\.+$/, "")).join("; ")}. ` +
        (logTail.length > 0 ? `Last ${logTail.length} log lines of the deployment:\n  ${logTail.join("\n  ")}\n` : "") +
        `Fix the image or configuration and run \`pulumi up\` again; the agent is kept in the stack state (full logs: \`pcc agent logs ${agentName}\` or the Pipecat Cloud dashboard)`,
    );
  }
}
