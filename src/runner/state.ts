// The runner's stack state: what a Pulumi backend keeps between steps, as one
// JSON file. Unlike Pulumi's, it does not encrypt secret values: keep it out of
// version control (this project writes it under .scratch/).
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
  return state;
}

/** Written whole and renamed into place, so a crash never leaves half a file. */
export function saveState(path: string, state: StackState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}
