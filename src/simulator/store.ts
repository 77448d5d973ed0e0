// The simulator's state: agents, their deployments, secret sets and seeded
// builds. No HTTP here; every method either returns an API response body or
// throws an ApiError. Time only enters through `now()`.

import { randomUUID } from "node:crypto";
import { DEFAULT_AGENT_CONFIG, DEFAULT_REGION, FAILING_SECRET_MARKER, ORGANIZATION_ID, REGION_CODES, type SecretPutSemantics } from "./catalog";
import { applyPatch, buildManifest, needsNewDeployment, sameScaling, type AgentPatch } from "./config";
import { BuildRegistry } from "./builds";
import { ApiError, badRequest, conflict, notFound } from "./errors";
import { deploymentLogLines, emptyActivity, findSession, newSession, queryLogs, querySessions, type AgentActivity, type SessionRecord } from "./sessions";
import { describeLifecycle, outcomeOf, type DeploymentRecord } from "./lifecycle";
import type {
  AgentConfig,
  AgentSnapshot,
  DeploymentView,
  SecretSetSnapshot,
  SecretSetStatus,
  SecretSetType,
  SeededBuild,
  SeededSecretSet,
  ServiceDetails,
  ServiceListItem,
  SimulatorTimings,
  WebsocketAuth,
} from "./types";
import { isObject, type CreateAgentRequest, type SecretSetPut } from "./validation";

/** Text of the top-level `warning` an update gets when it changes nothing. */
export const NO_CHANGE_WARNING =
  "No changes detected in the agent configuration; the current deployment was kept. Set forceRedeploy to true to deploy again anyway.";

interface AgentRecord {
  name: string;
  region: string;
  serviceId: string;
  createdAt: number;
  updatedAt: number;
  config: AgentConfig;
  deployments: DeploymentRecord[];
  activeSessionCount: number;
  /** Its logs and sessions (sessions.ts). */
  activity: AgentActivity;
}

interface SecretSetRecord {
  name: string;
  type: SecretSetType;
  region: string;
  values: Map<string, string>;
  host?: string;
  updatedAt: number;
  /** `pending` until this time (ms), then `ready`, or `failed` when `failure` is set. */
  pendingUntil: number;
  failure?: string;
}

export interface StoreOptions {
  now: () => number;
  timings: SimulatorTimings;
  defaultRegion: string;
  builds: SeededBuild[];
  secretSets: SeededSecretSet[];
  /** Behaviour switches at start-up (and after each reset). */
  behaviour?: Partial<SimulatorBehaviour>;
  /** What an agent that never set `websocketAuth` reports (the real default is disputed). */
  websocketAuthDefault: WebsocketAuth;
  /** Whether GET reports `websocketAuth` at all (the real API's responses do not document it). */
  echoWebsocketAuth: boolean;
  /** What a PUT does to keys it does not mention; default merge. */
  secretPut?: SecretPutSemantics;
}

/** Where the real API's behaviour is uncertain, each plausible one, switchable at run time. */
export interface SimulatorBehaviour {
  /**
   * Update bodies: ignore fields sent as `null` (keep the current value), as the
   * official clients' habit of stripping nulls suggests the real API might,
   * instead of resetting them to the default. `krispViva.audioFilter: null` is
   * documented and always honoured.
   */
  ignoreNullsOnUpdate: boolean;
  /**
   * Agent responses leave out every optional field the spec allows them to (it requires
   * none): `agentProfile`, `autoScaling`, `krispViva`, and the manifest's
   * `maxSessionDurationSeconds`, `envFromSecretNames` and `imagePullSecretName`. A lenient
   * but legal API; a client must read what is missing as unknown, not as a default.
   */
  omitOptionalFields: boolean;
  /**
   * Update bodies: refuse `secretSet: null` and `imagePullSecretSet: null` with a 400, as a
   * strict API would (the spec documents no way to unbind a set), instead of unbinding.
   */
  rejectNullSecretSets: boolean;
}

/** The properties endpoints' answer (PATCH /properties, GET /properties/schema). */
export interface PropertiesView {
  properties: Record<string, { type: string; description: string; readOnly: boolean; default: unknown; currentValue: unknown; availableValues: string[] }>;
}

