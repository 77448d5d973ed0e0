// What every kind's provider can be given, for tests of your own and for the
// engine's defaults: where the key comes from, the HTTP client, and the clock.
import type { ClientOptions } from "../client/client";

/** Options every kind's provider accepts when made by hand (tests of your own); the engine uses the defaults. */
export interface BaseProviderOptions {
  /** The environment read for `PIPECAT_API_KEY` / `PIPECAT_API_URL` when stack config has none. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Extra client settings (retry policy, timeouts, dispatcher, test seams). */
  client?: Partial<ClientOptions>;
  /** How to wait between polls, in milliseconds. Default: a real timer; tests pass a virtual clock's sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** The current time in milliseconds since the epoch, for deadlines. Default `Date.now`. */
  now?: () => number;
}
