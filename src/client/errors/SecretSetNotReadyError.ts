import { PipecatError } from "./PipecatError";

/** A secret set (or image pull secret) failed to provision, or was still not ready when the wait ran out. */
export class SecretSetNotReadyError extends PipecatError {
  /** `PIPECAT_ERR_SECRET_SET_FAILED` (status `failed`) or `PIPECAT_ERR_SECRET_SET_TIMEOUT` (status `pending`: the wait ran out). */
  readonly code: "PIPECAT_ERR_SECRET_SET_FAILED" | "PIPECAT_ERR_SECRET_SET_TIMEOUT";

  constructor(
    /** The set's name in Pipecat Cloud. */
    readonly setName: string,
    /** `failed`, or `pending` for a wait that ran out (whatever the set reported). */
    readonly status: "failed" | "pending",
    /** The API's reason for a failed set; undefined when it gave none, and always for a wait that ran out. */
    readonly errorMessage: string | undefined,
    /** How long the provider waited, in seconds (the set's `readyTimeoutSeconds`). */
    readonly timeoutSeconds: number,
    /** The last status the API reported when the wait ran out (quoted: it may be one this provider does not know). */
    readonly reportedStatus: string = status,
  ) {
    super(
      status === "failed"
        ? `Secret set "${setName}" failed to provision: ${errorMessage ?? "no reason given"}. ` +
            "Fix the values and run `pulumi up` again; the set is kept in the stack state"
        : `Secret set "${setName}" was still "${reportedStatus}" after ${timeoutSeconds} s` +
            (reportedStatus === "pending" ? "" : " (a status this provider does not know, read as not ready yet)") +
            ". Raise readyTimeoutSeconds; the set is kept in the stack state and the next `pulumi up` checks it again",
    );
    this.code = status === "failed" ? "PIPECAT_ERR_SECRET_SET_FAILED" : "PIPECAT_ERR_SECRET_SET_TIMEOUT";
  }
}