export const DEFAULT_BEHAVIOUR: SimulatorBehaviour = { ignoreNullsOnUpdate: false, omitOptionalFields: false, rejectNullSecretSets: false };

const iso = (ms: number) => new Date(ms).toISOString();

export class SimulatorStore {
  private readonly agentsByName = new Map<string, AgentRecord>();
  private readonly sets = new Map<string, SecretSetRecord>();
  /** Uploads and cloud builds (builds.ts). */
  readonly builds: BuildRegistry;
  behaviour: SimulatorBehaviour = { ...DEFAULT_BEHAVIOUR };

  constructor(private readonly options: StoreOptions) {
    this.builds = new BuildRegistry(options.now, options.timings, options.builds);
    this.reset();
  }

  setBehaviour(change: Partial<SimulatorBehaviour>): SimulatorBehaviour {
    for (const [key, value] of Object.entries(change)) {
      if (!(key in DEFAULT_BEHAVIOUR)) throw badRequest(`unknown simulator behaviour '${key}'`);
      if (typeof value !== "boolean") throw badRequest(`simulator behaviour '${key}' must be true or false`);
    }
    this.behaviour = { ...this.behaviour, ...change };
    return { ...this.behaviour };
  }

  /** The organization's default region: the start-up one until PATCH /properties changes it (a reset restores it). */
  private orgDefaultRegion = "";

  get defaultRegion(): string {
    return this.orgDefaultRegion;
  }

  /** PATCH /properties: `{ defaultRegion }`, validated against the regions, as the spec's examples answer. */
  patchProperties(body: unknown): PropertiesView {
    if (!isObject(body) || Object.keys(body).length === 0) throw badRequest("No properties provided");
    for (const key of Object.keys(body)) if (key !== "defaultRegion") throw badRequest(`Property '${key}' is not a valid property`);
    const region = body.defaultRegion;
    if (typeof region !== "string" || !REGION_CODES.includes(region)) {
      throw badRequest(`Region '${String(region)}' is not available. Available regions: ${REGION_CODES.join(", ")}`);
    }
    this.orgDefaultRegion = region;
    return this.propertiesSchema();
  }

  /** GET /properties/schema, and PATCH /properties's answer: each property with its current value. */
  propertiesSchema(): PropertiesView {
    return {
      properties: {
        defaultRegion: {
          type: "string",
          description: "Default region for new service deployments",
          readOnly: false,
          default: DEFAULT_REGION,
          currentValue: this.orgDefaultRegion,
          availableValues: [...REGION_CODES],
        },
      },
    };
  }

