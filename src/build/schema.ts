// PipecatBuild's inputs (what check() accepts) and the build endpoints' answers.
import { z } from "zod";

// The constants live in input-rules.ts, with a zod-free copy of the input rules
// that check() runs first; this schema explains rejections.
import { CONTEXT_HASH_PATTERN, DEFAULTS, INPUT_KEYS, isAbsolutePath, isInsideContext, REGION_PATTERN } from "./input-rules";
export { DEFAULTS, INPUT_KEYS };

export const buildInputsSchema = z.strictObject({
  contextDir: z
    .string("must be the folder to build")
    .min(1, "must be the folder to build")
    .refine((p) => !isAbsolutePath(p), "must be relative to the Pulumi project directory (the PipecatBuild class converts absolute paths; state never stores one)"),
  contextHash: z.string().regex(CONTEXT_HASH_PATTERN, "must be 16 hex digits (computed by the PipecatBuild class; do not set it by hand)"),
  dockerfile: z
    .string("must be the Dockerfile's path inside contextDir, for example \"Dockerfile\"")
    .min(1, "must be the Dockerfile's path inside contextDir, for example \"Dockerfile\"")
    .refine(isInsideContext, "must be a path inside contextDir, for example \"Dockerfile\" or \"docker/Dockerfile.prod\""),
  region: z.string().regex(REGION_PATTERN, 'must be a region code such as "us-west", "us-east", "eu-central" or "ap-south"').optional(),
  exclude: z.array(z.string("must be a list of glob patterns such as \"*.wav\"")).optional(),
  buildTimeoutSeconds: z
    .number("must be a number of seconds")
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .max(86_400, "must be at most 86400 seconds (one day)")
    .optional(),
});

export type BuildInputsParsed = z.infer<typeof buildInputsSchema>;

export const buildSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  region: z.string(),
  contextHash: z.string(),
  dockerfilePath: z.string().nullish(),
  imageUri: z.string().nullish(),
  logsUrl: z.string().nullish(),
  errorMessage: z.string().nullish(),
  contextSizeBytes: z.number().nullish(),
  imageSizeBytes: z.number().nullish(),
  buildDurationSeconds: z.number().nullish(),
  createdAt: z.string().nullish(),
  completedAt: z.string().nullish(),
});
export type Build = z.infer<typeof buildSchema>;

export const getBuildResponseSchema = z.looseObject({ build: buildSchema });
export const createBuildResponseSchema = z.looseObject({ build: buildSchema, contextHash: z.string().optional(), cached: z.boolean().optional() });
export const listBuildsResponseSchema = z.looseObject({ builds: z.array(buildSchema) });
export const uploadUrlResponseSchema = z.looseObject({
  uploadId: z.string(),
  uploadUrl: z.string().url(),
  uploadFields: z.record(z.string(), z.string()),
  expiresAt: z.string().optional(),
});
export type UploadTarget = z.infer<typeof uploadUrlResponseSchema>;
export const buildLogsResponseSchema = z.looseObject({ logs: z.array(z.string()), nextToken: z.string().nullish() });
export const propertiesResponseSchema = z.looseObject({ properties: z.looseObject({ defaultRegion: z.string() }) });
