// Agent configuration: applying a (partial) request to the current
// configuration, deciding whether the change needs a new deployment, and
// rendering the deployment manifest. Pure functions, no state.

import {
  AGENT_PROFILES,
  DEFAULT_AGENT_CONFIG,
  NAMESPACE,
  REDACTED_IMAGE,
} from "./catalog";
import { badRequest } from "./errors";
import type { AgentConfig, AgentProfile, AudioFilter, Manifest, WebsocketAuth } from "./types";

/**
 * A validated create/update body. For every field: `undefined` = omitted
 * (keep the current value), `null` = reset to the platform default, a value =
 * set it.
 *
 * The null-clears convention is a simulator decision: the real API documents
 * `krispViva.audioFilter: null` but not how to unset `secretSet`,
 * `imagePullSecretSet` or `maxSessionDuration`, so the simulator treats a JSON
 * `null` on any optional field as "back to the default".
 */
export interface AgentPatch {
  image?: string | null;
  buildId?: string | null;
  secretSet?: string | null;
  imagePullSecretSet?: string | null;
  autoScaling?: { minAgents?: number | null; maxAgents?: number | null } | null;
  krispViva?: { audioFilter?: AudioFilter } | null;
  agentProfile?: AgentProfile | null;
  maxSessionDuration?: number | null;
  enableKrisp?: boolean | null;
  enableIntegratedKeysProxy?: boolean | null;
  forceRedeploy?: boolean | null;
  websocketAuth?: WebsocketAuth | null;
}

/** Returns the configuration that results from applying `patch` to `base`. */
export function applyPatch(base: AgentConfig, patch: AgentPatch): AgentConfig {
  const d = DEFAULT_AGENT_CONFIG;
  const pick = <T>(value: T | null | undefined, current: T, fallback: T): T =>
    value === undefined ? current : value === null ? fallback : value;

  let { image, buildId } = base;
  if (patch.image != null) [image, buildId] = [patch.image, null];
  if (patch.buildId != null) [image, buildId] = [null, patch.buildId];

  const scaling = patch.autoScaling;
  const autoScaling =
    scaling === undefined
      ? { ...base.autoScaling }
      : scaling === null
        ? { ...d.autoScaling }
        : {
            minAgents: pick(scaling.minAgents, base.autoScaling.minAgents, d.autoScaling.minAgents),
            maxAgents: pick(scaling.maxAgents, base.autoScaling.maxAgents, d.autoScaling.maxAgents),
          };
  if (autoScaling.minAgents > autoScaling.maxAgents) {
    throw badRequest(
      `Invalid parameters: autoScaling.minAgents (${autoScaling.minAgents}) must not exceed autoScaling.maxAgents (${autoScaling.maxAgents})`,
    );
  }

  // `krispViva: {}` (what the pcc CLI sends when Krisp is off) counts as "omitted":
  // the real server's reading of it is undocumented.
  const krisp = patch.krispViva;
  const audioFilter =
    krisp === null
      ? null
      : pick(krisp?.audioFilter, base.krispViva.audioFilter, d.krispViva.audioFilter);

  return {
    image,
    buildId,
    nodeType: "arm",
    secretSet: pick(patch.secretSet, base.secretSet, d.secretSet),
    imagePullSecretSet: pick(patch.imagePullSecretSet, base.imagePullSecretSet, d.imagePullSecretSet),
    autoScaling,
    krispViva: { audioFilter },
    agentProfile: pick(patch.agentProfile, base.agentProfile, d.agentProfile),
    maxSessionDuration: pick(patch.maxSessionDuration, base.maxSessionDuration, d.maxSessionDuration),
    enableKrisp: pick(patch.enableKrisp, base.enableKrisp, d.enableKrisp),
    enableIntegratedKeysProxy: pick(
      patch.enableIntegratedKeysProxy,
      base.enableIntegratedKeysProxy,
      d.enableIntegratedKeysProxy,
    ),
    websocketAuth: pick(patch.websocketAuth, base.websocketAuth, d.websocketAuth),
  };
}

/**
 * Whether two configurations differ in anything that rolls pods. Scaling is
 * deliberately left out: upstream applies min/max agents in place without a
 * new deployment.
 */
export function needsNewDeployment(a: AgentConfig, b: AgentConfig): boolean {
  return (
    a.image !== b.image ||
    a.buildId !== b.buildId ||
    a.nodeType !== b.nodeType ||
    a.secretSet !== b.secretSet ||
    a.imagePullSecretSet !== b.imagePullSecretSet ||
    a.krispViva.audioFilter !== b.krispViva.audioFilter ||
    a.agentProfile !== b.agentProfile ||
    a.maxSessionDuration !== b.maxSessionDuration ||
    a.enableKrisp !== b.enableKrisp ||
    a.enableIntegratedKeysProxy !== b.enableIntegratedKeysProxy ||
    a.websocketAuth !== b.websocketAuth
  );
}

export function sameScaling(a: AgentConfig, b: AgentConfig): boolean {
  return a.autoScaling.minAgents === b.autoScaling.minAgents && a.autoScaling.maxAgents === b.autoScaling.maxAgents;
}

export function buildManifest(name: string, config: AgentConfig): Manifest {
  const spec: Manifest["spec"] = {
    dailyNodeType: config.nodeType,
    image: config.image ?? REDACTED_IMAGE,
    autoScaling: { minReplicas: config.autoScaling.minAgents, maxReplicas: config.autoScaling.maxAgents },
    resources: { ...AGENT_PROFILES[config.agentProfile] },
    krispViva: { audioFilters: config.krispViva.audioFilter !== null },
  };
  // None is said explicitly (one plausible reading; `omitOptionalFields` leaves both out instead).
  spec.imagePullSecretName = config.imagePullSecretSet;
  spec.envFromSecretNames = config.secretSet === null ? [] : [config.secretSet];
  // Legacy Krisp only shows up in the manifest when someone still turns it on.
  if (config.enableKrisp) spec.krispModels = { enabled: true };
  if (config.maxSessionDuration !== null) spec.maxSessionDurationSeconds = config.maxSessionDuration;
  return {
    apiVersion: "pipecatcloud.daily.co/v1",
    kind: "PCService",
    metadata: { name, namespace: NAMESPACE },
    spec,
  };
}
