import { PipecatError } from "./PipecatError";

/** The Pipecat Cloud API answered with an error status (after any retries the provider makes). */
export class ApiError extends PipecatError {
  /** `PIPECAT_ERR_API`: the API refused the request; `status` and `apiCode` say why. */
  readonly code = "PIPECAT_ERR_API";

  constructor(
    /** The HTTP method of the failed request: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
    readonly method: string,
    /** The request's URL path, without the host: `/v1/agents/my-agent` (with the query string, if any, and any base path of `pipecat:apiUrl`). */
    readonly path: string,
    /** The HTTP status code the API answered with: 400, 401, 403, 404, 409, 429, 5xx. */
    readonly status: number,
    /** The API's own error code (`GENERIC_BAD_REQUEST`, `NOT_FOUND`, `PCC-1001`, …); undefined when the body had none or was not JSON. */
    readonly apiCode: string | undefined,
    /** The API's `error` (or `message`) text; otherwise the body's first 200 characters (whitespace collapsed), or `(empty body)`. */
    readonly apiMessage: string,
    hint?: string,
  ) {
    super(`${method} ${path} failed with HTTP ${status}${apiCode ? ` ${apiCode}` : ""}: ${apiMessage}${hint ? `. ${hint}` : ""}`);
  }
}
