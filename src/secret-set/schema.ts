// What a PipecatSecretSet accepts. Messages never quote a value: they may be secrets.
import { z } from "zod";
import { readyTimeoutSchema, regionSchema, setNameSchema } from "../secret-common/schema";

// The constants live in input-rules.ts, with a zod-free copy of these rules that
// check() runs first; this schema explains rejections.
export { SECRET_KEY_PATTERN, SECRET_SET_INPUT_KEYS } from "./input-rules";

export const secretSetInputsSchema = z.strictObject({
  setName: setNameSchema,
  region: regionSchema.optional(),
  secrets: z.record(
    z.string(),
    z.string("must be a string (the secret's value)").min(1, "must not be empty: Pipecat Cloud stores no empty value (the pcc CLI refuses one too); remove the key instead"),
    'is required: the secrets as { KEY: value }, for example { OPENAI_API_KEY: config.requireSecret("openaiApiKey") }',
  ),
  readyTimeoutSeconds: readyTimeoutSchema.optional(),
});
