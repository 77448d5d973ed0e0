// What a PipecatImagePullSecret accepts. Messages never quote the password.
import { z } from "zod";
import { readyTimeoutSchema, regionSchema, setNameSchema } from "../secret-common/schema";

// The constants live in input-rules.ts, with a zod-free copy of these rules that
// check() runs first; this schema explains rejections.
export { DOCKER_HUB, IMAGE_PULL_SECRET_INPUT_KEYS } from "./input-rules";

export const imagePullSecretInputsSchema = z.strictObject({
  setName: setNameSchema,
  region: regionSchema.optional(),
  host: z.url({ protocol: /^https?$/, error: 'must be the registry\'s URL, for example "https://index.docker.io/v1/" or "https://ghcr.io"' }).optional(),
  username: z.string("is required: the registry user name").min(1, "must not be empty: the registry user name"),
  password: z.string("is required: the registry password or access token").min(1, "must not be empty: the registry password or access token"),
  readyTimeoutSeconds: readyTimeoutSchema.optional(),
});
