// diff(): compare stored outputs with checked new inputs, locally. The outputs
// hold the inputs the agent was last deployed (or refreshed) with, so comparing
// the input-named keys is enough; status fields never cause a diff.
import { INPUT_KEYS } from "./input-rules";
import { sameValue } from "../core/json";
import { containsUnknown, isUnknown } from "../core/unknowns";

export interface AgentDiff {
  changes: boolean;
  /** Properties whose change replaces the agent. */
  replaces: string[];
  /** Properties that changed (or may change: unknown during preview). */
  changed: string[];
  deleteBeforeReplace: boolean;
}

/** Compared as-is. `region` is special: see below. */
const COMPARED_KEYS = INPUT_KEYS.filter((k) => k !== "region");

export function diffAgent(olds: Record<string, unknown>, news: Record<string, unknown>): AgentDiff {
  const changed: string[] = COMPARED_KEYS.filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]));

  // An omitted region means "the organization's default": the live region (an
  // output) is then whatever it resolved to, and pinning it to that later is no change.
  const region = news.region;
  if (region !== undefined && region !== null && (isUnknown(region) || region !== olds.region)) changed.push("region");

  const replaces = changed.filter((k) => k === "agentName" || k === "region");
  // Agent names are unique across regions: a replacement that keeps the name
  // must delete the old agent first, or the create would collide with it.
  const renamed = replaces.includes("agentName") && !isUnknown(news.agentName);
  return { changes: changed.length > 0, replaces, changed, deleteBeforeReplace: replaces.length > 0 && !renamed };
}
