// Input rules both secret set kinds share, without zod: the constants their zod
// schemas (schema.ts) are built from, and the zod-free copies of the shared
// field rules (core/fast-rules.ts) that check() runs first. The property test
// (test/unit/input-rules-kinds.test.ts) proves each kind's copy gives its
// schema's verdict; change both together.
import { rules as r } from "../core/fast-rules";
import { REGION_PATTERN as SET_REGION_PATTERN, SECRET_SET_NAME_PATTERN as SET_NAME_PATTERN } from "../core/patterns";

export { SET_NAME_PATTERN, SET_REGION_PATTERN };

export const DEFAULT_SET_READY_TIMEOUT_SECONDS = 300;

/** The field rules of `setNameSchema`, `regionSchema` and `readyTimeoutSchema`. */
export const setNameRule = r.string({ min: 3, max: 63, patterns: [SET_NAME_PATTERN] });
export const regionRule = r.string({ patterns: [SET_REGION_PATTERN] });
export const readyTimeoutRule = r.int(1, 3_600);
