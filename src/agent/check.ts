// check(): validate a PipecatAgent's inputs locally (no network) and fill in the
// documented defaults, so that what is stored, diffed and sent is always explicit.
import { agentInputsValid, DEFAULTS, INPUT_KEYS, nestedInputKeys } from "./input-rules";
import { isUnknown, splitUnknowns, touchesUnknown } from "../core/unknowns";
import { describeIssue, PROVIDER_KEY, type CheckFailure } from "../core/check";
import { secretRegionFailures } from "./secret-refs";

export type { CheckFailure } from "../core/check";

/** Async only because a rejection loads zod to explain itself; valid inputs never wait for it. */
export async function checkAgentInputs(
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const candidate = withAgentDefaults(news);
  const { known, unknownPaths } = splitUnknowns(candidate);

  // The zod-free rules decide; zod (slow to load) only explains a rejection.
  const failures = agentInputsValid(known, unknownPaths) ? [] : await schemaFailures(known, unknownPaths);
  failures.push(...crossFieldFailures(known, unknownPaths));
  failures.push(...secretRegionFailures(known, unknownPaths));
  // Nothing can be sent to undo a websocketAuth (the API's default is undocumented):
  // removing it would leave the agent on its last mode while the stack says "default".
  if (typeof olds.websocketAuth === "string" && candidate.websocketAuth === undefined) {
    failures.push({
      property: "websocketAuth",
      reason: `cannot be removed once set: Pipecat Cloud documents no way back to its default, so the agent would stay on "${olds.websocketAuth}". Set "none" or "token" explicitly`,
    });
  }

  return { inputs: candidate, failures };
}

/** The inputs check() returns (defaults filled in, nulls and the provider dropped), without judging them. */
export function withAgentDefaults(news: Record<string, unknown>): Record<string, unknown> {
  const { [PROVIDER_KEY]: _provider, ...userInputs } = news;
  return applyDefaults(dropNulls(userInputs));
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

/** The zod schema's issues, one failure per property, those under unknown paths aside. */
export async function schemaFailures(known: Record<string, unknown>, unknownPaths: string[]): Promise<CheckFailure[]> {
  const { agentInputsSchema } = await import("./schema");
  const parsed = agentInputsSchema.safeParse(known);
  return parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(issue, unknownPaths, "PipecatAgent", keysAt));
}

function keysAt(parentPath: string): string[] {
  return parentPath ? nestedInputKeys(parentPath) : [...INPUT_KEYS];
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
