// Fixed platform facts the simulator serves: regions, profiles, defaults.

import type { AgentConfig, AgentProfile, SimulatorTimings } from "./types";

/** Daily-hosted regions, as `GET /v1/regions` lists them. */
export const REGIONS: ReadonlyArray<{ code: string; display_name: string }> = [
  { code: "us-west", display_name: "US West (Oregon)" },
  { code: "us-east", display_name: "US East (Virginia)" },
  { code: "eu-central", display_name: "Europe (Frankfurt)" },
  { code: "ap-south", display_name: "Asia Pacific (Mumbai)" },
];

export const REGION_CODES: ReadonlyArray<string> = REGIONS.map((r) => r.code);

export const AGENT_PROFILES: Record<AgentProfile, { cpu: string; memory: string }> = {
  "agent-1x": { cpu: "500m", memory: "1Gi" },
  "agent-2x": { cpu: "1", memory: "2Gi" },
  "agent-3x": { cpu: "1500m", memory: "3Gi" },
};

export const MIN_SESSION_DURATION = 60;
export const MAX_SESSION_DURATION = 14400;

/** What an agent gets for every field the create request leaves out. */
export const DEFAULT_AGENT_CONFIG: Omit<AgentConfig, "image" | "buildId"> = {
  nodeType: "arm",
  secretSet: null,
  imagePullSecretSet: null,
  autoScaling: { minAgents: 0, maxAgents: 50 },
  krispViva: { audioFilter: null },
  agentProfile: "agent-1x",
  maxSessionDuration: null,
  enableKrisp: false,
  enableIntegratedKeysProxy: false,
  websocketAuth: null,
};

/** The lifecycle timings used unless `SimulatorOptions.timings` says otherwise. Short on purpose: a demo deploy is ready in about two seconds. */
export const DEFAULT_TIMINGS: SimulatorTimings = {
  reconcileMs: 300,
  validatingMs: 800,
  readyMs: 2000,
  failMs: 1500,
  drainingMs: 1000,
  secretReadyMs: 500,
  buildQueueMs: 300,
  buildRunMs: 1200,
};

export const DEFAULT_REGION = "us-west";

/**
 * Simulator convention: a secret set with a value containing this text (for an
 * image pull secret, in the decoded `username:password`) ends up `failed`
 * instead of `ready`, with an errorMessage. Like the `crash` image tag.
 */
export const FAILING_SECRET_MARKER = "provision-fail";

/** How a PUT to an existing regular set treats the keys it does not mention (upstream: undocumented). */
export type SecretPutSemantics = "merge" | "replace";

/** Fixed identity of the simulated organization. */
export const ORGANIZATION_ID = "00000000-0000-4000-8000-00000000a11c";
export const NAMESPACE = "simulated-org";

/** What the manifest shows instead of the image when an agent is deployed from a build. */
export const REDACTED_IMAGE = "[REDACTED]";
