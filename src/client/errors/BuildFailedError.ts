import { PipecatError } from "./PipecatError";

/** A cloud build ended `failed` or `timeout`: its error message and the last lines of its log. */
export class BuildFailedError extends PipecatError {
  readonly code = "PIPECAT_ERR_BUILD_FAILED";

  constructor(
    readonly buildId: string,
    readonly status: string,
    readonly errorMessage: string | undefined,
    readonly logTail: string[],
  ) {
    super(
      `Cloud build ${buildId} ${status === "timeout" ? "timed out" : "failed"}: ${errorMessage ?? "(no error message)"}` +
        (logTail.length > 0 ? `\nLast ${logTail.length} log lines:\n  ${logTail.join("\n  ")}` : "\n(the build wrote no log lines)") +
        "\nFix the Dockerfile or the code and run `pulumi up` again: a failed build is not kept in the stack",
    );
  }
}
