import { PipecatError } from "./PipecatError";
import { show, type IgnoredField } from "./WriteNotAppliedError";

/** Someone else deployed the agent right after our write, or while the provider waited for its deployment: ours will never be reconciled. */
export class RedeployedElsewhereError extends PipecatError {
  /** `PIPECAT_ERR_REDEPLOYED_ELSEWHERE`: another deployment replaced this run's; the agent stays in the stack. */
  readonly code = "PIPECAT_ERR_REDEPLOYED_ELSEWHERE";

  constructor(
    /** The agent's name. */
    readonly agentName: string,
    /** The deployment this run created. */
    readonly deploymentId: string,
    /** The deployment that replaced it. */
    readonly replacedBy: string,
    /** What the other deployment changed from what this run sent, when it was read right after the write; empty otherwise. */
    readonly changes: IgnoredField[] = [],
  ) {
    const changed = changes.length > 0 ? ` It changed ${changes.map((f) => `${f.field} (this run sent ${show(f.sent)}, it has ${show(f.live)})`).join("; ")}.` : "";
    super(
      `Agent "${agentName}" was redeployed by someone else: deployment ${replacedBy} replaced this run's deployment ${deploymentId}, ` +
        `so ${deploymentId} will never be reconciled.${changed} ` +
        "Run `pulumi refresh` to see the live configuration, then `pulumi up` to deploy this program's configuration again; the agent is kept in the stack state",
    );
  }
}
