// zod schemas: what a PipecatAgent accepts as input, and what the Pipecat Cloud API
// may answer. Built once at module scope; this module is only ever loaded inside
// the provider host or the program, never captured by the serialized provider.
import { z } from "zod";

// The constants (patterns, defaults) live in input-rules.ts, with a zod-free copy
// of the input rules that check() runs first; this schema explains rejections.
import { AGENT_NAME_PATTERN, AGENT_PROFILES, AUDIO_FILTERS, DEFAULTS, hasTagOrDigest, PROVIDER_ONLY_KEYS, REGION_PATTERN, SECRET_SET_PATTERN, WEBSOCKET_AUTH_MODES } from "./input-rules";
export { AGENT_NAME_PATTERN, AGENT_PROFILES, AUDIO_FILTERS, DEFAULTS, PROVIDER_ONLY_KEYS, SECRET_SET_PATTERN, WEBSOCKET_AUTH_MODES };

const secretSetName = (what: string) =>
  z
    .string()
    .min(3, `must be at least 3 characters: the name of an existing ${what}`)
    .max(63, `must be at most 63 characters: the name of an existing ${what}`)
    .regex(SECRET_SET_PATTERN, `must be lowercase letters, digits, "-" or ".", the name of an existing ${what}`);

const wholeNumber = (min: number, max: number, hint: string) =>
  z
    .number()
    .int(`must be a whole number; ${hint}`)
    .min(min, `must be at least ${min}; ${hint}`)
    .max(max, `must be at most ${max}; ${hint}`);

/** Field-level input rules. Cross-field rules (image xor buildId, min <= max) live in validation.ts. */
export const agentInputsSchema = z.strictObject({
  agentName: z
    .string("is required: the agent's name in Pipecat Cloud, for example \"my-voice-agent\"")
    .max(54, "must be at most 54 characters")
    .regex(
      AGENT_NAME_PATTERN,
      "must be lowercase letters, digits and hyphens, start and end with a letter or digit, and be at least 2 characters (for example \"my-voice-agent\")",
    ),
  image: z
    .string()
    .regex(/^\S+$/, "must not contain spaces")
    .refine(hasTagOrDigest, 'must include a tag or digest, for example "acme/my-agent:1.0.0" or "acme/my-agent@sha256:…"')
    .optional(),
  buildId: z.guid("must be the UUID of a successful Pipecat Cloud build").optional(),
  region: z
    .string()
    .regex(REGION_PATTERN, 'must be a region code such as "us-west", "us-east", "eu-central" or "ap-south"')
    .optional(),
  nodeType: z.literal("arm", 'must be "arm": it is the only node type Pipecat Cloud offers').optional(),
  imagePullSecretSet: secretSetName("image pull secret set").optional(),
  secretSet: secretSetName("secret set").optional(),
  autoScaling: z
    .strictObject({
      minAgents: wholeNumber(0, 1_000_000, "use 0 to scale to zero when idle").optional(),
      maxAgents: wholeNumber(1, 1_000_000, "the most concurrent sessions (one per agent instance)").optional(),
    })
    .optional(),
  krispViva: z
    .strictObject({
      audioFilter: z.enum(AUDIO_FILTERS, 'must be "tel" (telephony, up to 16 kHz), "pro" (WebRTC, up to 32 kHz) or null to disable').nullable().optional(),
    })
    .optional(),
  enableKrisp: z.boolean().optional(),
  agentProfile: z.enum(AGENT_PROFILES, 'must be one of "agent-1x", "agent-2x" or "agent-3x"').optional(),
  maxSessionDuration: wholeNumber(60, 14_400, "seconds, from 60 to 14400 (4 hours)").optional(),
  enableManagedKeys: z.boolean().optional(),
  websocketAuth: z.enum(WEBSOCKET_AUTH_MODES, 'must be "none" (no authentication on /ws/generic) or "token" (a session token from /start)').optional(),
  waitForReady: z.boolean().optional(),
  readyTimeoutSeconds: wholeNumber(1, 86_400, "seconds to wait for the deployment to become ready").optional(),
  redeployTrigger: z.string().optional(),
  adoptExisting: z.boolean().optional(),
  allowRegionMoveDowntime: z.boolean().optional(),
  // Set by the class when a secret set resource is passed (secret-refs.ts).
  secretSetHash: z.string().optional(),
  secretSetRegion: z.string().optional(),
  imagePullSecretSetHash: z.string().optional(),
  imagePullSecretSetRegion: z.string().optional(),
});

