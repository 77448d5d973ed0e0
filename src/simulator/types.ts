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

export type BuildStatus = "pending" | "building" | "success" | "failed" | "timeout";

/** A cloud build present at start-up (and after a reset), with a fixed status. */
export interface SeededBuild {
  id: string;
  region: string;
  status: BuildStatus;
  /** Defaults to a hash derived from the id. */
  contextHash?: string;
  /** Defaults to `Dockerfile`. */
  dockerfilePath?: string;
}

/** A build as `GET /v1/builds/{id}` returns it. */
export interface BuildView {
  id: string;
  organizationId: string;
  status: BuildStatus;
  region: string;
  contextHash: string;
  dockerfilePath: string;
  imageUri?: string;
  logsUrl: string;
  errorMessage?: string;
  contextSizeBytes: number;
  imageSizeBytes?: number;
  buildDurationSeconds?: number;
  startedAt?: string;
  completedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export type SecretSetType = "secret" | "imagePullSecret";
export type SecretSetStatus = "pending" | "ready" | "failed";

/** A secret set present at start-up (and after a reset); it is `ready` immediately. */
export interface SeededSecretSet {
  name: string;
  /** Defaults to the organization default region. */
  region?: string;
  /** Defaults to `secret`. */
  type?: SecretSetType;
  /** Regular sets only: key → value. */
  secrets?: Record<string, string>;
}

export type AgentProfile = "agent-1x" | "agent-2x" | "agent-3x";
export type AudioFilter = "tel" | "pro" | null;
/** Authentication on `/ws/generic`. Not in the OpenAPI spec; the pcc CLI sends it. */
export type WebsocketAuth = "none" | "token";

/** The effective configuration of an agent, in request vocabulary. */
export interface AgentConfig {
  image: string | null;
  buildId: string | null;
  nodeType: "arm";
  secretSet: string | null;
  imagePullSecretSet: string | null;
  autoScaling: { minAgents: number; maxAgents: number };
  krispViva: { audioFilter: AudioFilter };
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

export type RevisionPhase = "Creating" | "Validating" | "Active" | "Draining" | "Failed";

export interface RevisionHealth {
  ready: boolean;
  state: "running" | "waiting" | "terminated";
  restartCount: number;
  replicasStarted: number;
  reason?: string;
  lastExitCode?: number;
  lastTerminationReason?: string;
  message?: string;
}

export interface RevisionInfo {
  deploymentID: string;
  phase: RevisionPhase;
  readyReplicas: number;
  phaseStartedAt: string;
  /** Absent while the revision is `Creating` (no replica has started yet). */
  health?: RevisionHealth;
}

export interface DeploymentError {
  code: string;
  message: string;
}

export interface Manifest {
  apiVersion: "pipecatcloud.daily.co/v1";
  kind: "PCService";
  metadata: { name: string; namespace: string };
  spec: {
    dailyNodeType: string;
    image: string;
    autoScaling: { minReplicas: number; maxReplicas: number };
    imagePullSecretName?: string | null;
    envFromSecretNames?: string[];
    resources: { cpu: string; memory: string };
    krispModels?: { enabled: boolean };
    krispViva: { audioFilters: boolean };
    maxSessionDurationSeconds?: number;
  };
}

export interface DeploymentView {
  id: string;
  serviceId: string;
  manifest: Manifest;
  createdAt: string;
  updatedAt: string;
}

/** `GET /v1/agents/{name}` (ServiceDetailsResponse plus the undocumented `errors[]`). */
export interface ServiceDetails {
  name: string;
  region: string;
  ready: boolean;
  available: boolean;
  createdAt: string;
  updatedAt: string;
  desiredDeploymentId: string;
  activeDeploymentId: string;
  reconciledDeploymentId: string | null;
  activeDeploymentReady: boolean;
  autoScaling: { minReplicas: number; maxReplicas: number };
  activeSessionCount: number;
  deployment: DeploymentView;
  agentProfile: AgentProfile;
  krispViva: { audioFilter: AudioFilter };
  currentRevision: RevisionInfo | null;
  previousRevision: RevisionInfo | null;
  errors: DeploymentError[];
  /** Undocumented: present only while the simulator echoes it (`echoWebsocketAuth`, default on). */
  websocketAuth?: WebsocketAuth;
}

/** One entry of `GET /v1/agents`. */
export interface ServiceListItem {
  id: string;
  name: string;
  region: string;
  desiredDeploymentId: string;
  activeDeploymentId: string;
  reconciledDeploymentId: string | null;
  organizationId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: null;
  deployment?: DeploymentView;
}

/** An agent as seen by tests: raw configuration plus what GET would return now. */
export interface AgentSnapshot {
  name: string;
  region: string;
  serviceId: string;
  config: AgentConfig;
  /** Every deployment created for this agent, oldest first. */
  deploymentIds: string[];
  activeSessionCount: number;
  status: ServiceDetails;
}

/** A secret set as seen by tests. Values are never exposed. */
export interface SecretSetSnapshot {
  name: string;
  type: SecretSetType;
  region: string;
  status: SecretSetStatus;
  /** Why a `failed` set failed. */
  errorMessage?: string;
  /** Key names of a regular set (empty for image pull sets). */
  keys: string[];
  /** Registry host of an image pull set (with trailing slash). */
  host?: string;
  updatedAt: string;
}

/** One handled request, as kept in `Simulator.requests`. The Authorization header is never recorded. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
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
