// Public types of the simulator. Kept in one file so that store, server and
// index can share them without import cycles.

/** Milliseconds after a deployment (or a secret-set PUT) at which each step happens. */
export interface SimulatorTimings {
  /** Until the operator picks up a new deployment (`reconciledDeploymentId` catches up). */
  reconcileMs: number;
  /** The revision leaves `Creating` for `Validating` (replicas have started). */
  validatingMs: number;
  /** The revision becomes `Active`; `ready` turns true. */
  readyMs: number;
  /** A crashing (`crash`) or unpullable (`pullfail`) image reaches `Failed`. */
  failMs: number;
  /** How long the superseded revision stays `Draining` once the new one is `Active`. */
  drainingMs: number;
  /** A secret set stays `pending` this long after each PUT or key deletion. */
  secretReadyMs: number;
  /** A new cloud build stays `pending` this long, then turns `building`. */
  buildQueueMs: number;
  /** How long a cloud build stays `building` before it ends (`success`, `failed` or `timeout`). */
  buildRunMs: number;
}

/** Where a cloud build is: queued, running, or one of its three ends. */
export type BuildStatus = "pending" | "building" | "success" | "failed" | "timeout";

/** A cloud build present at start-up (and after a reset), with a fixed status. */
export interface SeededBuild {
  /** The build's UUID, as an agent's `buildId` names it. */
  id: string;
  /** A region the simulator serves (`GET /v1/regions`); an agent may only use a build of its own region. */
  region: string;
  /** Stays as given: a seeded build does not move through the lifecycle. */
  status: BuildStatus;
  /** Defaults to a hash derived from the id. */
  contextHash?: string;
  /** Defaults to `Dockerfile`. */
  dockerfilePath?: string;
}

/** A build as `GET /v1/builds/{id}` returns it. */
export interface BuildView {
  /** The build's UUID. */
  id: string;
  /** The simulated organization's fixed UUID. */
  organizationId: string;
  /** Where the build is now (computed from the clock). */
  status: BuildStatus;
  /** The region the build context was uploaded for. */
  region: string;
  /** Hash of the uploaded context; `POST /v1/builds` reuses a successful build with the same one. */
  contextHash: string;
  /** The Dockerfile's path inside the context; default `Dockerfile`. */
  dockerfilePath: string;
  /** The built image; only once the build succeeded. */
  imageUri?: string;
  /** Where a person would read the logs (an `.invalid` address; the API serves them at `/v1/builds/{id}/logs`). */
  logsUrl: string;
  /** Why a `failed` or `timeout` build ended so. */
  errorMessage?: string;
  /** Size of the uploaded context in bytes (0 for a seeded build). */
  contextSizeBytes: number;
  /** Size of the built image in bytes; only once the build succeeded. */
  imageSizeBytes?: number;
  /** Seconds from start to end, rounded; once the build ended (never for a seeded build). */
  buildDurationSeconds?: number;
  /** ISO 8601 time the build left `pending` (never for a seeded build). */
  startedAt?: string;
  /** ISO 8601 time the build ended (never for a seeded build). */
  completedAt?: string;
  /** ISO 8601 time the build was created. */
  createdAt: string;
  /** ISO 8601 time of the last status change. */
  updatedAt: string;
}

/** A regular set (environment variables) or an image pull secret (registry credentials). */
export type SecretSetType = "secret" | "imagePullSecret";
/** `pending` after each change until provisioned, then `ready`, or `failed` with an errorMessage. */
export type SecretSetStatus = "pending" | "ready" | "failed";

/** A secret set present at start-up (and after a reset); it is `ready` immediately. */
export interface SeededSecretSet {
  /** The set's name (3 to 63 characters, DNS-subdomain-like, as for `PUT /v1/secrets/{name}`). */
  name: string;
  /** Defaults to the organization default region. */
  region?: string;
  /** Defaults to `secret`. */
  type?: SecretSetType;
  /** Regular sets only: key → value. */
  secrets?: Record<string, string>;
}

/** CPU and memory per agent replica: 1x is 0.5 CPU / 1 GiB, 2x 1 CPU / 2 GiB, 3x 1.5 CPU / 3 GiB. */
export type AgentProfile = "agent-1x" | "agent-2x" | "agent-3x";
/** Krisp VIVA noise filter: `tel` (telephony audio), `pro` (WebRTC audio), or null for none. */
export type AudioFilter = "tel" | "pro" | null;
/** Authentication on `/ws/generic`. Not in the OpenAPI spec; the pcc CLI sends it. */
export type WebsocketAuth = "none" | "token";

