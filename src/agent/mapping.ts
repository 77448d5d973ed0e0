// Pure translations: checked inputs → API request bodies, and API responses →
// resource outputs (plus inputs reconciled from live state, for refresh).
import { jsonSafe, withoutUndefined } from "../core/json";
import { DEFAULTS, INPUT_KEYS, PROVIDER_ONLY_KEYS } from "./input-rules";
import { reportedFields } from "./verify";
import type { AgentDetails } from "./schema";
import { secretsRotated, type SecretRefInputs } from "./secret-refs";

export type AgentProfile = "agent-1x" | "agent-2x" | "agent-3x";
export type AudioFilter = "tel" | "pro" | null;

/** Inputs after check(): defaults filled in. */
export interface AgentInputs extends SecretRefInputs {
  agentName: string;
  image?: string;
  buildId?: string;
  region?: string;
  nodeType: "arm";
  imagePullSecretSet?: string;
  secretSet?: string;
  autoScaling: { minAgents: number; maxAgents: number };
  krispViva: { audioFilter: AudioFilter };
  enableKrisp?: boolean;
  agentProfile: AgentProfile;
  maxSessionDuration: number;
  enableManagedKeys?: boolean;
  websocketAuth?: "none" | "token";
  waitForReady: boolean;
  readyTimeoutSeconds: number;
  redeployTrigger?: string;
  adoptExisting?: boolean;
  allowRegionMoveDowntime?: boolean;
}

/** Fields the API sends back about the agent and its deployment. */
export interface AgentStatus {
  name: string;
  /** The live region; the `region` input may be unset (organization default). */
  region: string;
  /** The region the program asked for, null for the organization default: lets refresh tell the two apart. */
  requestedRegion: string | null;
  ready: boolean;
  available: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  desiredDeploymentId: string | null;
  reconciledDeploymentId: string | null;
  activeDeploymentId: string | null;
  activeDeploymentReady: boolean | null;
  activeSessionCount: number;
  deployment: Record<string, unknown> | null;
  currentRevision: Record<string, unknown> | null;
  previousRevision: Record<string, unknown> | null;
  deploymentErrors: Array<Record<string, unknown>>;
  /** CPU and memory of one agent instance, from the deployment's manifest; null when not reported. */
  resources: { cpu: string | null; memory: string | null } | null;
  /** The agent's public start endpoint on the API the provider talks to; null when that is not known. */
  startUrl: string | null;
  /** The API's `warning` on the last create or update (e.g. "no changes detected"); null when none. */
  warning: string | null;
}

export type AgentOutputs = AgentInputs & AgentStatus;

/** Body of `POST /v1/agents`: only documented fields, nothing provider-only. */
export function toCreateBody(inputs: AgentInputs): Record<string, unknown> {
  return withoutUndefined({
    serviceName: inputs.agentName,
    region: inputs.region,
    ...deploymentFields(inputs),
  });
}

/**
 * Body of `POST /v1/agents/{agentName}`: the whole desired configuration, so the
 * agent converges whatever was changed out of band. The API keeps omitted fields,
 * so an input the user removed is sent explicitly: defaults were filled in by
 * check(), and a removed secret set reference is sent as `null`.
 */
export function toUpdateBody(inputs: AgentInputs, previous: Partial<AgentInputs>): Record<string, unknown> {
  const body: Record<string, unknown> = deploymentFields(inputs);
  if (previous.secretSet !== undefined && inputs.secretSet === undefined) body.secretSet = null;
  if (previous.imagePullSecretSet !== undefined && inputs.imagePullSecretSet === undefined) body.imagePullSecretSet = null;
  if (previous.enableKrisp !== undefined && inputs.enableKrisp === undefined) body.enableKrisp = false;
  if (previous.enableManagedKeys !== undefined && inputs.enableManagedKeys === undefined) body.enableIntegratedKeysProxy = false;
  if (redeployRequested(inputs, previous)) body.forceRedeploy = true;
  if (secretsRotated(inputs, previous)) body.forceRedeploy = true;
  return withoutUndefined(body);
}

function deploymentFields(inputs: AgentInputs): Record<string, unknown> {
  return {
    image: inputs.image,
    buildId: inputs.buildId,
    nodeType: inputs.nodeType,
    imagePullSecretSet: inputs.imagePullSecretSet,
    secretSet: inputs.secretSet,
    autoScaling: { minAgents: inputs.autoScaling.minAgents, maxAgents: inputs.autoScaling.maxAgents },
    krispViva: { audioFilter: inputs.krispViva.audioFilter },
    agentProfile: inputs.agentProfile,
    maxSessionDuration: inputs.maxSessionDuration,
    // Deprecated upstream; sent only when the user set them.
    enableKrisp: inputs.enableKrisp,
    // The API's field name for what the seed docs called enableManagedKeys.
    enableIntegratedKeysProxy: inputs.enableManagedKeys,
    // Undocumented in the OpenAPI spec, with a disputed default: sent only when set.
    websocketAuth: inputs.websocketAuth,
  };
}

