// PipecatAgent's input rules without zod: the constants the zod schema
// (schema.ts) is built from, and a hand-kept copy of its field rules that
// check() runs first (core/fast-rules.ts). test/unit/input-rules.test.ts proves
// the copy gives the schema's verdict; change both together.
import { rules as r, satisfies, type Shape } from "../core/fast-rules";
import { REGION_PATTERN, SECRET_SET_NAME_PATTERN as SECRET_SET_PATTERN } from "../core/patterns";

export { REGION_PATTERN, SECRET_SET_PATTERN };
/** Agent names: the API's own pattern (so at least 2 characters), at most 54. */
export const AGENT_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])$/;
/** zod's `z.guid()`. */
export const GUID_PATTERN = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export const AGENT_PROFILES = ["agent-1x", "agent-2x", "agent-3x"] as const;
export const AUDIO_FILTERS = ["tel", "pro"] as const;
export const WEBSOCKET_AUTH_MODES = ["none", "token"] as const;

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

export function hasTagOrDigest(image: string): boolean {
  if (image.includes("@")) return /@[a-z0-9]+:[0-9a-f]{32,}$/i.test(image);
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return /:[\w][\w.-]{0,127}$/.test(lastSegment);
}

const secretSetName = r.optional(r.string({ min: 3, max: 63, patterns: [SECRET_SET_PATTERN] }));

/** The field rules of `agentInputsSchema`, in its order. */
export const AGENT_INPUT_RULES = {
  agentName: r.string({ max: 54, patterns: [AGENT_NAME_PATTERN] }),
  image: r.optional(r.string({ patterns: [/^\S+$/], test: hasTagOrDigest })),
  buildId: r.optional(r.string({ patterns: [GUID_PATTERN] })),
  region: r.optional(r.string({ patterns: [REGION_PATTERN] })),
  nodeType: r.optional(r.oneOf("arm")),
  imagePullSecretSet: secretSetName,
  secretSet: secretSetName,
  autoScaling: r.optional(r.object({ minAgents: r.optional(r.int(0, 1_000_000)), maxAgents: r.optional(r.int(1, 1_000_000)) })),
  krispViva: r.optional(r.object({ audioFilter: r.optional(r.nullable(r.oneOf(...AUDIO_FILTERS))) })),
  enableKrisp: r.optional(r.boolean()),
  agentProfile: r.optional(r.oneOf(...AGENT_PROFILES)),
  maxSessionDuration: r.optional(r.int(60, 14_400)),
  enableManagedKeys: r.optional(r.boolean()),
  websocketAuth: r.optional(r.oneOf(...WEBSOCKET_AUTH_MODES)),
  waitForReady: r.optional(r.boolean()),
  readyTimeoutSeconds: r.optional(r.int(1, 86_400)),
  redeployTrigger: r.optional(r.string()),
  adoptExisting: r.optional(r.boolean()),
  allowRegionMoveDowntime: r.optional(r.boolean()),
  // Set by the class when a secret set resource is passed (secret-refs.ts).
  secretSetHash: r.optional(r.string()),
  secretSetRegion: r.optional(r.string()),
  imagePullSecretSetHash: r.optional(r.string()),
  imagePullSecretSetRegion: r.optional(r.string()),
} satisfies Shape;

/** Every input a PipecatAgent takes, in the schema's order. */
export const INPUT_KEYS = Object.keys(AGENT_INPUT_RULES) as ReadonlyArray<keyof typeof AGENT_INPUT_RULES>;
/** Inputs that steer the provider and are never sent to the API. */
export const PROVIDER_ONLY_KEYS: ReadonlyArray<(typeof INPUT_KEYS)[number]> = ["waitForReady", "readyTimeoutSeconds", "adoptExisting", "allowRegionMoveDowntime", "secretSetRegion", "imagePullSecretSetRegion"];

/** The keys of a nested input (`autoScaling`, `krispViva`), for "did you mean" hints. */
export function nestedInputKeys(key: string): string[] {
  const rule = (AGENT_INPUT_RULES as Shape)[key];
  const inner = rule?.kind === "optional" ? rule.rule : rule;
  return inner?.kind === "object" ? Object.keys(inner.shape) : [];
}

/** The zod schema's verdict on the known inputs (problems under unknown paths aside), without zod. */
export function agentInputsValid(known: Record<string, unknown>, unknownPaths: readonly string[] = []): boolean {
  return satisfies(r.object(AGENT_INPUT_RULES), known, "", unknownPaths);
}
