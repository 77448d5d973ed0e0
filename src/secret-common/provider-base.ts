// What the two secret set providers share: configuration, one API client per
// connection, waiting for readiness, delete, and keeping a set that exists but
// is not ready in state.
import type * as pulumi from "@pulumi/pulumi";
import type { BaseProviderOptions } from "../core/provider-options";
import { ConfigError } from "../client/errors/ConfigError";
import { pollCapMs, readStackConfig, type ConfiguredSettings } from "../config";
import { ApiCache } from "../core/api-cache";
import { initFailure } from "../core/init-failure";
import type { SecretsApi } from "./api";
import { knownSet, waitForSetReady, type SetPollPolicy, type SetSnapshot } from "./wait-for-ready";

/** Options of a secret set or image pull secret provider made by hand (tests of your own). */
export interface SecretProviderOptions extends BaseProviderOptions {
  /** Polling until the set leaves `pending`: waits and how many failed polls in a row end it. */
  poll?: Partial<SetPollPolicy>;
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

  /**
   * Before a create writes anything: the region must be one the organization has, and the
   * name must be free. Names are unique across regions and kinds: a create never takes over
   * (and a later destroy never deletes) a set this stack did not make. The list shows
   * both kinds; a GET by name would answer 400 for an image pull secret.
   */
  protected async refuseExisting(api: SecretsApi, setName: string, region: string | undefined, kind: string): Promise<void> {
    await (await import("../core/regions")).checkRegion(api.client, region, `${kind} "${setName}"`);
    const existing = (await api.listSets()).find((s) => s.name === setName);
    if (!existing) return;
    throw new ConfigError(
      `A secret set named "${setName}" (${existing.type}) already exists in Pipecat Cloud (names are unique across regions and kinds). ` +
        "Choose another setName, or delete the existing set (pcc secrets delete) to let this stack manage the name",
    );
  }

  /**
   * Waits until ready; a failure keeps the set in state with `properties(status)` as its outputs.
   * The ready snapshot comes with what it left out filled in: `region` (the known one) and `status`.
   */
  protected async settle<T extends SetSnapshot & { region?: string | null }>(
    setName: string,
    region: string,
    timeoutSeconds: number,
    read: () => Promise<T | null>,
    properties: (status: string) => Record<string, unknown>,
  ): Promise<T & { region: string; status: string }> {
    try {
      const cap = pollCapMs(this.configured);
      return knownSet(await waitForSetReady({
        setName, read, timeoutSeconds,
        poll: { ...(cap === undefined ? {} : { maxMs: cap }), ...this.options.poll },
        sleep: this.options.sleep, now: this.options.now,
      }), region);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      throw initFailure(error, setName, properties(typeof status === "string" ? status : "unknown"));
    }
  }

  protected async api(): Promise<SecretsApi> {
    return this.apis.forConfig(this.configured, this.options.env, this.options.client);
  }
}
