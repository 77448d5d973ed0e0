// zod schemas: what a PipecatAgent accepts as input, and what the Pipecat Cloud API
// may answer. Built once at module scope; this module is only ever loaded inside
// the provider host or the program, never captured by the serialized provider.
import { z } from "zod";

/** Agent names: the API's own pattern (so at least 2 characters), at most 54. */
export const AGENT_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])$/;
/** Secret set names follow the API's DNS-subdomain rule, 3 to 63 characters. */
export const SECRET_SET_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const AGENT_PROFILES = ["agent-1x", "agent-2x", "agent-3x"] as const;
export const AUDIO_FILTERS = ["tel", "pro"] as const;

/** Documented platform defaults; check() fills them in so diffs stay stable. */
export const DEFAULTS = {
  nodeType: "arm",
  agentProfile: "agent-1x",
  maxSessionDuration: 7200,
  minAgents: 0,
  maxAgents: 50,
  waitForReady: true,
  readyTimeoutSeconds: 600,
} as const;

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
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a region code such as "us-west", "us-east", "eu-central" or "ap-south"')
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
  waitForReady: z.boolean().optional(),
  readyTimeoutSeconds: wholeNumber(1, 86_400, "seconds to wait for the deployment to become ready").optional(),
  redeployTrigger: z.string().optional(),
  adoptExisting: z.boolean().optional(),
  // Set by the class when a secret set resource is passed (secret-refs.ts).
  secretSetHash: z.string().optional(),
  secretSetRegion: z.string().optional(),
  imagePullSecretSetHash: z.string().optional(),
  imagePullSecretSetRegion: z.string().optional(),
});

export type AgentInputsParsed = z.infer<typeof agentInputsSchema>;

/** Every input a PipecatAgent takes, in the schema's order. */
export const INPUT_KEYS = Object.keys(agentInputsSchema.shape) as ReadonlyArray<keyof typeof agentInputsSchema.shape>;
/** Inputs that steer the provider and are never sent to the API. */
export const PROVIDER_ONLY_KEYS: ReadonlyArray<(typeof INPUT_KEYS)[number]> = ["waitForReady", "readyTimeoutSeconds", "adoptExisting", "secretSetRegion", "imagePullSecretSetRegion"];

function hasTagOrDigest(image: string): boolean {
  if (image.includes("@")) return /@[a-z0-9]+:[0-9a-f]{32,}$/i.test(image);
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return /:[\w][\w.-]{0,127}$/.test(lastSegment);
}

// ---------------------------------------------------------------------------
// API responses: lenient (unknown extra fields pass), but every documented field
// that is present must have its documented type.
// ---------------------------------------------------------------------------

const revisionHealthSchema = z.looseObject({
  ready: z.boolean().optional(),
  state: z.string().optional(),
  restartCount: z.number().optional(),
  replicasStarted: z.number().optional(),
  reason: z.string().optional(),
  lastExitCode: z.number().optional(),
  lastTerminationReason: z.string().optional(),
  message: z.string().optional(),
});

// phase is a plain string: earlier API versions used Running/ScalingDown.
const revisionSchema = z.looseObject({
  deploymentID: z.string().optional(),
  phase: z.string().optional(),
  readyReplicas: z.number().optional(),
  phaseStartedAt: z.string().optional(),
  health: revisionHealthSchema.nullish(),
  hasInfrastructureIssue: z.boolean().optional(),
});

const manifestSpecSchema = z.looseObject({
  dailyNodeType: z.string().optional(),
  image: z.string().optional(),
  imagePullSecretName: z.string().nullish(),
  envFromSecretNames: z.array(z.string()).nullish(),
  maxSessionDurationSeconds: z.number().nullish(),
});

const deploymentSchema = z.looseObject({
  id: z.string(),
  manifest: z.looseObject({ spec: manifestSpecSchema.optional() }).nullish(),
  serviceId: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

const deploymentErrorSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});

export const agentDetailsSchema = z.looseObject({
  name: z.string(),
  region: z.string(),
  ready: z.boolean(),
  available: z.boolean().optional(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  desiredDeploymentId: z.string().nullish(),
  activeDeploymentId: z.string().nullish(),
  reconciledDeploymentId: z.string().nullish(),
  activeDeploymentReady: z.boolean().optional(),
  autoScaling: z.looseObject({ minReplicas: z.number().optional(), maxReplicas: z.number().optional() }).nullish(),
  activeSessionCount: z.number().optional(),
  deployment: deploymentSchema.nullish(),
  agentProfile: z.string().nullish(),
  krispViva: z.looseObject({ audioFilter: z.string().nullish() }).nullish(),
  currentRevision: revisionSchema.nullish(),
  previousRevision: revisionSchema.nullish(),
  errors: z.array(deploymentErrorSchema).nullish(),
  conditions: z
    .array(z.looseObject({ type: z.string().optional(), status: z.string().optional(), reason: z.string().optional(), message: z.string().optional() }))
    .nullish(),
  warning: z.string().optional(),
});

export type AgentDetails = z.infer<typeof agentDetailsSchema>;
export type RevisionInfo = z.infer<typeof revisionSchema>;

export const agentListSchema = z.looseObject({
  services: z.array(z.looseObject({ name: z.string(), region: z.string().optional() })),
});
