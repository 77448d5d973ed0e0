// Failures after a resource exists upstream: Pulumi keeps the resource in state
// (with these properties) only when the error carries its id, or it is orphaned.
import { jsonSafe } from "./json";

/** An error Pulumi understands as "created, but not healthy": it keeps the resource in state. */
export interface ResourceInitFailure extends Error {
  /** The id of the resource that exists despite the failure: Pulumi keeps it in state. */
  id: string;
  /** Its live outputs, recorded in state so nothing is orphaned. */
  properties: Record<string, unknown>;
  /** Why it is not usable yet (the deployment's failure, a timeout), shown by Pulumi. */
  reasons: string[];
}

export function initFailure(error: unknown, id: string, properties: Record<string, unknown>): ResourceInitFailure {
  const failure = (error instanceof Error ? error : new Error(String(error))) as ResourceInitFailure;
  failure.id = id;
  failure.properties = jsonSafe(properties);
  failure.reasons = [failure.message];
  return failure;
}
