import { PipecatError } from "./PipecatError";

/** The deployment did not become ready within readyTimeoutSeconds. */
export class ReadyTimeoutError extends PipecatError {
  /** `PIPECAT_ERR_READY_TIMEOUT`: the agent was created or updated but not ready in time; it stays in the stack. */
  readonly code = "PIPECAT_ERR_READY_TIMEOUT";

  constructor(
    /** The agent's name in Pipecat Cloud. */
    readonly agentName: string,
    /** The id of the deployment waited for; null when the API named no desired deployment. */
    readonly deploymentId: string | null,
    /** How long the provider waited, in seconds (the agent's `readyTimeoutSeconds`). */
    readonly timeoutSeconds: number,
    /** The last readiness summary seen, as text (e.g. "waiting for the operator to pick up deployment …"). */
    readonly lastStatus: string,
  ) {
    super(
      `Agent "${agentName}" deployment ${deploymentId ?? "(unknown)"} was not ready after ${timeoutSeconds} s (last status: ${lastStatus}). ` +
        "Raise readyTimeoutSeconds, or set waitForReady: false; the agent is kept in the stack state and the next `pulumi up` checks it again",
    );
  }
}
