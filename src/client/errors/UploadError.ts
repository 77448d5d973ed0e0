import { PipecatError } from "./PipecatError";

/** The presigned upload of a build context was refused or never arrived; no build was started. */
export class UploadError extends PipecatError {
  /** `PIPECAT_ERR_UPLOAD_FAILED`: the storage host refused the build context or failed after retries; the message says how. */
  readonly code = "PIPECAT_ERR_UPLOAD_FAILED";
}
