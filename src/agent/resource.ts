// The PipecatAgent resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../core/serialized";
import { linkBuild } from "../build/agent-link";
import { INPUT_KEYS } from "./input-rules";
import type { PipecatBuild } from "../build/resource";
import { PipecatImagePullSecret } from "../image-pull-secret/resource";
import { PipecatSecretSet } from "../secret-set/resource";

/** CPU and memory per instance: agent-1x (the default), agent-2x, agent-3x. */
export type AgentProfile = "agent-1x" | "agent-2x" | "agent-3x";
/** Krisp VIVA model: `tel` (telephony, up to 16 kHz) or `pro` (WebRTC, up to 32 kHz). */
export type KrispVivaAudioFilter = "tel" | "pro";
/** Authentication on the agent's generic WebSocket endpoint (`/ws/generic`). */
export type WebsocketAuthMode = "none" | "token";

/** How many instances of the agent run; each instance serves one session. */
export interface AutoScalingArgs {
  /** Instances kept warm, at least 0. Default 0: scale to zero when idle (the first session then waits for a cold start). */
  minAgents?: pulumi.Input<number>;
  /** Most instances, hence most concurrent sessions; at least 1 and at least `minAgents`. Default 50. */
  maxAgents?: pulumi.Input<number>;
}

/** Krisp VIVA noise and voice isolation on the agent's audio. */
export interface KrispVivaArgs {
  /** `tel` (telephony, up to 16 kHz), `pro` (WebRTC, up to 32 kHz), or null to disable. Default null (disabled). */
  audioFilter?: pulumi.Input<KrispVivaAudioFilter | null>;
}

/** The inputs of a {@link PipecatAgent}: exactly one of `image`, `buildId` and `build`, and the agent's settings. */
export interface PipecatAgentArgs {
  /** The agent's name in Pipecat Cloud, unique across regions. Changing it replaces the agent. */
  agentName: pulumi.Input<string>;
  /** Container image with a tag or digest (`acme/bot:1.2`), built for linux/arm64. Exactly one of `image` and `buildId`. */
  image?: pulumi.Input<string>;
  /** UUID of a successful Pipecat Cloud build in the agent's region. Exactly one of `image` and `buildId`. */
  buildId?: pulumi.Input<string>;
  /** A PipecatBuild to deploy: sets `buildId`, deploys after the build, and checks the regions agree. Instead of `image` or `buildId`. */
  build?: PipecatBuild;
  /**
   * Region code (`us-west`, `eu-central`, …); omitted means the organization's default. Changing it replaces the agent;
   * under the same `agentName` that means downtime and is refused unless `allowRegionMoveDowntime` is set.
   */
  region?: pulumi.Input<string>;
  /** Machine type; `arm` is the only one and the default. */
  nodeType?: pulumi.Input<"arm">;
  /**
   * The image pull secret for a private registry: its name, or the PipecatImagePullSecret
   * itself (then the agent deploys after it, redeploys when its credential changes, and
   * preview fails when their regions differ).
   */
  imagePullSecretSet?: pulumi.Input<string> | PipecatImagePullSecret;
  /**
   * The secret set exposed to the agent as environment variables: its name, or the
   * PipecatSecretSet itself (then the agent deploys after it, is redeployed when a value
   * changes, and preview fails when their regions differ).
   */
  secretSet?: pulumi.Input<string> | PipecatSecretSet;
  /** Instance counts: `{ minAgents, maxAgents }`. Default `{ minAgents: 0, maxAgents: 50 }`. */
  autoScaling?: pulumi.Input<AutoScalingArgs>;
  /** Krisp VIVA noise cancellation. Default `{ audioFilter: null }` (off). */
  krispViva?: pulumi.Input<KrispVivaArgs>;
  /** @deprecated Pipecat Cloud deprecated legacy Krisp: use `krispViva`. Sent only when set. */
  enableKrisp?: pulumi.Input<boolean>;
  /** CPU and memory per instance: agent-1x (default), agent-2x, agent-3x. */
  agentProfile?: pulumi.Input<AgentProfile>;
  /** Seconds before a session is stopped, 60 to 14400 (default 7200, two hours). */
  maxSessionDuration?: pulumi.Input<number>;
  /** @deprecated Managed keys were removed from Pipecat Cloud; sent only when set. */
  enableManagedKeys?: pulumi.Input<boolean>;
  /**
   * Authentication on the generic WebSocket transport (`/ws/generic`): `token` requires a
   * session token obtained from `/start`, `none` requires nothing. Sent only when set; omitted
   * means whatever Pipecat Cloud decides (its docs disagree on the default: `none` or, for new
   * agents, `token`). Not in the published API spec: the `pcc` CLI sends it.
   */
  websocketAuth?: pulumi.Input<WebsocketAuthMode>;
  /** Wait until the deployment is ready after create and update (default true). Never sent to the API. */
  waitForReady?: pulumi.Input<boolean>;
  /** How long to wait for readiness, in seconds (default 600). Never sent to the API. */
  readyTimeoutSeconds?: pulumi.Input<number>;
  /** Any string; changing it to a new non-empty value redeploys the agent (`forceRedeploy`), e.g. after pushing a mutable tag or rotating secrets. Removing it redeploys nothing. */
  redeployTrigger?: pulumi.Input<string>;
  /**
   * When an agent with this name already exists (deployed with `pcc deploy`, say),
   * take it over and update it to this configuration instead of failing. Pulumi
   * cannot import into dynamic providers; this is the way in. Default false.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * Accept the downtime of moving the agent to another `region` under the same
   * `agentName`: it is deleted, then created in the new region (names are unique
   * across regions). Before deleting, the provider checks that the secret sets and
   * build the agent needs exist and are ready there. Without it such a move fails
   * at preview; changing `agentName` too moves without downtime. Default false.
   */
  allowRegionMoveDowntime?: pulumi.Input<boolean>;
}

