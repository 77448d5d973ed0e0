// check(): validate a PipecatAgent's inputs locally (no network) and fill in the
// documented defaults, so that what is stored, diffed and sent is always explicit.
import { agentInputsSchema, DEFAULTS, INPUT_KEYS } from "./schema";
import { isUnknown, touchesUnknown } from "../core/unknowns";
import { PROVIDER_KEY, schemaFailures, type CheckFailure } from "../core/check";
import { secretRegionFailures } from "./secret-refs";

export type { CheckFailure } from "../core/check";

export function checkAgentInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const { [PROVIDER_KEY]: _provider, ...userInputs } = news;
  const candidate = applyDefaults(dropNulls(userInputs));
  const { known, unknownPaths, failures } = schemaFailures(agentInputsSchema, candidate, "PipecatAgent", keysAt);
  failures.push(...crossFieldFailures(known, unknownPaths));
  failures.push(...secretRegionFailures(known, unknownPaths));

  return { inputs: candidate, failures };
}

/** `null` for an optional input means "not set", except the documented `krispViva.audioFilter: null`. */
function dropNulls(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== null && v !== undefined));
}

function applyDefaults(inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  out.nodeType ??= DEFAULTS.nodeType;
  out.agentProfile ??= DEFAULTS.agentProfile;
  out.maxSessionDuration ??= DEFAULTS.maxSessionDuration;
  out.waitForReady ??= DEFAULTS.waitForReady;
  out.readyTimeoutSeconds ??= DEFAULTS.readyTimeoutSeconds;
  out.autoScaling = withDefaults(out.autoScaling, { minAgents: DEFAULTS.minAgents, maxAgents: DEFAULTS.maxAgents });
  out.krispViva = withDefaults(out.krispViva, { audioFilter: null });
  return out;
}

function withDefaults(value: unknown, defaults: Record<string, unknown>): unknown {
  if (isUnknown(value)) return value;
  if (value === undefined) return { ...defaults };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value; // let the schema complain
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [k, d] of Object.entries(defaults)) if (out[k] === undefined) out[k] = d;
  return out;
}

function keysAt(parentPath: string): string[] {
  return parentPath ? nestedKeys(parentPath) : [...INPUT_KEYS];
}

function nestedKeys(parentPath: string): string[] {
  const field = agentInputsSchema.shape[parentPath as keyof typeof agentInputsSchema.shape] as unknown as
    | { unwrap?: () => { shape?: Record<string, unknown> } }
    | undefined;
  const shape = field?.unwrap?.().shape;
  return shape ? Object.keys(shape) : [];
}

/** Rules that span several properties; skipped when a property involved is not known yet (preview). */
function crossFieldFailures(known: Record<string, unknown>, unknownPaths: string[]): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const unknown = (p: string) => touchesUnknown(p, unknownPaths);

  if (!unknown("image") && !unknown("buildId")) {
    if (known.image !== undefined && known.buildId !== undefined) {
      failures.push({ property: "buildId", reason: "cannot be set together with image: deploy either a container image or a cloud build, not both" });
    } else if (known.image === undefined && known.buildId === undefined) {
      failures.push({ property: "image", reason: 'is required unless buildId is set: a container image with a tag, for example "acme/my-agent:1.0.0"' });
    }
  }

  const scaling = known.autoScaling as { minAgents?: unknown; maxAgents?: unknown } | undefined;
  if (scaling && !unknown("autoScaling.minAgents") && !unknown("autoScaling.maxAgents")) {
    const { minAgents, maxAgents } = scaling;
    if (typeof minAgents === "number" && typeof maxAgents === "number" && minAgents > maxAgents) {
      failures.push({
        property: "autoScaling.maxAgents",
        reason: `must be at least minAgents (${minAgents}), but is ${maxAgents}${maxAgents === DEFAULTS.maxAgents ? " (the default)" : ""}: raise maxAgents or lower minAgents`,
      });
    }
  }
  return failures;
}
