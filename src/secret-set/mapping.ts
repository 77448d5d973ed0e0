// Pure translations for PipecatSecretSet: inputs → request bodies, which keys an
// update must send or delete, and API answers → outputs.
import { jsonSafe, withoutUndefined } from "../core/json";
import { contentHash } from "../secret-common/hash";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/input-rules";

export interface SecretSetInputs {
  setName: string;
  region?: string;
  secrets: Record<string, string>;
  readyTimeoutSeconds: number;
}

export interface SecretSetOutputs extends SecretSetInputs {
  /** The live region; the `region` input may be unset (organization default). */
  region: string;
  /** What the program asked for, null for the organization default. */
  requestedRegion: string | null;
  status: string;
  /** Key names, sorted: not secret. */
  keys: string[];
  /** Changes whenever any key or value changes; a secret output. */
  contentHash: string;
}

/** A key found upstream that the stack never set: its value is unknowable (values are never returned). */
export const UNKNOWN_VALUE = "(set outside Pulumi)";

/** Body of `PUT /v1/secrets/{setName}` for the given entries. */
export function toPutBody(inputs: SecretSetInputs, entries: Record<string, string>): Record<string, unknown> {
  return withoutUndefined({
    secrets: Object.entries(entries).map(([secretKey, secretValue]) => ({ secretKey, secretValue })),
    region: inputs.region,
  });
}

/** What an update sends: new or changed values only, and the keys to delete. */
export function planUpdate(previous: Record<string, string>, next: Record<string, string>): { put: Record<string, string>; remove: string[] } {
  const put = Object.fromEntries(Object.entries(next).filter(([k, v]) => previous[k] !== v));
  const remove = Object.keys(previous).filter((k) => !(k in next)).sort();
  return { put, remove };
}

export function toOutputs(inputs: SecretSetInputs, live: { region: string; status: string; keys: string[] }): SecretSetOutputs {
  return jsonSafe({
    ...inputs,
    region: live.region,
    requestedRegion: inputs.region ?? null,
    status: live.status,
    keys: [...live.keys].sort(),
    contentHash: contentHash(inputs.setName, inputs.secrets),
  });
}

/** The inputs that would describe the live set: keys as they are upstream, values as last applied. */
export function inputsFromLive(previous: SecretSetInputs, live: { region: string; keys: string[] }): SecretSetInputs {
  const secrets = Object.fromEntries(live.keys.map((k) => [k, previous.secrets[k] ?? UNKNOWN_VALUE]));
  return { ...previous, region: previous.region === undefined ? undefined : live.region, secrets };
}

/** Inputs from checked inputs or stored outputs (where `region` is live and `requestedRegion` what was asked). */
export function inputsFromState(state: Record<string, unknown>): SecretSetInputs {
  const region = "requestedRegion" in state ? ((state.requestedRegion as string | null) ?? undefined) : (state.region as string | undefined);
  return jsonSafe({
    setName: String(state.setName ?? ""),
    region,
    secrets: { ...((state.secrets as Record<string, string> | undefined) ?? {}) },
    readyTimeoutSeconds: (state.readyTimeoutSeconds as number | undefined) ?? DEFAULT_SET_READY_TIMEOUT_SECONDS,
  });
}

/** The key names the set reports, sorted; undefined when the answer does not list them (unknown, not empty). */
export function liveKeys(set: { secrets?: Array<{ fieldName?: string | null }> | null }): string[] | undefined {
  if (!Array.isArray(set.secrets)) return undefined;
  return set.secrets.map((s) => s.fieldName).filter((k): k is string => typeof k === "string").sort();
}
