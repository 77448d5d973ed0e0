// check(): validate a PipecatSecretSet's inputs locally and fill in defaults.
import { knownFailures, userInputs, type CheckFailure } from "../core/check";
import { splitUnknowns } from "../core/unknowns";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/input-rules";
import { SECRET_KEY_PATTERN, SECRET_SET_INPUT_KEYS, secretSetInputsValid } from "./input-rules";

/** Async only because a rejection loads zod to explain itself; valid inputs never wait for it. */
export async function checkSecretSetInputs(news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const inputs = userInputs(news);
  inputs.readyTimeoutSeconds ??= DEFAULT_SET_READY_TIMEOUT_SECONDS;
  const { known, unknownPaths } = splitUnknowns(inputs);
  // The zod-free rules decide; zod (slow to load) only explains a rejection.
  const failures = secretSetInputsValid(known, unknownPaths) ? [] : await secretSetSchemaFailures(known, unknownPaths);
  // Key names are known even while values are not (preview): check them on the inputs as given.
  failures.push(...keyFailures(inputs.secrets));
  return { inputs, failures };
}

/** The zod schema's issues, one failure per property, those under unknown paths aside. */
export async function secretSetSchemaFailures(known: Record<string, unknown>, unknownPaths: string[]): Promise<CheckFailure[]> {
  const { secretSetInputsSchema } = await import("./schema");
  return knownFailures(secretSetInputsSchema, known, unknownPaths, "PipecatSecretSet", (parent) => (parent ? [] : SECRET_SET_INPUT_KEYS));
}

/** Key names are not secret, so they may be named; values never are. */
function keyFailures(secrets: unknown): CheckFailure[] {
  if (secrets === null || typeof secrets !== "object" || Array.isArray(secrets)) return [];
  const keys = Object.keys(secrets);
  const failures: CheckFailure[] = [];
  if (keys.length === 0) failures.push({ property: "secrets", reason: "must hold at least one key: Pipecat Cloud has no empty secret sets" });
  for (const key of keys) {
    if (!SECRET_KEY_PATTERN.test(key)) failures.push({ property: `secrets.${key}`, reason: 'is not a valid key name: use letters, digits, "_" and "-" only (for example OPENAI_API_KEY)' });
    else if (key.length > 64) failures.push({ property: `secrets.${key}`, reason: "is not a valid key name: at most 64 characters" });
  }
  return failures;
}
