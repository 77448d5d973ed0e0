// check(): validate a PipecatImagePullSecret's inputs locally and fill in defaults.
import { knownFailures, userInputs, type CheckFailure } from "../core/check";
import { splitUnknowns } from "../core/unknowns";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/input-rules";
import { DOCKER_HUB, IMAGE_PULL_SECRET_INPUT_KEYS, imagePullSecretInputsValid } from "./input-rules";

/** Async only because a rejection loads zod to explain itself; valid inputs never wait for it. */
export async function checkImagePullSecretInputs(news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const inputs = userInputs(news);
  inputs.host ??= DOCKER_HUB;
  inputs.readyTimeoutSeconds ??= DEFAULT_SET_READY_TIMEOUT_SECONDS;
  const { known, unknownPaths } = splitUnknowns(inputs);
  // The zod-free rules decide; zod (slow to load) only explains a rejection.
  const failures = imagePullSecretInputsValid(known, unknownPaths) ? [] : await imagePullSecretSchemaFailures(known, unknownPaths);
  if (typeof inputs.username === "string" && inputs.username.includes(":")) {
    failures.push({ property: "username", reason: 'must not contain ":" (the registry credential is "username:password")' });
  }
  return { inputs, failures };
}

/** The zod schema's issues, one failure per property, those under unknown paths aside. */
export async function imagePullSecretSchemaFailures(known: Record<string, unknown>, unknownPaths: string[]): Promise<CheckFailure[]> {
  const { imagePullSecretInputsSchema } = await import("./schema");
  return knownFailures(imagePullSecretInputsSchema, known, unknownPaths, "PipecatImagePullSecret", (parent) => (parent ? [] : IMAGE_PULL_SECRET_INPUT_KEYS));
}
