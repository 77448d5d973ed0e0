import { PipecatError } from "./PipecatError";

/** The connection failed, or was dropped before a complete response arrived. */
export class NetworkError extends PipecatError {
  readonly code = "PIPECAT_ERR_NETWORK";

  constructor(
    readonly method: string,
    readonly path: string,
    /** False only when the request provably never reached the server (connection refused, DNS). */
    readonly mayHaveBeenProcessed: boolean,
    cause: unknown,
  ) {
    super(`${method} ${path} failed: ${describeCause(cause)}. Check network access to the Pipecat Cloud API (pipecat:apiUrl)`, { cause });
  }
}

export function describeCause(cause: unknown): string {
  const err = cause as { code?: string; message?: string } | undefined;
  return [err?.code, err?.message].filter(Boolean).join(" ") || String(cause);
}
