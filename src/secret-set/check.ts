// check(): validate a PipecatSecretSet's inputs locally and fill in defaults.
import { schemaFailures, userInputs, type CheckFailure } from "../core/check";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/schema";
import { SECRET_KEY_PATTERN, SECRET_SET_INPUT_KEYS, secretSetInputsSchema } from "./schema";

export function checkSecretSetInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const inputs = userInputs(news);
  inputs.readyTimeoutSeconds ??= DEFAULT_SET_READY_TIMEOUT_SECONDS;
  const { failures } = schemaFailures(secretSetInputsSchema, inputs, "PipecatSecretSet", (parent) => (parent ? [] : SECRET_SET_INPUT_KEYS));
  // Key names are known even while values are not (preview): check them on the inputs as given.
  failures.push(...keyFailures(inputs.secrets));
  return { inputs, failures };
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
