// The agent's side of passing a PipecatSecretSet / PipecatImagePullSecret
// resource (not just a name): the set's content hash and region travel as extra
// inputs, so a rotated value redeploys the agent and a region mismatch fails at
// preview. Absent (a plain name, or state from before) means no change.
import type { CheckFailure } from "../core/check";
import { touchesUnknown } from "../core/unknowns";

/** Extra agent inputs per reference: [name input, hash input, region input, what it is]. */
export const SECRET_REFS = [
  ["secretSet", "secretSetHash", "secretSetRegion", "secret set"],
  ["imagePullSecretSet", "imagePullSecretSetHash", "imagePullSecretSetRegion", "image pull secret"],
] as const;

export interface SecretRefInputs {
  secretSetHash?: string;
  secretSetRegion?: string;
  imagePullSecretSetHash?: string;
  imagePullSecretSetRegion?: string;
}

/** A referenced set's content changed since the last deploy: Pipecat Cloud only picks it up on a redeploy. */
export function secretsRotated(inputs: SecretRefInputs, previous: SecretRefInputs): boolean {
  return SECRET_REFS.some(([, hash]) => previous[hash] !== undefined && inputs[hash] !== undefined && previous[hash] !== inputs[hash]);
}

/** Upstream rejects a set in another region with a 400, possibly after the old agent is gone: say so at preview. */
export function secretRegionFailures(known: Record<string, unknown>, unknownPaths: string[]): CheckFailure[] {
  const agentRegion = known.region;
  if (typeof agentRegion !== "string" || touchesUnknown("region", unknownPaths)) return [];
  const failures: CheckFailure[] = [];
  for (const [name, , region, what] of SECRET_REFS) {
    const setRegion = known[region];
    if (typeof setRegion !== "string" || touchesUnknown(region, unknownPaths) || setRegion === agentRegion) continue;
    const setName = typeof known[name] === "string" ? `"${known[name]}" ` : "";
    failures.push({
      property: name,
      reason: `the ${what} ${setName}is in region "${setRegion}" but the agent is in region "${agentRegion}": Pipecat Cloud requires them in the same region. Create the ${what} in "${agentRegion}" or deploy the agent to "${setRegion}"`,
    });
  }
  return failures;
}
