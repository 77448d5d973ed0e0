import { PipecatError } from "./PipecatError";

/**
 * Error codes that mean this machine, not the network, ran out of something:
 * file descriptors (every socket is one), local ports, or buffer memory.
 */
const LOCAL_RESOURCE_HINTS: Record<string, string> = {
  EMFILE: "this process ran out of file descriptors (every open socket and file is one)",
  ENFILE: "this machine ran out of file descriptors (every open socket and file is one)",
  EADDRNOTAVAIL: "this machine ran out of local ports for new connections",
  ENOBUFS: "this machine ran out of network buffer space",
  ENOMEM: "this machine ran out of memory for a new connection",
};

/** The connection failed, or was dropped before a complete response arrived. */
export class NetworkError extends PipecatError {
  /** `PIPECAT_ERR_NETWORK`: no complete answer arrived; the socket error is the standard `cause`. */
  readonly code = "PIPECAT_ERR_NETWORK";
  /** True when the cause is on this machine (no file descriptors or ports left), not on the network. */
  readonly local: boolean;

  constructor(
    /** The HTTP method of the failed request: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
    readonly method: string,
    /** The request's URL path, without the host: `/v1/agents/my-agent` (with the query string, if any, and any base path of `pipecat:apiUrl`). */
    readonly path: string,
    /** False only when the request provably never reached the server (connection refused, DNS); true: a write may have taken effect. */
    readonly mayHaveBeenProcessed: boolean,
    cause: unknown,
  ) {
    const local = LOCAL_RESOURCE_HINTS[(cause as { code?: string } | undefined)?.code ?? ""];
    const advice = local
      ? `. This is a problem on this machine, not the network or Pipecat Cloud: ${local}. ` +
        "Raise the limit (ulimit -n 65536 in the shell that runs pulumi), close what holds many files or connections, " +
        "or run fewer resources at once (pulumi up --parallel N)"
      : ". Check network access to the Pipecat Cloud API (pipecat:apiUrl)";
    super(`${method} ${path} failed: ${describeCause(cause)}${advice}`, { cause });
    this.local = local !== undefined;
  }
}

export function describeCause(cause: unknown): string {
  const err = cause as { code?: string; message?: string } | undefined;
  return [err?.code, err?.message].filter(Boolean).join(" ") || String(cause);
}
