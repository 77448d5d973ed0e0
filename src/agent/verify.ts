// Read your writes: after a create or update, compare what was sent with what
// the agent reports. The spec does not say that the API honours every field
// (a `null` that should clear a secret set, say), so a write is only trusted
// once a read shows it. Pure: one snapshot in, the fields that differ out.
//
// The spec marks no response field required, so a field the response leaves out
// is unknown: it is neither judged here nor written into state by a refresh
// (`inputsFromLive`). Only a reported value counts. `null` is a reported value
// where the API uses it to say "none" (a secret set, an image pull secret, Krisp);
// for fields that cannot be null (numbers, the profile, the region) it is unknown.
import type { IgnoredField } from "../client/errors/WriteNotAppliedError";
import { sameValue } from "../core/json";
import type { AgentDetails } from "./schema";
import type { AgentInputs } from "./mapping";

/** What the agent reports for each compared input; a key is absent when the response does not say. */
export interface ReportedFields {
  image?: string;
  secretSet?: string | null;
  imagePullSecretSet?: string | null;
  maxSessionDuration?: number;
  "autoScaling.minAgents"?: number;
  "autoScaling.maxAgents"?: number;
  agentProfile?: string;
  "krispViva.audioFilter"?: string | null;
  region?: string;
}

export function reportedFields(live: AgentDetails): ReportedFields {
  const out: ReportedFields = {};
  const spec = live.deployment?.manifest?.spec;
  if (spec) {
    if (typeof spec.image === "string") out.image = spec.image;
    // A list names the bound set (an empty list, or null: none); no list says nothing.
    if (spec.envFromSecretNames === null) out.secretSet = null;
    else if (Array.isArray(spec.envFromSecretNames)) out.secretSet = spec.envFromSecretNames[0] ?? null;
    if (spec.imagePullSecretName === null || typeof spec.imagePullSecretName === "string") out.imagePullSecretSet = spec.imagePullSecretName;
    if (typeof spec.maxSessionDurationSeconds === "number") out.maxSessionDuration = spec.maxSessionDurationSeconds;
  }
  if (typeof live.autoScaling?.minReplicas === "number") out["autoScaling.minAgents"] = live.autoScaling.minReplicas;
  if (typeof live.autoScaling?.maxReplicas === "number") out["autoScaling.maxAgents"] = live.autoScaling.maxReplicas;
  if (typeof live.agentProfile === "string") out.agentProfile = live.agentProfile;
  // `krispViva: null` says Krisp is off; an object without audioFilter says nothing about it.
  if (live.krispViva === null) out["krispViva.audioFilter"] = null;
  else if (live.krispViva && "audioFilter" in live.krispViva) out["krispViva.audioFilter"] = live.krispViva.audioFilter ?? null;
  if (typeof live.region === "string") out.region = live.region;
  return out;
}

/** The value of each compared input as sent. */
function sentValues(inputs: AgentInputs): Record<keyof ReportedFields, unknown> {
  return {
    image: inputs.image,
    secretSet: inputs.secretSet ?? null,
    imagePullSecretSet: inputs.imagePullSecretSet ?? null,
    maxSessionDuration: inputs.maxSessionDuration,
    "autoScaling.minAgents": inputs.autoScaling.minAgents,
    "autoScaling.maxAgents": inputs.autoScaling.maxAgents,
    agentProfile: inputs.agentProfile,
    "krispViva.audioFilter": inputs.krispViva.audioFilter,
    region: inputs.region,
  };
}

/** The fields the live agent reports with a value other than the one sent. */
export function ignoredFields(inputs: AgentInputs, live: AgentDetails): IgnoredField[] {
  const reported = reportedFields(live);
  const sent = sentValues(inputs);
  const out: IgnoredField[] = [];
  for (const [field, seen] of Object.entries(reported) as Array<[keyof ReportedFields, unknown]>) {
    // Not sent, so nothing to judge: a build deploy's image (redacted upstream), an unpinned region.
    if (sent[field] === undefined) continue;
    if (!sameValue(sent[field], seen)) out.push({ field, sent: sent[field] ?? null, live: seen ?? null });
  }
  return out;
}

/** What a write's outcome was, judged from its answer and the agent read back afterwards. */
export type WriteVerdict =
  | { kind: "applied" }
  | { kind: "ignored"; fields: IgnoredField[] }
  /** Another deployment replaced ours right after the write; `fields` is what it changed. */
  | { kind: "redeployed-elsewhere"; ours: string; theirs: string; fields: IgnoredField[] };

export function judgeWrite(inputs: AgentInputs, answer: AgentDetails, live: AgentDetails): WriteVerdict {
  const fields = ignoredFields(inputs, live);
  if (fields.length === 0) return { kind: "applied" };
  const ours = answer.desiredDeploymentId ?? null;
  const theirs = live.desiredDeploymentId ?? null;
  if (ours && theirs && ours !== theirs) return { kind: "redeployed-elsewhere", ours, theirs, fields };
  return { kind: "ignored", fields };
}
