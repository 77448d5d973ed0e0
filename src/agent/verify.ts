// Read your writes: after a create or update, compare what was sent with what
// the agent reports. The spec does not say that the API honours every field
// (a `null` that should clear a secret set, say), so a write is only trusted
// once a read shows it. Pure: one snapshot in, the fields that differ out.
// A field the response leaves out cannot be judged and is skipped.
import type { IgnoredField } from "../client/errors/WriteNotAppliedError";
import { sameValue } from "../core/json";
import { DEFAULTS } from "./input-rules";
import type { AgentDetails } from "./schema";
import type { AgentInputs } from "./mapping";

export function ignoredFields(inputs: AgentInputs, live: AgentDetails): IgnoredField[] {
  const out: IgnoredField[] = [];
  const compare = (field: string, sent: unknown, seen: unknown) => {
    if (!sameValue(sent, seen)) out.push({ field, sent: sent ?? null, live: seen ?? null });
  };

  const spec = live.deployment?.manifest?.spec;
  if (spec) {
    // The image is redacted for build deploys; the build id is never echoed.
    if (inputs.image !== undefined && typeof spec.image === "string") compare("image", inputs.image, spec.image);
    compare("secretSet", inputs.secretSet, spec.envFromSecretNames?.[0]);
    compare("imagePullSecretSet", inputs.imagePullSecretSet, spec.imagePullSecretName);
    // Absent means the platform default.
    compare("maxSessionDuration", inputs.maxSessionDuration, spec.maxSessionDurationSeconds ?? DEFAULTS.maxSessionDuration);
  }
  const scaling = live.autoScaling;
  if (typeof scaling?.minReplicas === "number") compare("autoScaling.minAgents", inputs.autoScaling.minAgents, scaling.minReplicas);
  if (typeof scaling?.maxReplicas === "number") compare("autoScaling.maxAgents", inputs.autoScaling.maxAgents, scaling.maxReplicas);
  if (typeof live.agentProfile === "string") compare("agentProfile", inputs.agentProfile, live.agentProfile);
  if (live.krispViva) compare("krispViva.audioFilter", inputs.krispViva.audioFilter, live.krispViva.audioFilter);
  if (inputs.region !== undefined && typeof live.region === "string") compare("region", inputs.region, live.region);
  return out;
}
