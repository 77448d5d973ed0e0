// PipecatImagePullSecret's input rules without zod: its constants and a
// hand-kept copy of `imagePullSecretInputsSchema`'s field rules
// (core/fast-rules.ts) that check() runs first.
// test/unit/input-rules-kinds.test.ts proves the copy gives the schema's
// verdict; change both together.
import { rules as r, satisfies, type Shape } from "../core/fast-rules";
import { readyTimeoutRule, regionRule, setNameRule } from "../secret-common/input-rules";

/** Docker Hub's registry URL, the API's example and the usual default. */
export const DOCKER_HUB = "https://index.docker.io/v1/";

/** zod's `z.url({ protocol: /^https?$/ })`: an http(s) URL, written with "://", around surrounding whitespace. */
export function isHttpUrl(value: string): boolean {
  const trimmed = value.trim();
  return /^https?:\/\//i.test(trimmed) && URL.canParse(trimmed);
}

/** The field rules of `imagePullSecretInputsSchema`, in its order. */
export const IMAGE_PULL_SECRET_INPUT_RULES = {
  setName: setNameRule,
  region: r.optional(regionRule),
  host: r.optional(r.string({ test: isHttpUrl })),
  username: r.string({ min: 1 }),
  password: r.string({ min: 1 }),
  readyTimeoutSeconds: r.optional(readyTimeoutRule),
} satisfies Shape;

export const IMAGE_PULL_SECRET_INPUT_KEYS = Object.keys(IMAGE_PULL_SECRET_INPUT_RULES);

/** The zod schema's verdict on the known inputs (problems under unknown paths aside), without zod. */
export function imagePullSecretInputsValid(known: Record<string, unknown>, unknownPaths: readonly string[] = []): boolean {
  return satisfies(r.object(IMAGE_PULL_SECRET_INPUT_RULES), known, "", unknownPaths);
}