/** Container health of a revision, as Pipecat Cloud reports it. */
export interface RevisionHealth {
  /** Every started replica passed its readiness check. */
  ready?: boolean;
  /** Container state: `running`, `waiting` or `terminated`. */
  state?: string;
  /** Container restarts across the revision's replicas (a crash loop keeps counting). */
  restartCount?: number;
  /** Replicas that have started at least once. */
  replicasStarted?: number;
  /** Why the container is not running, e.g. `CrashLoopBackOff`, `ImagePullBackOff`. */
  reason?: string;
  /** Exit code of the container's last termination. */
  lastExitCode?: number;
  /** Reason of the container's last termination, e.g. `Error`, `OOMKilled`. */
  lastTerminationReason?: string;
  /** Detail text; for a crash, the last lines of the container's output. */
  message?: string;
}

/** One revision (a deployment rolled out to replicas) of the agent. */
export interface RevisionInfo {
  /** The deployment this revision runs (matches `desiredDeploymentId` for the newest). */
  deploymentID?: string;
  /** `Creating`, `Validating`, `Active`, `Draining` or `Failed` (older API versions used other names). */
  phase?: string;
  /** Replicas ready to take sessions. */
  readyReplicas?: number;
  /** When the revision entered its current phase (ISO 8601). */
  phaseStartedAt?: string;
  /** Container health; absent or null before any replica has started. */
  health?: RevisionHealth | null;
  /** Pipecat Cloud detected a problem on its side: contact support. */
  hasInfrastructureIssue?: boolean;
}

/** The agent's current deployment as the API reports it. */
export interface DeploymentInfo {
  /** Deployment id (UUID). */
  id: string;
  /** The agent's service id (UUID). */
  serviceId?: string;
  /** When the deployment was created (ISO 8601). */
  createdAt?: string;
  /** When the deployment was last changed (ISO 8601). */
  updatedAt?: string;
}

/** One entry of the API's `errors[]` for a deployment. */
export interface DeploymentErrorInfo {
  /** Error code, e.g. `PCC_IMAGE_NOT_FOUND`. */
  code?: string;
  /** What went wrong. */
  message?: string;
  /** What went wrong, in the field some responses use instead of `message`. */
  error?: string;
}

/** CPU and memory of one agent instance, as the deployment's manifest reports them. */
export interface AgentResources {
  /** CPU, in Kubernetes units such as `500m`; null when not reported. */
  cpu: string | null;
  /** Memory, such as `1Gi`; null when not reported. */
  memory: string | null;
}

