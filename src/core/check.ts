// What every resource's check() shares: zod issues turned into one failure per
// property path (naming the property and the fix), silence about values that
// are unknown during preview, and a suggestion for a misspelt input name.
import type { core, z } from "zod";
import { splitUnknowns, touchesUnknown } from "./unknowns";

export interface CheckFailure {
  property: string;
  reason: string;
}

export const PROVIDER_KEY = "__provider";

/** The user's inputs without the serialized provider and without null/undefined ("not set"). */
export function userInputs(news: Record<string, unknown>): Record<string, unknown> {
  const { [PROVIDER_KEY]: _provider, ...rest } = news;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * Validates the known part of `candidate` against `schema`. `resource` names the
 * resource in messages; `keysAt` lists the valid property names under a path
 * ("" for the top level), for "did you mean" hints.
 */
export function schemaFailures(
  schema: z.ZodType,
  candidate: Record<string, unknown>,
  resource: string,
  keysAt: (parentPath: string) => string[],
): { known: Record<string, unknown>; unknownPaths: string[]; failures: CheckFailure[] } {
  const { known, unknownPaths } = splitUnknowns(candidate);
  return { known, unknownPaths, failures: knownFailures(schema, known, unknownPaths, resource, keysAt) };
}

/** The schema's issues with the known inputs, one failure per property, those under unknown paths aside. */
export function knownFailures(
  schema: z.ZodType,
  known: Record<string, unknown>,
  unknownPaths: string[],
  resource: string,
  keysAt: (parentPath: string) => string[],
): CheckFailure[] {
  const parsed = schema.safeParse(known);
  return parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(issue, unknownPaths, resource, keysAt));
}

export function describeIssue(
  issue: core.$ZodIssue,
  unknownPaths: string[],
  resource: string,
  keysAt: (parentPath: string) => string[],
): CheckFailure[] {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ property: path ? `${path}.${key}` : key, reason: unknownPropertyReason(key, keysAt(path), resource) }));
  }
  if (touchesUnknown(path, unknownPaths)) return [];
  return [{ property: path, reason: issue.message }];
}

function unknownPropertyReason(key: string, siblings: string[], resource: string): string {
  const match = closest(key, siblings);
  const hint = match ? `did you mean "${match}"?` : `known properties are: ${siblings.join(", ")}`;
  return `is not a ${resource} input and would be ignored; ${hint}`;
}

/** The property the user probably meant: same letters in another case, or at most two typos away. */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = candidates.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
