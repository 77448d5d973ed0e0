// GET and PATCH /properties, on the shared client. Lenient as the spec allows: no field required.
import { z } from "zod";
import type { PipecatClient } from "../client/client";
import { fetchDefaultRegion } from "../core/regions";

const patchSchema = z.looseObject({ properties: z.record(z.string(), z.unknown()).nullish() });

export class PropertiesApi {
  constructor(readonly client: PipecatClient) {}

  /** The organization's default region; undefined when the answer does not say. */
  defaultRegion(): Promise<string | undefined> {
    return fetchDefaultRegion(this.client);
  }

  /** Setting a value twice sets it once: retried like a read. */
  async setDefaultRegion(region: string): Promise<void> {
    await this.client.request({ method: "PATCH", path: "/properties", body: { defaultRegion: region }, schema: patchSchema, safety: "idempotent" });
  }
}
