import { PipecatError } from "./PipecatError";

/** The presigned upload of a build context was refused or never arrived. */
export class UploadError extends PipecatError {
  readonly code = "PIPECAT_ERR_UPLOAD_FAILED";
}
