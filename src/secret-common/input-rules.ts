// Input rules both secret set kinds share, without zod: the constants their zod
// schemas (schema.ts) are built from, and the zod-free copies of the shared
// field rules (core/fast-rules.ts) that check() runs first. The property test
// (test/unit/input-rules-kinds.test.ts) proves each kind's copy gives its
// schema's verdict; change both together.
import { rules as r } from "../core/fast-rules";

/** The API's DNS-subdomain rule for set names, 3 to 63 characters. */
export const SET_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const SET_REGION_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const DEFAULT_SET_READY_TIMEOUT_SECONDS = 300;

/** The field rules of `setNameSchema`, `regionSchema` and `readyTimeoutSchema`. */
export const setNameRule = r.string({ min: 3, max: 63, patterns: [SET_NAME_PATTERN] });
export const regionRule = r.string({ patterns: [SET_REGION_PATTERN] });
export const readyTimeoutRule = r.int(1, 3_600);