/** The effective configuration of an agent, in request vocabulary. */
export interface AgentConfig {
  /** The container image deployed; null when the agent runs a cloud build. */
  image: string | null;
  /** The cloud build deployed; null when the agent runs an image. */
  buildId: string | null;
  /** The only node type there is. */
  nodeType: "arm";
  /** The regular secret set whose keys become environment variables; null for none. */
  secretSet: string | null;
  /** The image pull secret set used to pull `image`; null for none. */
  imagePullSecretSet: string | null;
  /** Replica bounds. */
  autoScaling: {
    /** Replicas kept warm (0: scale to zero). */
    minAgents: number;
    /** Most replicas, hence most concurrent sessions. */
    maxAgents: number;
  };
  /** Krisp VIVA settings. */
  krispViva: {
    /** The noise filter applied; null for none. */
    audioFilter: AudioFilter;
  };
  /** CPU and memory per replica. */
  agentProfile: AgentProfile;
  /** null = platform default (7200 s, absent from the manifest). */
  maxSessionDuration: number | null;
  /** Legacy Krisp flag, still accepted. */
  enableKrisp: boolean;
  /** Legacy managed-keys flag, still accepted; has no effect. */
  enableIntegratedKeysProxy: boolean;
  /** null = never set: the simulator's `websocketAuthDefault` applies. */
  websocketAuth: WebsocketAuth | null;
}

/** A revision's phase: starting, started but not ready, serving, being replaced, or failed. */
export type RevisionPhase = "Creating" | "Validating" | "Active" | "Draining" | "Failed";

/** How a revision's replicas are doing (`currentRevision.health`). */
export interface RevisionHealth {
  /** Its replicas pass their readiness check. */
  ready: boolean;
  /** The container state: `waiting` while crash-looping or unable to pull. */
  state: "running" | "waiting" | "terminated";
  /** Container restarts so far (a crash loop counts up). */
  restartCount: number;
  /** Replicas started so far. */
  replicasStarted: number;
  /** Why it is not ready, e.g. `CrashLoopBackOff` or `ImagePullBackOff`. */
  reason?: string;
  /** Exit code of the last crash. */
  lastExitCode?: number;
  /** Why the last container ended, e.g. `Error`. */
  lastTerminationReason?: string;
  /** Detail for a person: a pull error, or the last lines of a crash (a traceback). */
  message?: string;
}

/** One revision (the pods of one deployment), as `currentRevision` / `previousRevision` show it. */
export interface RevisionInfo {
  /** The deployment this revision runs (note the capital ID, as upstream spells it). */
  deploymentID: string;
  /** Its phase now. */
  phase: RevisionPhase;
  /** Replicas ready to serve. */
  readyReplicas: number;
  /** ISO 8601 time it entered `phase`. */
  phaseStartedAt: string;
  /** Absent while the revision is `Creating` (no replica has started yet). */
  health?: RevisionHealth;
}

/** One entry of an agent's undocumented `errors[]`: why its desired deployment failed. */
export interface DeploymentError {
  /** A `PCC_*` code, e.g. `PCC_IMAGE_NOT_FOUND`. */
  code: string;
  /** Detail for a person. */
  message: string;
}

/** The Kubernetes-style manifest of a deployment (`deployment.manifest`). */
export interface Manifest {
  /** Always `pipecatcloud.daily.co/v1`. */
  apiVersion: "pipecatcloud.daily.co/v1";
  /** Always `PCService`. */
  kind: "PCService";
  /** Identity of the service. */
  metadata: {
    /** The agent's name. */
    name: string;
    /** The organization's namespace (`simulated-org`). */
    namespace: string;
  };
  /** What is deployed. */
  spec: {
    /** `arm`, from the agent's `nodeType`. */
    dailyNodeType: string;
    /** The image; `[REDACTED]` for an agent deployed from a cloud build. */
    image: string;
    /** Replica bounds, from `autoScaling.minAgents` / `maxAgents`. */
    autoScaling: {
      /** From `minAgents`. */
      minReplicas: number;
      /** From `maxAgents`. */
      maxReplicas: number;
    };
    /** The image pull secret set; null for none (absent under `omitOptionalFields`). */
    imagePullSecretName?: string | null;
    /** The secret set, as a one-element list; empty for none (absent under `omitOptionalFields`). */
    envFromSecretNames?: string[];
    /** Kubernetes quantities from the agent profile. */
    resources: {
      /** e.g. `500m`. */
      cpu: string;
      /** e.g. `1Gi`. */
      memory: string;
    };
    /** Present only while the legacy `enableKrisp` flag is on. */
    krispModels?: {
      /** Always true when present. */
      enabled: boolean;
    };
    /** Krisp VIVA in the manifest. */
    krispViva: {
      /** Whether an audio filter is set. */
      audioFilters: boolean;
    };
    /** The session limit; absent while the platform default (7200 s) applies. */
    maxSessionDurationSeconds?: number;
  };
}

/** One deployment of an agent (`deployment` in agent responses). */
export interface DeploymentView {
  /** The deployment's UUID. */
  id: string;
  /** The agent's (service's) UUID. */
  serviceId: string;
  /** What it deploys. */
  manifest: Manifest;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** ISO 8601 time of the last in-place change (scaling). */
  updatedAt: string;
}

