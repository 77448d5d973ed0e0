import { PipecatError } from "./PipecatError";

/** The deployment did not become ready within readyTimeoutSeconds. */
export class ReadyTimeoutError extends PipecatError {
  readonly code = "PIPECAT_ERR_READY_TIMEOUT";

  constructor(
    readonly agentName: string,
    readonly deploymentId: string | null,
    readonly timeoutSeconds: number,
    readonly lastStatus: string,
  ) {
    super(
      `Agent "${agentName}" deployment ${deploymentId ?? "(unknown)"} was not ready after ${timeoutSeconds} s (last status: ${lastStatus}). ` +
        "Raise readyTimeoutSeconds, or set waitForReady: false; the agent is kept in the stack state and the next `pulumi up` checks it again",
    );
  }
}
