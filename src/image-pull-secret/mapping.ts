// Pure translations for PipecatImagePullSecret: inputs → the PUT body (the
// credential encoded as the API wants it), API answers → outputs.
import { jsonSafe, withoutUndefined } from "../core/json";
import { contentHash } from "../secret-common/hash";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/input-rules";
import { DOCKER_HUB } from "./input-rules";

export interface ImagePullSecretInputs {
  setName: string;
  region?: string;
  host: string;
  username: string;
  password: string;
  readyTimeoutSeconds: number;
}

export interface ImagePullSecretOutputs extends ImagePullSecretInputs {
  region: string;
  requestedRegion: string | null;
  status: string;
  /** Changes whenever host, username or password does; a secret output. */
  contentHash: string;
}

/** Body of `PUT /v1/secrets/{setName}`: the credential is base64 of `username:password`. */
export function toPutBody(inputs: ImagePullSecretInputs): Record<string, unknown> {
  return withoutUndefined({
    isImagePullSecret: true,
    host: inputs.host,
    secretValue: Buffer.from(`${inputs.username}:${inputs.password}`, "utf8").toString("base64"),
    region: inputs.region,
  });
}

/** Does the API hold anything that differs? (Only the wait changed otherwise.) */
export function credentialChanged(a: ImagePullSecretInputs, b: ImagePullSecretInputs): boolean {
  return a.host !== b.host || a.username !== b.username || a.password !== b.password;
}

export function toOutputs(inputs: ImagePullSecretInputs, live: { region: string; status: string }): ImagePullSecretOutputs {
  return jsonSafe({
    ...inputs,
    region: live.region,
    requestedRegion: inputs.region ?? null,
    status: live.status,
    contentHash: contentHash(inputs.setName, { host: inputs.host, username: inputs.username, password: inputs.password }),
  });
}

export function inputsFromState(state: Record<string, unknown>): ImagePullSecretInputs {
  const region = "requestedRegion" in state ? ((state.requestedRegion as string | null) ?? undefined) : (state.region as string | undefined);
  return jsonSafe({
    setName: String(state.setName ?? ""),
    region,
    host: (state.host as string | undefined) ?? DOCKER_HUB,
    username: String(state.username ?? ""),
    password: String(state.password ?? ""),
    readyTimeoutSeconds: (state.readyTimeoutSeconds as number | undefined) ?? DEFAULT_SET_READY_TIMEOUT_SECONDS,
  });
}
