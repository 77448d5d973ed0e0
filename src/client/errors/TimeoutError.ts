import { PipecatError } from "./PipecatError";
import { describeCause } from "./NetworkError";

/** Connecting, or waiting for response headers or body, took longer than the configured timeout. */
export class TimeoutError extends PipecatError {
  /** `PIPECAT_ERR_TIMEOUT`: an HTTP request to the API timed out (not a readiness wait: see ReadyTimeoutError); the undici error is the standard `cause`. */
  readonly code = "PIPECAT_ERR_TIMEOUT";

  constructor(
    /** The HTTP method of the failed request: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
    readonly method: string,
    /** The request's URL path, without the host: `/v1/agents/my-agent` (with the query string, if any, and any base path of `pipecat:apiUrl`). */
    readonly path: string,
    /** False only when the request provably never reached the server (a connect timeout); true: a write may have taken effect. */
    readonly mayHaveBeenProcessed: boolean,
    cause: unknown,
  ) {
    super(`${method} ${path} timed out (${describeCause(cause)}); the API may be slow or unreachable`, { cause });
  }
}
