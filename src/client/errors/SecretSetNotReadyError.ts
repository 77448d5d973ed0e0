import { PipecatError } from "./PipecatError";

/** A secret set (or image pull secret) failed to provision, or was still pending when the wait ran out. */
export class SecretSetNotReadyError extends PipecatError {
  readonly code: "PIPECAT_ERR_SECRET_SET_FAILED" | "PIPECAT_ERR_SECRET_SET_TIMEOUT";

  constructor(
    readonly setName: string,
    readonly status: "failed" | "pending",
    readonly errorMessage: string | undefined,
    readonly timeoutSeconds: number,
  ) {
    super(
      status === "failed"
        ? `Secret set "${setName}" failed to provision: ${errorMessage ?? "no reason given"}. ` +
            "Fix the values and run `pulumi up` again; the set is kept in the stack state"
        : `Secret set "${setName}" was still pending after ${timeoutSeconds} s. ` +
            "Raise readyTimeoutSeconds; the set is kept in the stack state and the next `pulumi up` checks it again",
    );
    this.code = status === "failed" ? "PIPECAT_ERR_SECRET_SET_FAILED" : "PIPECAT_ERR_SECRET_SET_TIMEOUT";
  }
}
