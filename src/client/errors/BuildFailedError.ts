import { PipecatError } from "./PipecatError";

/** A cloud build ended `failed` or `timeout`: its error message and the last lines of its log. */
export class BuildFailedError extends PipecatError {
  /** `PIPECAT_ERR_BUILD_FAILED`: the image was not built; nothing was recorded in the stack. */
  readonly code = "PIPECAT_ERR_BUILD_FAILED";

  constructor(
    /** The cloud build's id (a UUID). */
    readonly buildId: string,
    /** How the build ended, as Pipecat Cloud reports it: `failed` or `timeout` (its own build time limit). */
    readonly status: string,
    /** The build's `errorMessage`; undefined when Pipecat Cloud gave none. */
    readonly errorMessage: string | undefined,
    /** The build log's last lines (at most 20), oldest first; empty when the log could not be read or had none. */
    readonly logTail: string[],
  ) {
    super(
      `Cloud build ${buildId} ${status === "timeout" ? "timed out" : "failed"}: ${errorMessage ?? "(no error message)"}` +
        (logTail.length > 0 ? `\nLast ${logTail.length} log lines:\n  ${logTail.join("\n  ")}` : "\n(the build wrote no log lines)") +
        "\nFix the Dockerfile or the code and run `pulumi up` again: a failed build is not kept in the stack",
    );
  }
}