/**
 * A redeploy is asked for by a new, non-empty `redeployTrigger`. Removing the
 * trigger (or emptying it) asks for nothing: it must not redeploy.
 */
export function redeployRequested(inputs: Partial<AgentInputs>, previous: Partial<AgentInputs>): boolean {
  return inputs.redeployTrigger !== undefined && inputs.redeployTrigger !== "" && inputs.redeployTrigger !== previous.redeployTrigger;
}

/** What an update can change: not the name or region (those replace), nothing provider-only; the trigger is judged apart. */
const API_KEYS = INPUT_KEYS.filter((k) => k !== "agentName" && k !== "region" && k !== "redeployTrigger" && !PROVIDER_ONLY_KEYS.includes(k));

/** Does sending `inputs` over `previous` change anything the API knows about? */
export function apiConfigChanged(inputs: AgentInputs, previous: Partial<AgentInputs>): boolean {
  return redeployRequested(inputs, previous) || API_KEYS.some((k) => JSON.stringify(inputs[k as keyof AgentInputs] ?? null) !== JSON.stringify(previous[k as keyof AgentInputs] ?? null));
}

/**
 * The live status as outputs: every key present, absent values as null (outputs
 * must be JSON-safe). The spec requires no response field, so what the API left
 * out falls back to what was asked for (name, region) or to "not ready".
 */
export function toStatus(agent: AgentDetails, asked: { agentName: string; region?: string } = { agentName: "" }): Omit<AgentStatus, "requestedRegion" | "startUrl" | "warning"> {
  const ready = agent.ready ?? agent.activeDeploymentReady ?? false;
  return jsonSafe({
    name: agent.name ?? asked.agentName,
    region: agent.region ?? asked.region ?? "",
    ready,
    // `available` arrived in 2026; older responses only have `ready`.
    available: agent.available ?? ready,
    createdAt: agent.createdAt ?? null,
    updatedAt: agent.updatedAt ?? null,
    desiredDeploymentId: agent.desiredDeploymentId ?? agent.activeDeploymentId ?? null,
    reconciledDeploymentId: agent.reconciledDeploymentId ?? null,
    activeDeploymentId: agent.activeDeploymentId ?? null,
    activeDeploymentReady: agent.activeDeploymentReady ?? null,
    activeSessionCount: agent.activeSessionCount ?? 0,
    // The manifest restates the inputs (and doubles an agent's state): keep what identifies the deployment.
    deployment: agent.deployment ? deploymentSummary(agent.deployment) : null,
    currentRevision: agent.currentRevision ?? null,
    previousRevision: agent.previousRevision ?? null,
    // Entries may be plain strings: one shape for programs to read.
    deploymentErrors: (agent.errors ?? []).map((e) => (typeof e === "string" ? { message: e } : e)),
    resources: resourcesOf(agent),
  });
}

function resourcesOf(agent: AgentDetails): AgentStatus["resources"] {
  const resources = agent.deployment?.manifest?.spec?.resources as { cpu?: unknown; memory?: unknown } | null | undefined;
  if (!resources || typeof resources !== "object") return null;
  const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
  return { cpu: text(resources.cpu), memory: text(resources.memory) };
}

/** Where a session of the agent starts: `POST {origin}/v1/public/{agentName}/start` (with a Public key). */
export function startUrlOf(origin: string | undefined, agentName: string): string | null {
  return origin ? `${origin}/v1/public/${encodeURIComponent(agentName)}/start` : null;
}

/** `origin`: the API's origin, for `startUrl`; `warning`: the last write's, or the stored one on a read. */
export function toOutputs(inputs: AgentInputs, agent: AgentDetails, extra: { origin?: string; warning?: string | null } = {}): AgentOutputs {
  return jsonSafe({
    ...inputs,
    ...toStatus(agent, inputs),
    requestedRegion: inputs.region ?? null,
    startUrl: startUrlOf(extra.origin, agent.name ?? inputs.agentName),
    warning: extra.warning ?? null,
  });
}

/**
 * What the agent's inputs would be to describe its live state: the basis of drift
 * detection after `pulumi refresh`. Provider-only inputs are kept as they were;
 * values the API does not echo back (buildId) are kept too.
 */
