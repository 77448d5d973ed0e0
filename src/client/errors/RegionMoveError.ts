import { PipecatError } from "./PipecatError";

/** A region move was refused before anything was deleted: the old agent keeps running. */
export class RegionMoveError extends PipecatError {
  /** `PIPECAT_ERR_REGION_MOVE`: the move was refused; the message says why and what to change. */
  readonly code = "PIPECAT_ERR_REGION_MOVE";
}
