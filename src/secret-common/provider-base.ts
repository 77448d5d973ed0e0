// What the two secret set providers share: configuration, one API client per
// connection, waiting for readiness, delete, and keeping a set that exists but
// is not ready in state.
import type * as pulumi from "@pulumi/pulumi";
import type { ClientOptions } from "../client/client";
import { pollCapMs, readStackConfig, resolveConnection, type ConfiguredSettings } from "../config";
import { ApiCache } from "../core/api-cache";
import { initFailure } from "../core/init-failure";
import type { SecretsApi } from "./api";
import { waitForSetReady, type SetPollPolicy, type SetSnapshot } from "./wait-for-ready";

export interface SecretProviderOptions {
  env?: NodeJS.ProcessEnv;
  client?: Partial<ClientOptions>;
  poll?: Partial<SetPollPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export abstract class SecretSetProviderBase {
  protected configured: ConfiguredSettings = {};
  // Loaded on first use: preview (check and diff) needs neither the HTTP stack nor the API schemas.
  private readonly apis = new ApiCache(async () => (await import("./api")).SecretsApi);

  constructor(protected readonly options: SecretProviderOptions = {}) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configured = readStackConfig(req.config);
  }

  async delete(id: string, _props: Record<string, unknown>): Promise<void> {
    await (await this.api()).deleteSet(id); // already gone counts as deleted
  }

  /** Waits until ready; a failure keeps the set in state with `properties(status)` as its outputs. */
  protected async settle<T extends SetSnapshot>(
    setName: string,
    timeoutSeconds: number,
    read: () => Promise<T | null>,
    properties: (status: string) => Record<string, unknown>,
  ): Promise<T> {
    try {
      const cap = pollCapMs(this.configured);
      return await waitForSetReady({
        setName, read, timeoutSeconds,
        poll: { ...(cap === undefined ? {} : { maxMs: cap }), ...this.options.poll },
        sleep: this.options.sleep, now: this.options.now,
      });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      throw initFailure(error, setName, properties(typeof status === "string" ? status : "unknown"));
    }
  }

  protected async api(): Promise<SecretsApi> {
    const connection = resolveConnection(this.configured, this.options.env ?? process.env);
    pollCapMs(this.configured); // a bad setting fails here, before anything is sent
    return this.apis.get(connection, this.options.client);
  }
}
