// The PipecatAgent resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../core/serialized";
import { PipecatImagePullSecret } from "../image-pull-secret/resource";
import { PipecatSecretSet } from "../secret-set/resource";

export type AgentProfile = "agent-1x" | "agent-2x" | "agent-3x";
export type KrispVivaAudioFilter = "tel" | "pro";

export interface AutoScalingArgs {
  /** Instances kept warm; 0 (the default) scales to zero when idle. */
  minAgents?: pulumi.Input<number>;
  /** Most instances, hence concurrent sessions (default 50). */
  maxAgents?: pulumi.Input<number>;
}

export interface KrispVivaArgs {
  /** `tel` (telephony, up to 16 kHz), `pro` (WebRTC, up to 32 kHz), or null to disable (the default). */
  audioFilter?: pulumi.Input<KrispVivaAudioFilter | null>;
}

export interface PipecatAgentArgs {
  /** The agent's name in Pipecat Cloud, unique across regions. Changing it replaces the agent. */
  agentName: pulumi.Input<string>;
  /** Container image with a tag or digest. Exactly one of `image` and `buildId`. */
  image?: pulumi.Input<string>;
  /** UUID of a successful Pipecat Cloud build in the agent's region. */
  buildId?: pulumi.Input<string>;
  /** Region code; omitted means the organization's default. Changing it replaces the agent. */
  region?: pulumi.Input<string>;
  /** Only `arm` exists (the default). */
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
  autoScaling?: pulumi.Input<AutoScalingArgs>;
  /** Krisp VIVA noise cancellation. */
  krispViva?: pulumi.Input<KrispVivaArgs>;
  /** @deprecated Pipecat Cloud deprecated legacy Krisp: use `krispViva`. */
  enableKrisp?: pulumi.Input<boolean>;
  /** CPU and memory per instance: agent-1x (default), agent-2x, agent-3x. */
  agentProfile?: pulumi.Input<AgentProfile>;
  /** Seconds before a session is stopped, 60 to 14400 (default 7200). */
  maxSessionDuration?: pulumi.Input<number>;
  /** @deprecated Managed keys were removed from Pipecat Cloud; sent only when set. */
  enableManagedKeys?: pulumi.Input<boolean>;
  /** Wait until the deployment is ready after create and update (default true). */
  waitForReady?: pulumi.Input<boolean>;
  /** How long to wait for readiness, in seconds (default 600). */
  readyTimeoutSeconds?: pulumi.Input<number>;
  /** Any string; changing it redeploys the agent (`forceRedeploy`), e.g. after pushing a mutable tag or rotating secrets. */
  redeployTrigger?: pulumi.Input<string>;
  /**
   * When an agent with this name already exists (deployed with `pcc deploy`, say),
   * take it over and update it to this configuration instead of failing. Pulumi
   * cannot import into dynamic providers; this is the way in. Default false.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

export interface RevisionHealth {
  ready?: boolean;
  state?: string;
  restartCount?: number;
  replicasStarted?: number;
  reason?: string;
  lastExitCode?: number;
  lastTerminationReason?: string;
  message?: string;
}

export interface RevisionInfo {
  deploymentID?: string;
  phase?: string;
  readyReplicas?: number;
  phaseStartedAt?: string;
  health?: RevisionHealth | null;
  hasInfrastructureIssue?: boolean;
}

export interface DeploymentInfo {
  id: string;
  manifest?: Record<string, unknown> | null;
  serviceId?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Keys the provider fills from the API; seeded as undefined so Pulumi exposes them as outputs. */
const STATUS_OUTPUTS = [
  "name", "ready", "available", "createdAt", "updatedAt", "desiredDeploymentId", "reconciledDeploymentId",
  "activeDeploymentId", "activeDeploymentReady", "activeSessionCount", "deployment", "currentRevision",
  "previousRevision", "deploymentErrors", "requestedRegion",
] as const;

/**
 * A voice agent deployed on Pipecat Cloud. Creating it deploys the agent and, by
 * default, waits until the deployment is ready; its outputs carry the live status.
 */
export class PipecatAgent extends pulumi.dynamic.Resource {
  declare readonly agentName: pulumi.Output<string>;
  declare readonly image: pulumi.Output<string | undefined>;
  declare readonly buildId: pulumi.Output<string | undefined>;
  /** The live region (the organization's default when none was given). */
  declare readonly region: pulumi.Output<string>;
  declare readonly nodeType: pulumi.Output<"arm">;
  declare readonly imagePullSecretSet: pulumi.Output<string | undefined>;
  declare readonly secretSet: pulumi.Output<string | undefined>;
  declare readonly autoScaling: pulumi.Output<{ minAgents: number; maxAgents: number }>;
  declare readonly krispViva: pulumi.Output<{ audioFilter: KrispVivaAudioFilter | null }>;
  declare readonly enableKrisp: pulumi.Output<boolean | undefined>;
  declare readonly agentProfile: pulumi.Output<AgentProfile>;
  declare readonly maxSessionDuration: pulumi.Output<number>;
  declare readonly enableManagedKeys: pulumi.Output<boolean | undefined>;
  declare readonly waitForReady: pulumi.Output<boolean>;
  declare readonly readyTimeoutSeconds: pulumi.Output<number>;
  declare readonly redeployTrigger: pulumi.Output<string | undefined>;
  declare readonly adoptExisting: pulumi.Output<boolean | undefined>;

