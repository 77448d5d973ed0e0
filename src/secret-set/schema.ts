// What a PipecatSecretSet accepts. Messages never quote a value: they may be secrets.
import { z } from "zod";
import { readyTimeoutSchema, regionSchema, setNameSchema } from "../secret-common/schema";

export const SECRET_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

export const secretSetInputsSchema = z.strictObject({
  setName: setNameSchema,
  region: regionSchema.optional(),
  secrets: z.record(
    z.string(),
    z.string("must be a string (the secret's value)"),
    'is required: the secrets as { KEY: value }, for example { OPENAI_API_KEY: config.requireSecret("openaiApiKey") }',
  ),
  readyTimeoutSeconds: readyTimeoutSchema.optional(),
});

export const SECRET_SET_INPUT_KEYS = Object.keys(secretSetInputsSchema.shape);
