// diff() for both secret set kinds: the set's name and region replace it,
// everything else (values, the wait) is an in-place update.
import { sameValue } from "../core/json";
import { containsUnknown, isUnknown } from "../core/unknowns";

export interface SetDiff {
  changes: boolean;
  replaces: string[];
  changed: string[];
  deleteBeforeReplace: boolean;
}

/** `compared`: the inputs besides setName and region. */
export function diffSet(olds: Record<string, unknown>, news: Record<string, unknown>, compared: readonly string[]): SetDiff {
  const changed = ["setName", ...compared].filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]));
  // An omitted region is the organization's default: pinning the live one later is no change.
  const region = news.region;
  if (region !== undefined && region !== null && (isUnknown(region) || region !== olds.region)) changed.push("region");
  const replaces = changed.filter((k) => k === "setName" || k === "region");
  // Names are unique: a new region under the same name must delete the old set first.
  const renamed = replaces.includes("setName") && !isUnknown(news.setName);
  return { changes: changed.length > 0, replaces, changed, deleteBeforeReplace: replaces.length > 0 && !renamed };
}