export function inputsFromLive(previous: AgentInputs, agent: AgentDetails): AgentInputs {
  // What the response leaves out is unknown: the stored value stays (see verify.ts).
  const reported = reportedFields(agent);
  const live: AgentInputs = {
    ...previous,
    agentName: agent.name ?? previous.agentName,
    // Only pin the region as an input if the user pinned it; otherwise it stays an output.
    region: previous.region === undefined ? undefined : (reported.region ?? previous.region),
    autoScaling: {
      minAgents: reported["autoScaling.minAgents"] ?? previous.autoScaling.minAgents,
      maxAgents: reported["autoScaling.maxAgents"] ?? previous.autoScaling.maxAgents,
    },
    krispViva: "krispViva.audioFilter" in reported ? { audioFilter: normalizeAudioFilter(reported["krispViva.audioFilter"]) } : previous.krispViva,
    agentProfile: (reported.agentProfile as AgentProfile | undefined) ?? previous.agentProfile,
    // Like region: an omitted websocketAuth stays omitted (the platform's choice); a set one
    // follows the live value when the API echoes it, and is kept as it was when it does not.
    websocketAuth: previous.websocketAuth === undefined ? undefined : normalizeWebsocketAuth(agent.websocketAuth) ?? previous.websocketAuth,
    maxSessionDuration: reported.maxSessionDuration ?? previous.maxSessionDuration,
    nodeType: (agent.deployment?.manifest?.spec?.dailyNodeType as "arm" | undefined) ?? previous.nodeType,
  };
  // Image is redacted for build deploys: keep what was deployed by buildId as it was.
  if (previous.buildId === undefined && reported.image !== undefined) live.image = reported.image;
  if ("secretSet" in reported) live.secretSet = reported.secretSet ?? undefined;
  if ("imagePullSecretSet" in reported) live.imagePullSecretSet = reported.imagePullSecretSet ?? undefined;
  return jsonSafe(live);
}

function normalizeWebsocketAuth(value: string | null | undefined): "none" | "token" | undefined {
  return value === "none" || value === "token" ? value : undefined;
}

function normalizeAudioFilter(value: string | null | undefined): AudioFilter {
  return value === "tel" || value === "pro" ? value : null;
}

/**
 * Inputs from what Pulumi hands the provider: checked inputs, or stored outputs
 * (where `region` is the live one and `requestedRegion` what was asked for).
 * Tolerant of state written by older versions.
 */
export function inputsFromState(state: Record<string, unknown>): AgentInputs {
  const s = state as Partial<AgentInputs>;
  const region = "requestedRegion" in state ? (state.requestedRegion as string | null) ?? undefined : s.region;
  return jsonSafe({
    agentName: String(s.agentName ?? (state.name as string | undefined) ?? ""),
    image: s.image,
    buildId: s.buildId,
    region,
    nodeType: s.nodeType ?? DEFAULTS.nodeType,
    imagePullSecretSet: s.imagePullSecretSet,
    secretSet: s.secretSet,
    autoScaling: {
      minAgents: s.autoScaling?.minAgents ?? DEFAULTS.minAgents,
      maxAgents: s.autoScaling?.maxAgents ?? DEFAULTS.maxAgents,
    },
    krispViva: { audioFilter: normalizeAudioFilter(s.krispViva?.audioFilter) },
    enableKrisp: s.enableKrisp,
    agentProfile: s.agentProfile ?? DEFAULTS.agentProfile,
    maxSessionDuration: s.maxSessionDuration ?? DEFAULTS.maxSessionDuration,
    enableManagedKeys: s.enableManagedKeys,
    websocketAuth: s.websocketAuth,
    waitForReady: s.waitForReady ?? DEFAULTS.waitForReady,
    readyTimeoutSeconds: s.readyTimeoutSeconds ?? DEFAULTS.readyTimeoutSeconds,
    redeployTrigger: s.redeployTrigger,
    adoptExisting: s.adoptExisting,
    allowRegionMoveDowntime: s.allowRegionMoveDowntime,
    secretSetHash: s.secretSetHash,
    secretSetRegion: s.secretSetRegion,
    imagePullSecretSetHash: s.imagePullSecretSetHash,
    imagePullSecretSetRegion: s.imagePullSecretSetRegion,
  });
}

function deploymentSummary(deployment: NonNullable<AgentDetails["deployment"]>): Record<string, unknown> {
  const { id, serviceId, createdAt, updatedAt } = deployment;
  return { id, serviceId, createdAt, updatedAt };
}
