import { PipecatError } from "./PipecatError";

/** The API answered with an error status. */
export class ApiError extends PipecatError {
  readonly code = "PIPECAT_ERR_API";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The API's own error code (`GENERIC_BAD_REQUEST`, `NOT_FOUND`, `PCC-1001`, …), when it sent one. */
    readonly apiCode: string | undefined,
    /** The API's `error` (or `message`) text. */
    readonly apiMessage: string,
    hint?: string,
  ) {
    super(`${method} ${path} failed with HTTP ${status}${apiCode ? ` ${apiCode}` : ""}: ${apiMessage}${hint ? `. ${hint}` : ""}`);
  }
}
