import { PipecatError } from "./PipecatError";

/** A response body was not JSON, or did not have the documented shape. */
export class ResponseValidationError extends PipecatError {
  /** `PIPECAT_ERR_INVALID_RESPONSE`: the request may have succeeded, but its answer could not be read. */
  readonly code = "PIPECAT_ERR_INVALID_RESPONSE";

  constructor(
    /** The HTTP method of the failed request: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
    readonly method: string,
    /** The request's URL path, without the host: `/v1/agents/my-agent` (with the query string, if any, and any base path of `pipecat:apiUrl`). */
    readonly path: string,
    /** The HTTP status code of the response, usually 2xx: the body of a success did not fit. */
    readonly status: number,
    /** What did not fit: `ready: expected boolean, received string`, or `not JSON`. */
    readonly mismatch: string,
  ) {
    super(`${method} ${path} returned HTTP ${status} with an unexpected body (${mismatch}); the API may have changed: please report it with this message`);
  }
}
