// check(): validate a PipecatImagePullSecret's inputs locally and fill in defaults.
import { schemaFailures, userInputs, type CheckFailure } from "../core/check";
import { DEFAULT_SET_READY_TIMEOUT_SECONDS } from "../secret-common/schema";
import { DOCKER_HUB, IMAGE_PULL_SECRET_INPUT_KEYS, imagePullSecretInputsSchema } from "./schema";

export function checkImagePullSecretInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const inputs = userInputs(news);
  inputs.host ??= DOCKER_HUB;
  inputs.readyTimeoutSeconds ??= DEFAULT_SET_READY_TIMEOUT_SECONDS;
  const { failures } = schemaFailures(imagePullSecretInputsSchema, inputs, "PipecatImagePullSecret", (parent) => (parent ? [] : IMAGE_PULL_SECRET_INPUT_KEYS));
  if (typeof inputs.username === "string" && inputs.username.includes(":")) {
    failures.push({ property: "username", reason: 'must not contain ":" (the registry credential is "username:password")' });
  }
  return { inputs, failures };
}
