import { PipecatError } from "./PipecatError";

/**
 * Configuration is missing or invalid, found before the change was made: the
 * provider's settings (`pipecat:apiKey`, `pipecat:apiUrl`, …), a pcc-deploy.toml,
 * a region Pipecat Cloud does not offer, or a name already taken. The message
 * names what to fix.
 */
export class ConfigError extends PipecatError {
  /** `PIPECAT_ERR_CONFIG`: fix the configuration the message names and run again. */
  readonly code = "PIPECAT_ERR_CONFIG";
}
