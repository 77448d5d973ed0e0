import { PipecatError } from "./PipecatError";

/** The provider is missing configuration it needs (the API key), or it is malformed. */
export class ConfigError extends PipecatError {
  readonly code = "PIPECAT_ERR_CONFIG";
}
