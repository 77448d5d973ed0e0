// PipecatBuild's input rules without zod: its constants and a hand-kept copy of
// `buildInputsSchema`'s field rules (core/fast-rules.ts) that check() runs
// first. test/unit/input-rules-kinds.test.ts proves the copy gives the schema's
// verdict; change both together.
import { rules as r, satisfies, type Shape } from "../core/fast-rules";
import { REGION_PATTERN } from "../core/patterns";

export { REGION_PATTERN };

export const DEFAULTS = { dockerfile: "Dockerfile", buildTimeoutSeconds: 600 } as const;

export const CONTEXT_HASH_PATTERN = /^[0-9a-f]{16}$/;

export const isAbsolutePath = (p: string): boolean => p.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(p);
/** A relative path that does not climb out of the context. */
export const isInsideContext = (p: string): boolean => !isAbsolutePath(p) && !p.split(/[\\/]/).includes("..");

/** The field rules of `buildInputsSchema`, in its order. */
export const BUILD_INPUT_RULES = {
  contextDir: r.string({ min: 1, test: (p) => !isAbsolutePath(p) }),
  contextHash: r.string({ patterns: [CONTEXT_HASH_PATTERN] }),
  dockerfile: r.string({ min: 1, test: isInsideContext }),
  region: r.optional(r.string({ patterns: [REGION_PATTERN] })),
  exclude: r.optional(r.array(r.string())),
  buildTimeoutSeconds: r.optional(r.int(1, 86_400)),
} satisfies Shape;

/** Every input a PipecatBuild takes, in the schema's order. */
export const INPUT_KEYS = Object.keys(BUILD_INPUT_RULES) as ReadonlyArray<keyof typeof BUILD_INPUT_RULES>;

/** The zod schema's verdict on the known inputs (problems under unknown paths aside), without zod. */
export function buildInputsValid(known: Record<string, unknown>, unknownPaths: readonly string[] = []): boolean {
  return satisfies(r.object(BUILD_INPUT_RULES), known, "", unknownPaths);
}
