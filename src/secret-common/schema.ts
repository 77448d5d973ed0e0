// Input rules both secret set kinds share: the set's name, its region, the wait.
import { z } from "zod";

// The constants live in input-rules.ts, with the zod-free copies of these rules
// that check() runs first; these schemas explain rejections.
import { DEFAULT_SET_READY_TIMEOUT_SECONDS, SET_NAME_PATTERN, SET_REGION_PATTERN } from "./input-rules";
export { DEFAULT_SET_READY_TIMEOUT_SECONDS, SET_NAME_PATTERN };

export const setNameSchema = z
  .string("is required: the set's name in Pipecat Cloud, for example \"my-agent-secrets\"")
  .min(3, "must be at least 3 characters")
  .max(63, "must be at most 63 characters")
  .regex(SET_NAME_PATTERN, 'must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (for example "my-agent-secrets")');

export const regionSchema = z
  .string()
  .regex(SET_REGION_PATTERN, 'must be a region code such as "us-west", "us-east", "eu-central" or "ap-south"');

export const readyTimeoutSchema = z
  .number()
  .int("must be a whole number of seconds to wait for the set to be provisioned")
  .min(1, "must be at least 1 second")
  .max(3_600, "must be at most 3600 seconds");
