import { PipecatError } from "./PipecatError";

/** A region move was refused before anything was deleted: the old agent keeps running. */
export class RegionMoveError extends PipecatError {
  readonly code = "PIPECAT_ERR_REGION_MOVE";
}