/** `GET /v1/agents/{name}` (ServiceDetailsResponse plus the undocumented `errors[]`). */
export interface ServiceDetails {
  /** The agent's name. */
  name: string;
  /** Its region (fixed at creation). */
  region: string;
  /**
   * The desired deployment's revision is `Active`. Until the operator picks a new deployment
   * up, the previous one's readiness shows (as upstream): check `reconciledDeploymentId` too.
   */
  ready: boolean;
  /** Sessions can start: some revision serves (an older one during a rollout), or healthy at zero replicas. */
  available: boolean;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
  /** The deployment the latest write asked for. */
  desiredDeploymentId: string;
  /** Deprecated upstream: the same as `desiredDeploymentId`. */
  activeDeploymentId: string;
  /** The deployment the operator has picked up: the desired one after `reconcileMs`, the previous one (null for a new agent) before. */
  reconciledDeploymentId: string | null;
  /** Deprecated upstream: the same as `ready`. */
  activeDeploymentReady: boolean;
  /** Replica bounds now (scaling changes apply in place, without a new deployment). */
  autoScaling: {
    /** From `minAgents`. */
    minReplicas: number;
    /** From `maxAgents`. */
    maxReplicas: number;
  };
  /** Sessions running now. */
  activeSessionCount: number;
  /** The desired deployment. */
  deployment: DeploymentView;
  /** CPU and memory per replica (absent under `omitOptionalFields`). */
  agentProfile: AgentProfile;
  /** Krisp VIVA settings (absent under `omitOptionalFields`). */
  krispViva: {
    /** The noise filter applied; null for none. */
    audioFilter: AudioFilter;
  };
  /** The revision of the reconciled deployment; null for a new agent until the operator picks it up. */
  currentRevision: RevisionInfo | null;
  /**
   * The earlier revision that still serves: `Active` while the new one validates or after it
   * failed, `Draining` for `drainingMs` once the new one is `Active`; otherwise null.
   */
  previousRevision: RevisionInfo | null;
  /** Why the desired deployment failed; empty otherwise. */
  errors: DeploymentError[];
  /** Undocumented: present only while the simulator echoes it (`echoWebsocketAuth`, default on). */
  websocketAuth?: WebsocketAuth;
}

/** One entry of `GET /v1/agents`. */
export interface ServiceListItem {
  /** The agent's (service's) UUID. */
  id: string;
  /** The agent's name. */
  name: string;
  /** Its region. */
  region: string;
  /** The deployment the latest write asked for. */
  desiredDeploymentId: string;
  /** Deprecated upstream: the same as `desiredDeploymentId`. */
  activeDeploymentId: string;
  /** The deployment the operator has picked up (see `ServiceDetails.reconciledDeploymentId`). */
  reconciledDeploymentId: string | null;
  /** The simulated organization's fixed UUID. */
  organizationId: string;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
  /** Always null: deleted agents are not listed. */
  deletedAt: null;
  /** The desired deployment; only with `?includeActiveDeployment=true`. */
  deployment?: DeploymentView;
}

/** An agent as seen by tests: raw configuration plus what GET would return now. */
export interface AgentSnapshot {
  /** The agent's name. */
  name: string;
  /** Its region. */
  region: string;
  /** The agent's (service's) UUID. */
  serviceId: string;
  /** Its configuration now, as the last write left it. */
  config: AgentConfig;
  /** Every deployment created for this agent, oldest first. */
  deploymentIds: string[];
  /** Sessions running now. */
  activeSessionCount: number;
  /** What `GET /v1/agents/{name}` answers now. */
  status: ServiceDetails;
}

/** A secret set as seen by tests. Values are never exposed. */
export interface SecretSetSnapshot {
  /** The set's name. */
  name: string;
  /** Regular set or image pull secret. */
  type: SecretSetType;
  /** Its region (fixed at creation). */
  region: string;
  /** Its status now. */
  status: SecretSetStatus;
  /** Why a `failed` set failed. */
  errorMessage?: string;
  /** Key names of a regular set (empty for image pull sets). */
  keys: string[];
  /** Registry host of an image pull set (with trailing slash). */
  host?: string;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
}

/** One handled request, as kept in `Simulator.requests`. The Authorization header is never recorded. */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** Response status; 0 when a `reset` fault dropped the connection. */
  status: number;
  /** Parsed JSON body, or null when there was none (or it was not JSON). */
  body: unknown;
  /** Top-level (and `autoScaling.*` / `krispViva.*`) fields the API accepted but ignored. */
  ignoredFields: string[];
  /** The fault that was applied to this request, if any. */
  fault?: string;
  /** Refused with 429 by the simulator's rate limit (never reached the API). */
  rateLimited?: true;
  /** Clock time (ms) at which the request was received. */
  at: number;
}