export type AgentInputsParsed = z.infer<typeof agentInputsSchema>;

/** Every input a PipecatAgent takes, in the schema's order. */
export const INPUT_KEYS = Object.keys(agentInputsSchema.shape) as ReadonlyArray<keyof typeof agentInputsSchema.shape>;

// ---------------------------------------------------------------------------
// API responses: exactly as lenient as the spec. It marks no response field
// required, so every field may be absent or null; unknown extra fields pass. A
// field that is present must still have its documented type.
// ---------------------------------------------------------------------------

const optionalString = z.string().nullish();
const optionalNumber = z.number().nullish();
const optionalBoolean = z.boolean().nullish();

const revisionHealthSchema = z.looseObject({
  ready: optionalBoolean,
  state: optionalString,
  restartCount: optionalNumber,
  replicasStarted: optionalNumber,
  reason: optionalString,
  lastExitCode: optionalNumber,
  lastTerminationReason: optionalString,
  message: optionalString,
});

// phase is a plain string: earlier API versions used Running/ScalingDown.
const revisionSchema = z.looseObject({
  deploymentID: optionalString,
  phase: optionalString,
  readyReplicas: optionalNumber,
  phaseStartedAt: optionalString,
  health: revisionHealthSchema.nullish(),
  hasInfrastructureIssue: optionalBoolean,
});

const manifestSpecSchema = z.looseObject({
  dailyNodeType: optionalString,
  image: optionalString,
  imagePullSecretName: optionalString,
  envFromSecretNames: z.array(z.string()).nullish(),
  maxSessionDurationSeconds: optionalNumber,
});

const deploymentSchema = z.looseObject({
  id: optionalString,
  manifest: z.looseObject({ spec: manifestSpecSchema.nullish() }).nullish(),
  serviceId: optionalString,
  createdAt: optionalString,
  updatedAt: optionalString,
});

/** An `errors[]` entry: `{code, message}` (or `error`), or a plain string. */
const deploymentErrorSchema = z.union([
  z.string(),
  z.looseObject({
    code: z.union([z.string(), z.number()]).nullish(),
    message: optionalString,
    error: optionalString,
  }),
]);

export const agentDetailsSchema = z.looseObject({
  name: optionalString,
  region: optionalString,
  ready: optionalBoolean,
  available: optionalBoolean,
  createdAt: optionalString,
  updatedAt: optionalString,
  desiredDeploymentId: optionalString,
  activeDeploymentId: optionalString,
  reconciledDeploymentId: optionalString,
  activeDeploymentReady: optionalBoolean,
  autoScaling: z.looseObject({ minReplicas: optionalNumber, maxReplicas: optionalNumber }).nullish(),
  activeSessionCount: optionalNumber,
  deployment: deploymentSchema.nullish(),
  agentProfile: optionalString,
  krispViva: z.looseObject({ audioFilter: optionalString }).nullish(),
  currentRevision: revisionSchema.nullish(),
  previousRevision: revisionSchema.nullish(),
  errors: z.array(deploymentErrorSchema).nullish(),
  conditions: z
    .array(z.looseObject({ type: optionalString, status: optionalString, reason: optionalString, message: optionalString }))
    .nullish(),
  // Not in the OpenAPI spec: read back only if the API echoes it.
  websocketAuth: z.string().nullish(),
  /** Set when an update changed nothing ("no changes detected"). */
  warning: optionalString,
});

export type AgentDetails = z.infer<typeof agentDetailsSchema>;
export type RevisionInfo = z.infer<typeof revisionSchema>;
export type DeploymentErrorEntry = z.infer<typeof deploymentErrorSchema>;

export const agentListSchema = z.looseObject({
  services: z.array(z.looseObject({ name: optionalString, region: optionalString })).nullish(),
});

/** `GET /agents/{name}/logs`: as lenient as the rest (no field required). */
export const agentLogsSchema = z.looseObject({
  logs: z.array(z.looseObject({ log: z.string().nullish(), timestamp: z.string().nullish(), deploymentId: z.string().nullish() })).nullish(),
});