  /** The region the program asked for; null when it left it to the organization's default. */
  declare readonly requestedRegion: pulumi.Output<string | null>;
  /** The agent's name as Pipecat Cloud reports it. */
  declare readonly name: pulumi.Output<string>;
  /** The latest deployment passed validation (true for scale-to-zero agents at zero replicas). */
  declare readonly ready: pulumi.Output<boolean>;
  /** The agent can accept new sessions. */
  declare readonly available: pulumi.Output<boolean>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly desiredDeploymentId: pulumi.Output<string | null>;
  declare readonly reconciledDeploymentId: pulumi.Output<string | null>;
  /** @deprecated upstream: same as desiredDeploymentId. */
  declare readonly activeDeploymentId: pulumi.Output<string | null>;
  /** @deprecated upstream: same as ready. */
  declare readonly activeDeploymentReady: pulumi.Output<boolean | null>;
  declare readonly activeSessionCount: pulumi.Output<number>;
  declare readonly deployment: pulumi.Output<DeploymentInfo | null>;
  declare readonly currentRevision: pulumi.Output<RevisionInfo | null>;
  declare readonly previousRevision: pulumi.Output<RevisionInfo | null>;
  /** The API's `errors[]` for the deployment (empty when healthy). */
  declare readonly deploymentErrors: pulumi.Output<Array<{ code?: string; message?: string }>>;

  constructor(name: string, args: PipecatAgentArgs, opts?: pulumi.CustomResourceOptions) {
    const seeds = Object.fromEntries(STATUS_OUTPUTS.map((key) => [key, undefined]));
    super(serializedProvider("agent"), name, { region: undefined, ...seeds, ...args, ...secretRefInputs(args) }, opts, "pipecat", "PipecatAgent");
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

function warnDeprecated(resource: PipecatAgent, args: PipecatAgentArgs): void {
  pulumi.output(args.enableKrisp).apply((value) => {
    if (value !== undefined && value !== null) {
      pulumi.log.warn("enableKrisp is deprecated by Pipecat Cloud: use krispViva: { audioFilter: \"tel\" } (or \"pro\") instead", resource);
    }
  });
  pulumi.output(args.enableManagedKeys).apply((value) => {
    if (value !== undefined && value !== null) {
      pulumi.log.warn("enableManagedKeys: Pipecat Cloud removed managed keys; the setting is sent as given but may be ignored. Remove it and bring your own service keys in a secret set", resource);
    }
  });
}