  /** Forgets everything, then re-applies the seeded builds and secret sets. */
  reset(): void {
    this.agentsByName.clear();
    this.sets.clear();
    this.builds.reset();
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...this.options.behaviour };
    this.orgDefaultRegion = this.options.defaultRegion;
    for (const s of this.options.secretSets) {
      this.sets.set(s.name, {
        name: s.name,
        type: s.type ?? "secret",
        region: s.region ?? this.options.defaultRegion,
        values: new Map(Object.entries(s.secrets ?? {})),
        updatedAt: this.options.now(),
        pendingUntil: 0,
      });
      const seeded = this.sets.get(s.name)!;
      seeded.failure = failureOf(seeded);
    }
  }

  // --- agents ---------------------------------------------------------------

  createAgent(req: CreateAgentRequest): ServiceDetails {
    if (this.agentsByName.has(req.serviceName)) throw badRequest("Service already exists");
    const region = req.region ?? this.defaultRegion;
    const config = applyPatch({ ...DEFAULT_AGENT_CONFIG, image: null, buildId: null }, req.patch);
    this.checkBuild(config.buildId, region);
    this.checkSecretRefs(config, region, "create");

    const now = this.options.now();
    const agent: AgentRecord = {
      name: req.serviceName,
      region,
      serviceId: randomUUID(),
      createdAt: now,
      updatedAt: now,
      config,
      deployments: [],
      activeSessionCount: 0,
      activity: emptyActivity(),
    };
    this.deploy(agent, now);
    this.agentsByName.set(agent.name, agent);
    return this.details(agent);
  }

  /**
   * Partial update. Changes to anything that rolls pods (or forceRedeploy)
   * create a new deployment; a scaling-only change is applied in place, as
   * upstream does; an update that changes nothing keeps the deployment and
   * answers with a top-level `warning`, like the real "nothing changed" check.
   */
  updateAgent(name: string, sent: AgentPatch): ServiceDetails & { warning?: string } {
    const agent = this.agentsByName.get(name);
    if (!agent) throw notFound("Service not found");
    if (this.behaviour.rejectNullSecretSets) {
      const nulled = (["secretSet", "imagePullSecretSet"] as const).filter((k) => k in sent && sent[k] === null);
      if (nulled.length > 0) throw badRequest(`${nulled.join(" and ")} must be a string: a secret set cannot be removed from an agent`);
    }
    const patch = this.behaviour.ignoreNullsOnUpdate ? withoutNulls(sent) : sent;
    const next = applyPatch(agent.config, patch);
    if (patch.buildId != null) this.checkBuild(next.buildId, agent.region);

    const redeploy = needsNewDeployment(agent.config, next) || patch.forceRedeploy === true;
    const scalingChanged = !sameScaling(agent.config, next);
    // A new deployment binds every referenced set; otherwise only the ones named in the body.
    this.checkSecretRefs(
      {
        secretSet: redeploy || patch.secretSet != null ? next.secretSet : null,
        imagePullSecretSet: redeploy || patch.imagePullSecretSet != null ? next.imagePullSecretSet : null,
      },
      agent.region,
      "update",
    );

    const now = this.options.now();
    agent.config = next;
    if (redeploy) {
      agent.updatedAt = now;
      this.deploy(agent, now);
    } else if (scalingChanged) {
      agent.updatedAt = now;
      const current = agent.deployments.at(-1)!;
      current.config = { ...current.config, autoScaling: { ...next.autoScaling } };
      current.updatedAt = now;
    } else {
      return { ...this.details(agent), warning: NO_CHANGE_WARNING };
    }
    return this.details(agent);
  }

  hasAgent(name: string): boolean {
    return this.agentsByName.has(name);
  }

  getAgent(name: string): ServiceDetails {
    return this.details(this.requireAgent(name));
  }

  listAgents(filter: { region?: string; includeActiveDeployment?: boolean }): { services: ServiceListItem[] } {
    const services = [...this.agentsByName.values()]
      .filter((a) => !filter.region || a.region === filter.region)
      .map((a) => {
        const desired = a.deployments.at(-1)!;
        const { reconciledDeploymentId } = this.lifecycle(a);
        const item: ServiceListItem = {
          id: a.serviceId,
          name: a.name,
          region: a.region,
          desiredDeploymentId: desired.id,
          activeDeploymentId: desired.id,
          reconciledDeploymentId,
          organizationId: ORGANIZATION_ID,
          createdAt: iso(a.createdAt),
          updatedAt: iso(a.updatedAt),
          deletedAt: null,
        };
        if (filter.includeActiveDeployment) item.deployment = this.deploymentView(a, desired);
        return item;
      });
    return { services };
  }

  /** Running sessions are not stopped by a delete, and the name is free again at once. */
  deleteAgent(name: string): { status: "OK" } {
    this.requireAgent(name);
    this.agentsByName.delete(name);
    return { status: "OK" };
  }

  setActiveSessions(name: string, count: number): void {
    if (!Number.isInteger(count) || count < 0) throw badRequest("count must be a non-negative integer");
    this.requireAgent(name).activeSessionCount = count;
  }

  agentSnapshots(): AgentSnapshot[] {
    return [...this.agentsByName.values()].map((a) => ({
      name: a.name,
      region: a.region,
      serviceId: a.serviceId,
      config: structuredClone(a.config),
      deploymentIds: a.deployments.map((d) => d.id),
      activeSessionCount: a.activeSessionCount,
      status: this.details(a),
    }));
  }

  private requireAgent(name: string): AgentRecord {
    const agent = this.agentsByName.get(name);
    if (!agent) throw notFound("Not found");
    return agent;
  }

  private deploy(agent: AgentRecord, now: number): void {
    const deployment = { id: randomUUID(), createdAt: now, updatedAt: now, config: structuredClone(agent.config), outcome: outcomeOf(agent.config.image) };
    agent.deployments.push(deployment);
    deploymentLogLines(deployment.outcome, agent.config.image).forEach((log, i) =>
      agent.activity.logs.push({ log, timestamp: iso(now + i), deploymentId: deployment.id }),
    );
  }

  // --- logs and sessions -----------------------------------------------------

  agentLogs(name: string, query: URLSearchParams) {
    return queryLogs(this.requireAgent(name).activity, query);
  }

  agentSessions(name: string, query: URLSearchParams) {
    return querySessions(this.requireAgent(name).activity, query);
  }

  agentSession(name: string, sessionId: string): SessionRecord {
    return findSession(this.requireAgent(name).activity, sessionId);
  }

  /** DELETE /agents/{name}/sessions/{id}: ends an active session. */
  stopSession(name: string, sessionId: string): { status: "terminated"; session_id: string } {
    const agent = this.requireAgent(name);
    const session = findSession(agent.activity, sessionId);
    if (session.endedAt === null) {
      session.endedAt = session.updatedAt = iso(this.options.now());
      session.completionStatus = "TERMINATED";
      agent.activeSessionCount = Math.max(0, agent.activeSessionCount - 1);
    }
    return { status: "terminated", session_id: sessionId };
  }

  /** POST /{agent}/start: a simulated session on the agent's current deployment; 429 at maxAgents. */
  startSession(name: string, body: unknown): Record<string, unknown> {
    const agent = this.agentsByName.get(name);
    if (!agent) throw new ApiError(404, "404", "API endpoint not found / agent deployment not found");
    if (agent.activeSessionCount >= agent.config.autoScaling.maxAgents) throw new ApiError(429, "429", "Rate limit exceeded. Please try again later");
    const options = isObject(body) ? body : {};
    const session = newSession(agent.serviceId, ORGANIZATION_ID, agent.deployments.at(-1)?.id ?? null, this.options.now(), agent.activeSessionCount >= agent.config.autoScaling.minAgents);
    agent.activity.sessions.push(session);
    agent.activeSessionCount++;
    const answer: Record<string, unknown> = { sessionId: session.sessionId };
    if (options.createDailyRoom === true) {
      answer.dailyRoom = `https://simulated.daily.co/${session.sessionId.slice(0, 8)}`;
      answer.dailyToken = `simulated-token-${session.sessionId.slice(0, 8)}`;
    }
    if (options.transport === "websocket") answer.wsUrl = `wss://simulated.pipecat.daily.co/ws/generic/${session.sessionId}`;
    if (options.body !== undefined) answer.body = options.body;
    return answer;
  }

  /** The session proxy: only an active session of that agent answers; others are 404. */
  proxy(name: string, sessionId: string, method: string, path: string): Record<string, unknown> {
    const session = this.agentsByName.get(name)?.activity.sessions.find((s) => s.sessionId === sessionId && s.endedAt === null);
    if (!session) throw new ApiError(404, "404", "Session not found or not active");
    return { status: "OK", proxied: { method, path, sessionId } };
  }

  /** Control: log lines for an agent (its latest deployment's unless one is named). */
  seedLogs(name: string, lines: string[], deploymentId?: string): void {
    const agent = this.requireAgent(name);
    const now = this.options.now();
    const id = deploymentId ?? agent.deployments.at(-1)?.id ?? null;
    lines.forEach((log, i) => agent.activity.logs.push({ log, timestamp: iso(now + i), deploymentId: id }));
  }

  /** Control: `count` sessions (active, or already ended) for an agent. */
  seedSessions(name: string, count: number, ended: boolean): string[] {
    const agent = this.requireAgent(name);
    return Array.from({ length: count }, () => {
      const session = newSession(agent.serviceId, ORGANIZATION_ID, agent.deployments.at(-1)?.id ?? null, this.options.now(), false);
      if (ended) (session.endedAt = session.createdAt), (session.completionStatus = "HTTP_COMPLETED");
      else agent.activeSessionCount++;
      agent.activity.sessions.push(session);
      return session.sessionId;
    });
  }

  private lifecycle(agent: AgentRecord) {
    return describeLifecycle(
      agent.deployments,
      this.options.now(),
      this.options.timings,
      agent.config.autoScaling.minAgents,
    );
  }

  private deploymentView(agent: AgentRecord, d: DeploymentRecord): DeploymentView {
    return {
      id: d.id,
      serviceId: agent.serviceId,
      manifest: buildManifest(agent.name, d.config),
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
    };
  }

  private details(agent: AgentRecord): ServiceDetails {
    const full = this.fullDetails(agent);
    return this.behaviour.omitOptionalFields ? withoutOptionalFields(full) : full;
  }

  private fullDetails(agent: AgentRecord): ServiceDetails {
    const desired = agent.deployments.at(-1)!;
    const life = this.lifecycle(agent);
    return {
      name: agent.name,
      region: agent.region,
      ready: life.ready,
      available: life.available,
      createdAt: iso(agent.createdAt),
      updatedAt: iso(agent.updatedAt),
      desiredDeploymentId: desired.id,
      activeDeploymentId: desired.id,
      reconciledDeploymentId: life.reconciledDeploymentId,
      activeDeploymentReady: life.ready,
      autoScaling: {
        maxReplicas: agent.config.autoScaling.maxAgents,
        minReplicas: agent.config.autoScaling.minAgents,
      },
      activeSessionCount: agent.activeSessionCount,
      deployment: this.deploymentView(agent, desired),
      agentProfile: agent.config.agentProfile,
      krispViva: { audioFilter: agent.config.krispViva.audioFilter },
      currentRevision: life.currentRevision,
      previousRevision: life.previousRevision,
      errors: life.errors,
      ...(this.options.echoWebsocketAuth ? { websocketAuth: agent.config.websocketAuth ?? this.options.websocketAuthDefault } : {}),
    };
  }

  private checkBuild(buildId: string | null, region: string): void {
    if (buildId === null) return;
    const problem = this.builds.deployProblem(buildId, region);
    if (problem) throw problem;
  }

  /** Existence (404), type and region (400), readiness (409) of referenced sets. */
  private checkSecretRefs(
    refs: Pick<AgentConfig, "secretSet" | "imagePullSecretSet">,
    region: string,
    mode: "create" | "update",
  ): void {
    const where = mode === "create" ? `service will be created in region '${region}'` : `service is in region '${region}'`;
    const check = (name: string | null, type: SecretSetType) => {
      if (name === null) return;
      const set = this.sets.get(name);
      if (!set) throw notFound("Secret set not found");
      const label = type === "secret" ? "Secret set" : "Image pull secret set";
      if (set.type !== type) {
        throw badRequest(
          type === "secret"
            ? `Secret set '${name}' is an image pull secret set; reference it as imagePullSecretSet`
            : `Image pull secret set '${name}' is a regular secret set; reference it as secretSet`,
        );
      }
      if (set.region !== region) {
        const noun = type === "secret" ? "Secrets" : "Image pull secrets";
        throw badRequest(
          `${label} '${name}' is in region '${set.region}' but ${where}. ${noun} must be in the same region as the service.`,
        );
      }
      if (this.setStatus(set) !== "ready") {
        throw conflict(`Secret set '${name}' is not yet ready. Retry once it has been provisioned.`);
      }
    };
    check(refs.secretSet, "secret");
    check(refs.imagePullSecretSet, "imagePullSecret");
  }

  // --- secret sets ----------------------------------------------------------

  /** Create or update. Regular sets merge keys; each PUT makes the set pending again. */
  putSecretSet(name: string, req: SecretSetPut): { status: "OK"; region: string } {
    const now = this.options.now();
    const existing = this.sets.get(name);
    if (existing) {
      if (req.region !== undefined && req.region !== existing.region) {
        throw badRequest(`Secret already exists in region '${existing.region}'. Cannot change region to '${req.region}'.`);
      }
      if (existing.type !== req.type) {
        throw badRequest(
          existing.type === "secret"
            ? "Cannot update existing regular secrets to image pull secrets"
            : "Cannot update existing image pull secrets to regular secrets",
        );
      }
    }
    const set: SecretSetRecord = existing ?? {
      name,
      type: req.type,
      region: req.region ?? this.defaultRegion,
      values: new Map(),
      updatedAt: now,
      pendingUntil: now,
    };
    if (req.type === "secret") {
      if (this.options.secretPut === "replace") set.values.clear();
      for (const { key, value } of req.secrets) set.values.set(key, value);
    } else {
      set.host = req.host;
      set.values = new Map([[".dockerconfigjson", req.secretValue]]);
    }
    this.touch(set, now);
    this.sets.set(name, set);
    return { status: "OK", region: set.region };
  }

  listSecretSets(region?: string): {
    sets: Array<{ name: string; type: SecretSetType; region: string; status: SecretSetStatus; errorMessage?: string }>;
  } {
    return {
      sets: [...this.sets.values()]
        .filter((s) => !region || s.region === region)
        .map((s) => ({ name: s.name, type: s.type, region: s.region, ...this.statusFields(s) })),
    };
  }

  getSecretSet(name: string): { region: string; status: SecretSetStatus; errorMessage?: string; secrets: Array<{ fieldName: string }> } {
    const set = this.requireSet(name);
    if (set.type === "imagePullSecret") throw badRequest("Cannot retrieve image pull secrets by name");
    return {
      region: set.region,
      ...this.statusFields(set),
      secrets: [...set.values.keys()].map((fieldName) => ({ fieldName })),
    };
  }

  /** Agents that still reference the set keep running (upstream behaviour is undocumented). */
  deleteSecretSet(name: string): { status: "OK" } {
    this.requireSet(name);
    this.sets.delete(name);
    return { status: "OK" };
  }

  deleteSecretKey(name: string, key: string): { status: "OK" } {
    const set = this.requireSet(name);
    if (set.type === "imagePullSecret") throw badRequest("Cannot delete individual keys of an image pull secret set");
    if (!set.values.delete(key)) throw notFound("Secret not found");
    this.touch(set, this.options.now());
    return { status: "OK" };
  }

  secretSetSnapshots(): SecretSetSnapshot[] {
    return [...this.sets.values()].map((s) => {
      const snapshot: SecretSetSnapshot = {
        name: s.name,
        type: s.type,
        region: s.region,
        ...this.statusFields(s),
        keys: s.type === "secret" ? [...s.values.keys()] : [],
        updatedAt: iso(s.updatedAt),
      };
      if (s.host !== undefined) snapshot.host = s.host;
      return snapshot;
    });
  }

  private requireSet(name: string): SecretSetRecord {
    const set = this.sets.get(name);
    if (!set) throw notFound("Set not found");
    return set;
  }

  private touch(set: SecretSetRecord, now: number): void {
    set.updatedAt = now;
    set.pendingUntil = now + this.options.timings.secretReadyMs;
    set.failure = failureOf(set);
  }

  private setStatus(set: SecretSetRecord): SecretSetStatus {
    if (this.options.now() < set.pendingUntil) return "pending";
    return set.failure === undefined ? "ready" : "failed";
  }

  private statusFields(set: SecretSetRecord): { status: SecretSetStatus; errorMessage?: string } {
    const status = this.setStatus(set);
    return status === "failed" ? { status, errorMessage: set.failure } : { status };
  }
}

