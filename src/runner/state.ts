// The runner's stack state: what a Pulumi backend keeps between steps, as one
// JSON file. Secret properties are kept inside Pulumi's secret envelope, as in
// Pulumi's own state, but unlike Pulumi's the value inside is NOT encrypted:
// keep the file out of version control (this project writes it under .scratch/).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Props } from "./host";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** Checked inputs, `__provider` included, as the engine stores them. */
  inputs: Props;
  /** Outputs, `__provider` included. */
  outputs: Props;
  /** Set when create or update failed after the resource existed: the next `up` updates it again. */
  initErrors?: string[];
  /** Top-level properties (inputs and outputs) that are secret: sealed in the file and masked in plans. */
  secretKeys?: string[];
}

export interface StackState {
  version: 1;
  /** In creation order; destroy walks it backwards. */
  resources: ResourceState[];
  /** The program's exports after the last `up`. */
  outputs: Record<string, unknown>;
}

export function emptyState(): StackState {
  return { version: 1, resources: [], outputs: {} };
}

export function loadState(path: string): StackState {
  if (!existsSync(path)) return emptyState();
  const state = JSON.parse(readFileSync(path, "utf8")) as StackState;
  if (state.version !== 1 || !Array.isArray(state.resources)) throw new Error(`${path} is not a runner state file`);
  return mapSecrets(state, (value) => (isEnvelope(value) ? value.value : value));
}

/** Written whole and renamed into place, so a crash never leaves half a file. */
export function saveState(path: string, state: StackState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(sealState(state), null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}

// Same markers as @pulumi/pulumi runtime/rpc (specialSigKey / specialSecretSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A copy with every secret property wrapped in the secret envelope: what the file and step results hold. */
export function sealState(state: StackState): StackState {
  return mapSecrets(state, (value) => (isEnvelope(value) ? value : { [SIG_KEY]: SECRET_SIG, value }));
}

function isEnvelope(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

function mapSecrets(state: StackState, seal: (value: unknown) => unknown): StackState {
  const mapProps = (props: Props, keys: string[]): Props =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.includes(k) && v !== undefined ? seal(v) : v]));
  return {
    ...state,
    resources: state.resources.map((r) =>
      r.secretKeys?.length ? { ...r, inputs: mapProps(r.inputs, r.secretKeys), outputs: mapProps(r.outputs, r.secretKeys) } : r,
    ),
  };
}
