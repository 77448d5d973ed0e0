import { PipecatError } from "./PipecatError";

/** While the provider waited for its deployment, someone else deployed the agent: ours will never be reconciled. */
export class RedeployedElsewhereError extends PipecatError {
  readonly code = "PIPECAT_ERR_REDEPLOYED_ELSEWHERE";

  constructor(
    readonly agentName: string,
    /** The deployment this run created. */
    readonly deploymentId: string,
    /** The deployment that replaced it. */
    readonly replacedBy: string,
  ) {
    super(
      `Agent "${agentName}" was redeployed by someone else while waiting for deployment ${deploymentId}: ` +
        `the agent now wants deployment ${replacedBy}, so ${deploymentId} will never be reconciled. ` +
        "Run `pulumi refresh` to see the live configuration, then `pulumi up` to deploy this program's configuration again; the agent is kept in the stack state",
    );
  }
}
