// Where the provider finds its API key and URL: stack config (through the dynamic
// provider's configure hook), then the environment. Resolved when the first API
// call needs it, so preview's check and diff work without a key.
import { ConfigError } from "./client/errors/ConfigError";

export const DEFAULT_API_URL = "https://api.pipecat.daily.co";

/** What `pulumi config` provided; all optional. */
export interface ConfiguredSettings {
  apiKey?: string;
  apiUrl?: string;
  /** The longest wait between readiness polls, as given (checked when used). */
  pollIntervalSeconds?: string;
  /** `pipecat:adoptExisting`, as given (checked when used): adoptExisting for every agent of the stack. */
  adoptExisting?: string;
}

export interface Connection {
  apiKey: string;
  baseUrl: string;
}

export function readStackConfig(config: { get(key: string): string | undefined }): ConfiguredSettings {
  return {
    apiKey: nonEmpty(config.get("pipecat:apiKey")),
    apiUrl: nonEmpty(config.get("pipecat:apiUrl")),
    pollIntervalSeconds: nonEmpty(config.get("pipecat:pollIntervalSeconds")),
    adoptExisting: nonEmpty(config.get("pipecat:adoptExisting")),
  };
}

/**
 * `pipecat:adoptExisting`: every agent whose create finds its name taken takes that agent over,
 * as `adoptExisting: true` does. For recovering a stack whose `pulumi up` was killed after
 * creating an agent (the create is lost from state), without editing the program.
 */
export function adoptAll(configured: ConfiguredSettings): boolean {
  const value = configured.adoptExisting;
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigError(`pipecat:adoptExisting must be true or false, got "${value}"`);
}

/** `pipecat:pollIntervalSeconds` as the poll policy's cap, in ms; undefined keeps the default (5 s). */
export function pollCapMs(configured: ConfiguredSettings): number | undefined {
  if (configured.pollIntervalSeconds === undefined) return undefined;
  const seconds = Number(configured.pollIntervalSeconds);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 60) {
    throw new ConfigError("pipecat:pollIntervalSeconds must be a number of seconds from 0.1 to 60 (the longest wait between readiness polls; default 5)");
  }
  return Math.round(seconds * 1000);
}

export function resolveConnection(configured: ConfiguredSettings, env: NodeJS.ProcessEnv = process.env): Connection {
  const apiKey = configured.apiKey ?? nonEmpty(env.PIPECAT_API_KEY);
  if (!apiKey) {
    throw new ConfigError(
      "No Pipecat Cloud API key. Set one with `pulumi config set --secret pipecat:apiKey <key>` " +
        "or the PIPECAT_API_KEY environment variable (a Private API key: Dashboard > Settings > API Keys)",
    );
  }
  const baseUrl = configured.apiUrl ?? nonEmpty(env.PIPECAT_API_URL) ?? DEFAULT_API_URL;
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new ConfigError(`The Pipecat Cloud API URL must be an http(s) URL such as ${DEFAULT_API_URL}; check pipecat:apiUrl or PIPECAT_API_URL`);
  }
  return { apiKey, baseUrl };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
