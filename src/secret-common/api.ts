// The /v1/secrets endpoints, on the shared client: what both secret set kinds use.
import { z } from "zod";
import type { PipecatClient } from "../client/client";
import { okSchema } from "../client/error-body";

export type SetStatus = "pending" | "ready" | "failed";

// The spec requires no response field. A missing status is a set usable now (as every set was
// before Pipecat Cloud added the field); an unknown value is "not ready yet" (wait-for-ready.ts).
const statusSchema = z.string().nullish();

export const setDetailsSchema = z.looseObject({
  region: z.string().nullish(),
  status: statusSchema,
  errorMessage: z.string().nullish(),
  secrets: z.array(z.looseObject({ fieldName: z.string().nullish() })).nullish(),
});
export type SetDetails = z.infer<typeof setDetailsSchema>;

export const setListItemSchema = z.looseObject({
  name: z.string().nullish(),
  type: z.string().nullish(),
  region: z.string().nullish(),
  status: statusSchema,
  errorMessage: z.string().nullish(),
});
export type SetListItem = z.infer<typeof setListItemSchema>;

const setListSchema = z.looseObject({ sets: z.array(setListItemSchema).nullish() });
const putAnswerSchema = z.looseObject({ status: z.string().optional(), region: z.string().optional() });

export class SecretsApi {
  constructor(readonly client: PipecatClient) {}

  /** Create or update; provisioning continues asynchronously. Repeating it converges, so it is retried like a read. */
  async putSet(name: string, body: Record<string, unknown>): Promise<{ region?: string }> {
    return (await this.client.request({ method: "PUT", path: setPath(name), body, schema: putAnswerSchema, safety: "idempotent" })).data;
  }

  /** A regular set's region, status and key names (never values); null when it does not exist. */
  async getSet(name: string): Promise<SetDetails | null> {
    const res = await this.client.request({ method: "GET", path: setPath(name), schema: setDetailsSchema, safety: "idempotent", accept: [404] });
    return res.status === 404 ? null : res.data;
  }

  /** Every set of the organization: the only way to read an image pull secret. */
  async listSets(): Promise<SetListItem[]> {
    return (await this.client.request({ method: "GET", path: "/secrets", schema: setListSchema, safety: "idempotent" })).data.sets ?? [];
  }

  /** The named set of the given type from the list (an item that does not say its type may be it), or null. */
  async findSet(name: string, type: "secret" | "imagePullSecret"): Promise<SetListItem | null> {
    return (await this.listSets()).find((s) => s.name === name && (s.type ?? type) === type) ?? null;
  }

  /** True when deleted, false when it was already gone. */
  async deleteSet(name: string): Promise<boolean> {
    const res = await this.client.request({ method: "DELETE", path: setPath(name), schema: okSchema, safety: "idempotent", accept: [404], statusOnly: true });
    return res.status !== 404;
  }

  /** Regular sets only. True when deleted, false when the key was already gone. */
  async deleteKey(name: string, key: string): Promise<boolean> {
    const path = `${setPath(name)}/${encodeURIComponent(key)}`;
    const res = await this.client.request({ method: "DELETE", path, schema: okSchema, safety: "idempotent", accept: [404], statusOnly: true });
    return res.status !== 404;
  }
}

function setPath(name: string): string {
  return `/secrets/${encodeURIComponent(name)}`;
}
