// PipecatSecretSet's input rules without zod: its constants and a hand-kept
// copy of `secretSetInputsSchema`'s field rules (core/fast-rules.ts) that
// check() runs first. test/unit/input-rules-kinds.test.ts proves the copy gives
// the schema's verdict; change both together.
import { rules as r, satisfies, type Shape } from "../core/fast-rules";
import { readyTimeoutRule, regionRule, setNameRule } from "../secret-common/input-rules";

export const SECRET_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The field rules of `secretSetInputsSchema`, in its order. */
export const SECRET_SET_INPUT_RULES = {
  setName: setNameRule,
  region: r.optional(regionRule),
  secrets: r.record(r.string({ min: 1 })),
  readyTimeoutSeconds: r.optional(readyTimeoutRule),
} satisfies Shape;

export const SECRET_SET_INPUT_KEYS = Object.keys(SECRET_SET_INPUT_RULES);

/** The zod schema's verdict on the known inputs (problems under unknown paths aside), without zod. */
export function secretSetInputsValid(known: Record<string, unknown>, unknownPaths: readonly string[] = []): boolean {
  return satisfies(r.object(SECRET_SET_INPUT_RULES), known, "", unknownPaths);
}
