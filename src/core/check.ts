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
  const failures: CheckFailure[] = [];
  const parsed = schema.safeParse(known);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) failures.push(...describeIssue(issue, unknownPaths, resource, keysAt));
  }
  return { known, unknownPaths, failures };
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
  const match = siblings.find((k) => k.toLowerCase() === key.toLowerCase());
  const hint = match ? `did you mean "${match}"?` : `known properties are: ${siblings.join(", ")}`;
  return `is not a ${resource} input and would be ignored; ${hint}`;
}
