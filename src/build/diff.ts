// diff(): builds are immutable, so what changes the image (the context's hash,
// the Dockerfile, the region) replaces the build; the rest is bookkeeping.
import { sameValue } from "../core/json";
import { inputsFromState, type BuildInputs } from "./mapping";

/** Inputs whose change means a different image, hence a new build. */
export const REPLACE_KEYS: ReadonlyArray<keyof BuildInputs> = ["contextHash", "dockerfile", "region"];
const UPDATE_KEYS: ReadonlyArray<keyof BuildInputs> = ["contextDir", "exclude", "buildTimeoutSeconds"];

export function diffBuild(olds: Record<string, unknown>, news: Record<string, unknown>): { changes: boolean; replaces: string[]; deleteBeforeReplace: false } {
  const before = inputsFromState(olds);
  const after = inputsFromState(news);
  const replaces = REPLACE_KEYS.filter((key) => {
    // An omitted region means "the organization's default": whatever the build was made in still serves.
    if (key === "region" && after.region === undefined) return false;
    return !sameValue(before[key], after[key]);
  });
  const updates = UPDATE_KEYS.filter((key) => !sameValue(before[key], after[key]));
  return { changes: replaces.length + updates.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
}