/** Keys the provider fills from the API; seeded as undefined so Pulumi exposes them as outputs. */
const STATUS_OUTPUTS = [
  "name", "ready", "available", "createdAt", "updatedAt", "desiredDeploymentId", "reconciledDeploymentId",
  "activeDeploymentId", "activeDeploymentReady", "activeSessionCount", "deployment", "currentRevision",
  "previousRevision", "deploymentErrors", "requestedRegion", "resources", "startUrl", "warning",
] as const;

/**
 * A voice agent deployed on Pipecat Cloud. Creating it deploys the agent and, by
 * default, waits until the deployment is ready; its outputs carry the live status.
 */
export class PipecatAgent extends pulumi.dynamic.Resource {
  /** The agent's name in Pipecat Cloud (input). Changing it replaces the agent. */
  declare readonly agentName: pulumi.Output<string>;
  /** The container image deployed; undefined when the agent runs a `buildId`. After refresh, the live image. */
  declare readonly image: pulumi.Output<string | undefined>;
  /** The cloud build deployed; undefined when the agent runs an `image`. */
  declare readonly buildId: pulumi.Output<string | undefined>;
  /** The live region (the organization's default when none was given). */
  declare readonly region: pulumi.Output<string>;
  /** Machine type: always `arm`. */
  declare readonly nodeType: pulumi.Output<"arm">;
  /** Name of the image pull secret set, or undefined for none. */
  declare readonly imagePullSecretSet: pulumi.Output<string | undefined>;
  /** Name of the secret set exposed as environment variables, or undefined for none. */
  declare readonly secretSet: pulumi.Output<string | undefined>;
  /** Instance counts, defaults filled in (min 0, max 50); after refresh, the live values. */
  declare readonly autoScaling: pulumi.Output<{ minAgents: number; maxAgents: number }>;
  /** Krisp VIVA setting, default `{ audioFilter: null }` (off); after refresh, the live value. */
  declare readonly krispViva: pulumi.Output<{ audioFilter: KrispVivaAudioFilter | null }>;
  /** @deprecated Legacy Krisp flag as given (undefined when not set): use `krispViva`. */
  declare readonly enableKrisp: pulumi.Output<boolean | undefined>;
  /** CPU and memory per instance (default agent-1x); after refresh, the live profile. */
  declare readonly agentProfile: pulumi.Output<AgentProfile>;
  /** Seconds before a session is stopped (default 7200). */
  declare readonly maxSessionDuration: pulumi.Output<number>;
  /** @deprecated Managed keys were removed from Pipecat Cloud; as given, undefined when not set. */
  declare readonly enableManagedKeys: pulumi.Output<boolean | undefined>;
  /**
   * WebSocket authentication mode as given (undefined: left to Pipecat Cloud). The API may not
   * report it back; when it does, refresh shows a change made elsewhere.
   */
  declare readonly websocketAuth: pulumi.Output<WebsocketAuthMode | undefined>;
  /** Whether create and update wait for readiness (default true). */
  declare readonly waitForReady: pulumi.Output<boolean>;
  /** Seconds create and update wait for readiness (default 600). */
  declare readonly readyTimeoutSeconds: pulumi.Output<number>;
  /** The redeploy trigger as given; undefined when not set. */
  declare readonly redeployTrigger: pulumi.Output<string | undefined>;
  /** Whether an existing agent with this name may be taken over (default false). */
  declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
  /** Whether a region move under the same name (delete, then create: downtime) was allowed. */
  declare readonly allowRegionMoveDowntime: pulumi.Output<boolean | undefined>;

