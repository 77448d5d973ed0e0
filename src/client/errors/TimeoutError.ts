import { PipecatError } from "./PipecatError";
import { describeCause } from "./NetworkError";

/** Connecting, or waiting for response headers or body, took longer than the configured timeout. */
export class TimeoutError extends PipecatError {
  readonly code = "PIPECAT_ERR_TIMEOUT";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly mayHaveBeenProcessed: boolean,
    cause: unknown,
  ) {
    super(`${method} ${path} timed out (${describeCause(cause)}); the API may be slow or unreachable`, { cause });
  }
}
