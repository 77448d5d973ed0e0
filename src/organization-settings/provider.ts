// The six methods of PipecatOrganizationSettings. One per organization: its id is "organization".
import type * as pulumi from "@pulumi/pulumi";
import { ApiCache } from "../core/api-cache";
import type { ClientOptions } from "../client/client";
import { readStackConfig, type ConfiguredSettings } from "../config";
import { REGION_PATTERN } from "../core/patterns";
import { isUnknown } from "../core/unknowns";
import type { PropertiesApi } from "./api";

type Props = Record<string, unknown>;
const ID = "organization";
const INPUT_KEYS = ["defaultRegion", "previousDefaultRegion"];

export interface OrganizationSettingsProviderOptions {
  env?: NodeJS.ProcessEnv;
  client?: Partial<ClientOptions>;
}

export class PipecatOrganizationSettingsProvider implements pulumi.dynamic.ResourceProvider {
  private configured: ConfiguredSettings = {};
  private readonly apis = new ApiCache(async () => (await import("./api")).PropertiesApi);

  constructor(private readonly options: OrganizationSettingsProviderOptions = {}) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configured = readStackConfig(req.config);
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    for (const key of Object.keys(news)) {
      if (key !== "__provider" && !INPUT_KEYS.includes(key)) failures.push({ property: key, reason: "is not a setting PipecatOrganizationSettings knows: the only one is defaultRegion" });
    }
    const region = news.defaultRegion;
    if (typeof region !== "string" ? !isUnknown(region) : !REGION_PATTERN.test(region)) {
      failures.push({ property: "defaultRegion", reason: 'must be a region code such as "us-west", "us-east", "eu-central" or "ap-south"' });
    }
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return { changes: olds.defaultRegion !== news.defaultRegion, replaces: [] };
  }

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const api = await this.api();
    const previous = (await api.defaultRegion()) ?? null;
    return { id: ID, outs: { ...(await this.apply(api, String(props.defaultRegion))), previousDefaultRegion: previous } };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const live = await (await this.api()).defaultRegion();
    // A left-out value is unknown: the stored one stays.
    const defaultRegion = live ?? props.defaultRegion;
    return { id, props: { ...props, defaultRegion }, inputs: { defaultRegion, previousDefaultRegion: props.previousDefaultRegion ?? null } };
  }

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const api = await this.api();
    return { outs: { ...(await this.apply(api, String(news.defaultRegion))), previousDefaultRegion: olds.previousDefaultRegion ?? null } };
  }

  /** An organization always has a default region: destroy leaves it as it is. */
  async delete(): Promise<void> {}

  /** PATCH, then read it back: a write the API ignored is not a success. */
  private async apply(api: PropertiesApi, region: string): Promise<Props> {
    await (await import("../core/regions")).checkRegion(api.client, region, "PipecatOrganizationSettings defaultRegion");
    await api.setDefaultRegion(region);
    const live = await api.defaultRegion();
    if (live !== undefined && live !== region) {
      throw new Error(`Pipecat Cloud accepted defaultRegion "${region}" but still reports "${live}": the setting was not applied. Check it in the dashboard, then run \`pulumi refresh\` and \`pulumi up\``);
    }
    return { defaultRegion: region };
  }

  private async api(): Promise<PropertiesApi> {
    return this.apis.forConfig(this.configured, this.options.env, this.options.client);
  }
}
