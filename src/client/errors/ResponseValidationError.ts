import { PipecatError } from "./PipecatError";

/** A response body was not JSON, or did not have the documented shape. */
export class ResponseValidationError extends PipecatError {
  readonly code = "PIPECAT_ERR_INVALID_RESPONSE";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** What did not fit: `ready: expected boolean, received string`, or `not JSON`. */
    readonly mismatch: string,
  ) {
    super(`${method} ${path} returned HTTP ${status} with an unexpected body (${mismatch}); the API may have changed: please report it with this message`);
  }
}