/** An update body as an API that ignores `null` would read it: documented `krispViva.audioFilter: null` kept. */
function withoutNulls(patch: AgentPatch): AgentPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) continue;
    if (key === "autoScaling" && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== null));
    } else out[key] = value;
  }
  return out as AgentPatch;
}

/** The FAILING_SECRET_MARKER convention; the message names no value. */
function failureOf(set: SecretSetRecord): string | undefined {
  const values = [...set.values.values()].map((v) => (set.type === "imagePullSecret" ? Buffer.from(v, "base64").toString("utf8") : v));
  if (!values.some((v) => v.includes(FAILING_SECRET_MARKER))) return undefined;
  return `Failed to provision secret set '${set.name}': the secret store rejected a value (simulated: a value contains "${FAILING_SECRET_MARKER}")`;
}

/**
 * An agent as a lenient API may answer it: the optional fields a client compares left out.
 * Typed as ServiceDetails for the routes' sake; only the wire shape is leaner.
 */
function withoutOptionalFields(details: ServiceDetails): ServiceDetails {
  const lean: Partial<ServiceDetails> = { ...details };
  delete lean.agentProfile;
  delete lean.autoScaling;
  delete lean.krispViva;
  const spec = details.deployment?.manifest?.spec;
  if (spec && details.deployment) {
    const { maxSessionDurationSeconds: _max, envFromSecretNames: _env, imagePullSecretName: _pull, ...leanSpec } = spec;
    lean.deployment = { ...details.deployment, manifest: { ...details.deployment.manifest, spec: leanSpec } };
  }
  return lean as ServiceDetails;
}
