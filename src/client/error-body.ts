// Bodies every endpoint shares: the error envelope and the bare `{status: "OK"}`.
import { z } from "zod";

export const okSchema = z.looseObject({ status: z.string().optional() });

/** The documented `{error, code}` body, plus the `message` variant some endpoints use. */
export const errorBodySchema = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
});
