// The organization's regions, read once per provider host process and API origin (GET
// /regions), so that a create in a region Pipecat Cloud does not have is refused before
// anything is written, with the list of the ones it has. Shared by every resource kind,
// with the one reader of its default region (GET /properties).
import { z } from "zod";
import type { PipecatClient } from "../client/client";
import { ConfigError } from "../client/errors/ConfigError";
import { ResponseValidationError } from "../client/errors/ResponseValidationError";

const regionsSchema = z.looseObject({
  regions: z.array(z.looseObject({ code: z.string().nullish(), display_name: z.string().nullish(), displayName: z.string().nullish() })).nullish(),
});

/** `GET /regions`: each region's code and display name (the code when it has none); entries without a code are skipped. */
export async function fetchRegions(client: PipecatClient): Promise<Array<{ code: string; displayName: string }>> {
  const { data } = await client.request({ method: "GET", path: "/regions", schema: regionsSchema, safety: "idempotent" });
  return (data.regions ?? []).flatMap((r) => (r.code ? [{ code: r.code, displayName: r.display_name ?? r.displayName ?? r.code }] : []));
}

const propertiesSchema = z.looseObject({ properties: z.looseObject({ defaultRegion: z.string().nullish() }).nullish() });

/** `GET /properties`: the organization's default region; undefined when the answer does not say. */
export async function fetchDefaultRegion(client: PipecatClient): Promise<string | undefined> {
  const { data } = await client.request({ method: "GET", path: "/properties", schema: propertiesSchema, safety: "idempotent" });
  return data.properties?.defaultRegion ?? undefined;
}

/** The default region where one is needed (a build without a region, a lookup): an answer without it is an invalid response. */
export async function requireDefaultRegion(client: PipecatClient): Promise<string> {
  const region = await fetchDefaultRegion(client);
  if (region === undefined) throw new ResponseValidationError("GET", "/v1/properties", 200, "properties.defaultRegion: missing");
  return region;
}

/** By API origin: one GET per host process, shared by every resource and kind in it. */
const cache = new Map<string, Promise<string[] | undefined>>();

/** The region codes the API lists; undefined when it cannot say (the API then judges the region itself). */
export function availableRegions(client: PipecatClient): Promise<string[] | undefined> {
  let known = cache.get(client.origin);
  if (!known) {
    known = fetchRegions(client)
      .then((regions) => (regions.length > 0 ? regions.map((r) => r.code) : undefined))
      .catch(() => {
        cache.delete(client.origin); // a failed look is tried again by the next create
        return undefined;
      });
    cache.set(client.origin, known);
  }
  return known;
}

/** Refuses a region the organization does not have, naming the ones it has. An omitted region (the default) passes. */
export async function checkRegion(client: PipecatClient, region: string | undefined, what: string): Promise<void> {
  if (region === undefined) return;
  const codes = await availableRegions(client);
  if (codes === undefined || codes.includes(region)) return;
  throw new ConfigError(`${what}: region "${region}" is not one Pipecat Cloud offers; available: ${codes.join(", ")}. Nothing was created`);
}

/** Tests only: forget what was read. */
export function forgetRegions(): void {
  cache.clear();
}
