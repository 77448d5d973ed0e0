// Failures after a resource exists upstream: Pulumi keeps the resource in state
// (with these properties) only when the error carries its id, or it is orphaned.
import { jsonSafe } from "./json";

/** An error Pulumi understands as "created, but not healthy": it keeps the resource in state. */
export interface ResourceInitFailure extends Error {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

export function initFailure(error: unknown, id: string, properties: Record<string, unknown>): ResourceInitFailure {
  const failure = (error instanceof Error ? error : new Error(String(error))) as ResourceInitFailure;
  failure.id = id;
  failure.properties = jsonSafe(properties);
  failure.reasons = [failure.message];
  return failure;
}