  /** The region the program asked for; null when it left it to the organization's default. */
  declare readonly requestedRegion: pulumi.Output<string | null>;
  /** The agent's name as Pipecat Cloud reports it. */
  declare readonly name: pulumi.Output<string>;
  /** The latest deployment passed validation (true for scale-to-zero agents at zero replicas). */
  declare readonly ready: pulumi.Output<boolean>;
  /** The agent can accept new sessions (may be true during a rollout while old instances serve). */
  declare readonly available: pulumi.Output<boolean>;
  /** When the agent was created (ISO 8601); null if the API did not say. */
  declare readonly createdAt: pulumi.Output<string | null>;
  /** When the agent was last changed (ISO 8601); null if the API did not say. */
  declare readonly updatedAt: pulumi.Output<string | null>;
  /** The deployment requested last (UUID); null if the API did not say. */
  declare readonly desiredDeploymentId: pulumi.Output<string | null>;
  /** The deployment Pipecat Cloud's operator has processed; equals `desiredDeploymentId` once it has caught up. */
  declare readonly reconciledDeploymentId: pulumi.Output<string | null>;
  /** @deprecated upstream: same as desiredDeploymentId. */
  declare readonly activeDeploymentId: pulumi.Output<string | null>;
  /** @deprecated upstream: same as ready. */
  declare readonly activeDeploymentReady: pulumi.Output<boolean | null>;
  /** Sessions in progress when the agent was last read (0 when idle). */
  declare readonly activeSessionCount: pulumi.Output<number>;
  /** The current deployment (id, service id, timestamps); null if the API did not send it. The manifest is not kept: it restates the inputs. */
  declare readonly deployment: pulumi.Output<DeploymentInfo | null>;
  /** The newest revision: its phase, ready replicas and container health; null before the operator reports one. */
  declare readonly currentRevision: pulumi.Output<RevisionInfo | null>;
  /** The revision being replaced (draining during a rollout); null when there is none. */
  declare readonly previousRevision: pulumi.Output<RevisionInfo | null>;
  /** The API's `errors[]` for the deployment (empty when healthy). */
  declare readonly deploymentErrors: pulumi.Output<DeploymentErrorInfo[]>;
  /** CPU and memory of one agent instance (from the deployment's manifest, e.g. `{ cpu: "500m", memory: "1Gi" }`); null when not reported. */
  declare readonly resources: pulumi.Output<AgentResources | null>;
  /** The agent's public start endpoint (`POST` with a Public API key starts a session), on the API the provider uses. */
  declare readonly startUrl: pulumi.Output<string | null>;
  /** What Pipecat Cloud warned about on the last create or update (e.g. "no changes detected"); null when nothing. */
  declare readonly warning: pulumi.Output<string | null>;

  constructor(name: string, args: PipecatAgentArgs, opts?: pulumi.CustomResourceOptions) {
    // Every declared output must be a key here, or an omitted input (autoScaling, say) has no Output at all.
    const seeds = Object.fromEntries([...INPUT_KEYS, ...STATUS_OUTPUTS].map((key) => [key, undefined]));
    super(serializedProvider("agent"), name, { ...seeds, ...linkBuild(name, args), ...secretRefInputs(args) }, opts, "pipecat", "PipecatAgent");
    warnDeprecated(this, args);
  }
}

/** A set passed as a resource: its name, plus what redeploys on rotation (a secret hash) and its region. */
function secretRefInputs(args: PipecatAgentArgs): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  if (args.secretSet instanceof PipecatSecretSet) {
    Object.assign(refs, { secretSet: args.secretSet.setName, secretSetHash: args.secretSet.contentHash, secretSetRegion: args.secretSet.region });
  }
  if (args.imagePullSecretSet instanceof PipecatImagePullSecret) {
    const set = args.imagePullSecretSet;
    Object.assign(refs, { imagePullSecretSet: set.setName, imagePullSecretSetHash: set.contentHash, imagePullSecretSetRegion: set.region });
  }
  return refs;
}

/**
 * Set by pccDeployArgs() on the args it returns: the inputs whose deprecation it has
 * already reported (naming the file's key), so the constructor does not warn again.
 * A symbol, so spreading the args carries it and Pulumi never sends it.
 */
export const DEPRECATION_REPORTED: unique symbol = Symbol("pulumi-pipecat-cloud.deprecationReported");

function warnDeprecated(resource: PipecatAgent, args: PipecatAgentArgs): void {
  const reported = (args as { [DEPRECATION_REPORTED]?: readonly string[] })[DEPRECATION_REPORTED] ?? [];
  pulumi.output(args.enableKrisp).apply((value) => {
    if (value !== undefined && value !== null && !reported.includes("enableKrisp")) {
      pulumi.log.warn("enableKrisp is deprecated by Pipecat Cloud: use krispViva: { audioFilter: \"tel\" } (or \"pro\") instead", resource);
    }
  });
  pulumi.output(args.enableManagedKeys).apply((value) => {
    if (value !== undefined && value !== null) {
      pulumi.log.warn("enableManagedKeys: Pipecat Cloud removed managed keys; the setting is sent as given but may be ignored. Remove it and bring your own service keys in a secret set", resource);
    }
  });
}
