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

// The spec requires no response field: every one may be missing. A missing status is
// "still in progress" (mapping.ts), a missing region or hash is the one asked for.
export const buildSchema = z.looseObject({
  id: z.string().nullish(),
  status: z.string().nullish(),
  region: z.string().nullish(),
  contextHash: z.string().nullish(),
  dockerfilePath: z.string().nullish(),
  imageUri: z.string().nullish(),
  logsUrl: z.string().nullish(),
  errorMessage: z.string().nullish(),
  contextSizeBytes: z.number().nullish(),
  imageSizeBytes: z.number().nullish(),
  buildDurationSeconds: z.number().nullish(),
  createdAt: z.string().nullish(),
  startedAt: z.string().nullish(),
  completedAt: z.string().nullish(),
});
export type Build = z.infer<typeof buildSchema>;

/** `{ build: {...} }` as the spec shows it, or the build object itself, as the official CLI also accepts. */
const buildAnswerSchema = z
  .looseObject({ build: buildSchema.nullish(), cached: z.boolean().nullish() })
  .transform((body): { build: Build; cached?: boolean } => ({ build: body.build ?? buildSchema.parse(body), cached: body.cached ?? undefined }));
export const getBuildResponseSchema = buildAnswerSchema;
export const createBuildResponseSchema = buildAnswerSchema;
export const listBuildsResponseSchema = z.looseObject({ builds: z.array(buildSchema).nullish() });
export const uploadUrlResponseSchema = z.looseObject({
  uploadId: z.string(),
  uploadUrl: z.string().url(),
  uploadFields: z.record(z.string(), z.string()),
  expiresAt: z.string().optional(),
});
export type UploadTarget = z.infer<typeof uploadUrlResponseSchema>;
/** A log entry may be a line, or an object carrying it in `log` or `message`. */
const logEntrySchema = z.union([z.string(), z.looseObject({ log: z.string().nullish(), message: z.string().nullish() })]);
export const buildLogsResponseSchema = z.looseObject({ logs: z.array(logEntrySchema).nullish(), nextToken: z.string().nullish() });
export type LogEntry = z.infer<typeof logEntrySchema>;
