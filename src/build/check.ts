// check(): validate a PipecatBuild's inputs locally and fill in the defaults.
import { DEFAULTS, INPUT_KEYS, buildInputsValid } from "./input-rules";
import { splitUnknowns, touchesUnknown } from "../core/unknowns";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Async only because a rejection loads zod to explain itself; valid inputs never wait for it. */
export async function checkBuildInputs(news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const { __provider: _provider, ...given } = news;
  const inputs: Record<string, unknown> = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null && v !== undefined));
  inputs.dockerfile ??= DEFAULTS.dockerfile;
  inputs.buildTimeoutSeconds ??= DEFAULTS.buildTimeoutSeconds;

  const { known, unknownPaths } = splitUnknowns(inputs);
  // The zod-free rules decide; zod (slow to load) only explains a rejection.
  const failures = buildInputsValid(known, unknownPaths) ? [] : await buildSchemaFailures(known, unknownPaths);
  return { inputs, failures };
}

/** The zod schema's issues, one failure per property, those under unknown paths aside. */
export async function buildSchemaFailures(known: Record<string, unknown>, unknownPaths: string[]): Promise<CheckFailure[]> {
  const { buildInputsSchema } = await import("./schema");
  const parsed = buildInputsSchema.safeParse(known);
  const failures: CheckFailure[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) failures.push({ property: key, reason: `is not a PipecatBuild input; known inputs are: ${INPUT_KEYS.join(", ")}` });
        continue;
      }
      const property = issue.path.map(String).join(".");
      if (!touchesUnknown(property, unknownPaths)) failures.push({ property, reason: issue.message });
    }
  }
  return failures;
}
