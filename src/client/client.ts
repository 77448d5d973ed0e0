// A small typed client for the Pipecat Cloud API on undici: bearer auth,
// timeouts on every phase, one retry policy, and zod validation of every body.
import { Agent, type Dispatcher } from "undici";
import type { z } from "zod";
import { errorBodySchema } from "./error-body";
import { ApiError } from "./errors/ApiError";
import { NetworkError } from "./errors/NetworkError";
import { ResponseValidationError } from "./errors/ResponseValidationError";
import { TimeoutError } from "./errors/TimeoutError";
import { Pacer, sharedPacer } from "./pacing";
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs, type RetryPolicy } from "./retry-policy";

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const defaultTimeouts: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface RequestEvent {
  method: string;
  path: string;
  attempt: number;
  status?: number;
  errorCode?: string;
  durationMs: number;
}

export interface ClientOptions {
  /** e.g. https://api.pipecat.daily.co (a trailing /v1 is accepted too). */
  baseUrl: string;
  apiKey: string;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  /** Share one connection pool between clients; by default each client owns one. */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /**
   * Paces requests to the origin. By default one pacer per origin is shared by
   * every client in the process.
   */
  pacer?: Pacer;
  /** Seams for tests: waiting, jitter and time. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called after every attempt: for logs and benchmarks. Never sees headers. */
  onRequest?: (event: RequestEvent) => void;
}

/** Whether a request may be repeated after an ambiguous failure. */
export type Safety = "idempotent" | "create";

export interface Call<T> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
  safety: Safety;
  /** Statuses that are an answer, not an error (404 on get/delete). */
  accept?: readonly number[];
  /** The status is the whole answer: a 2xx body is not read as JSON (delete). */
  statusOnly?: boolean;
}

export class PipecatClient {
  readonly origin: string;
  private readonly prefix: string;
  private readonly policy: RetryPolicy;
  private readonly timeouts: Timeouts;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  readonly pacer: Pacer;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "") + "/v1";
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.timeouts = { ...defaultTimeouts, ...options.timeouts };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ connect: { timeout: this.timeouts.connectMs }, keepAliveTimeout: 10_000 });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    // A client on a test clock is not paced (pacing would wait on that clock); its 429 retries still get jitter.
    const ownClock = options.sleep !== undefined || options.now !== undefined;
    this.pacer = options.pacer ?? (ownClock ? new Pacer({ burst: Infinity }, { random: this.random }) : sharedPacer(this.origin));
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** One API call: retried per the policy, its 2xx body validated by `schema`. Paths are relative to /v1. */
  async request<T>(call: Call<T>): Promise<{ status: number; data: T }> {
    const path = this.prefix + call.path;
    const firstTry = this.now();
    const conflictDeadline = firstTry + this.policy.conflictWaitMs;
    for (let attempt = 1; ; attempt++) {
      await this.pacer.acquire();
      const started = this.now();
      let response: Dispatcher.ResponseData;
      let text: string;
      try {
        response = await this.dispatcher.request({
          origin: this.origin,
          path,
          method: call.method,
          headers: {
            authorization: `Bearer ${this.options.apiKey}`,
            accept: "application/json",
            "user-agent": this.options.userAgent ?? "pulumi-pipecat-cloud",
            ...(call.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          headersTimeout: this.timeouts.headersMs,
          bodyTimeout: this.timeouts.bodyMs,
        });
        text = await response.body.text();
      } catch (cause) {
        const code = (cause as { code?: string }).code ?? "";
        this.report(call, path, attempt, started, { errorCode: code || "UNKNOWN" });
        const unsent = this.policy.unsentErrorCodes.includes(code);
        const retryable = unsent || (call.safety === "idempotent" && this.policy.errorCodes.includes(code));
        if (retryable && attempt < this.policy.attempts) {
          await this.sleep(backoffDelayMs(this.policy, attempt, this.random));
          continue;
        }
        throw /TIMEOUT/.test(code) ? new TimeoutError(call.method, path, !unsent, cause) : new NetworkError(call.method, path, !unsent, cause);
      }

      const status = response.statusCode;
      this.report(call, path, attempt, started, { status });
      if (status === 429) this.pacer.throttle();
      else this.pacer.succeeded();
      if ((status >= 200 && status < 300) || call.accept?.includes(status)) {
        const ok = status >= 200 && status < 300 && !call.statusOnly;
        return { status, data: ok ? this.parse(call, path, status, text) : (undefined as T) };
      }

      const delay = this.retryDelay(call, status, header(response.headers, "retry-after"), attempt, conflictDeadline);
      if (delay !== undefined) {
        await this.sleep(delay);
        continue;
      }
      throw this.apiError(call.method, path, status, text, attempt, this.now() - firstTry);
    }
  }

  /** How long to wait before trying again, or undefined to give up. */
  private retryDelay(call: Call<unknown>, status: number, retryAfter: string | undefined, attempt: number, conflictDeadline: number): number | undefined {
    if (status === 409 && (call.method === "POST" || call.method === "PUT")) {
      // POST: a referenced secret set is still provisioning. PUT: the set was
      // modified concurrently. Either way the server did not act.
      return this.now() + this.policy.conflictDelayMs <= conflictDeadline ? this.policy.conflictDelayMs : undefined;
    }
    const retryable = call.safety === "idempotent" ? this.policy.statuses.includes(status) : this.policy.unprocessedStatuses.includes(status);
    if (!retryable || attempt >= this.policy.attempts) return undefined;
    const requested = parseRetryAfterMs(retryAfter, this.now());
    if (requested !== undefined) return requested <= this.policy.maxRetryAfterMs ? this.pacer.retryDelayMs(requested) : undefined;
    return backoffDelayMs(this.policy, attempt, this.random);
  }

  private parse<T>(call: Call<T>, path: string, status: number, text: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseValidationError(call.method, path, status, `not JSON: ${preview(text)}`);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".") || "(body)";
      throw new ResponseValidationError(call.method, path, status, `${field}: ${issue.message}`);
    }
    return parsed.data;
  }

  private apiError(method: string, path: string, status: number, text: string, attempts: number, elapsedMs: number): ApiError {
    let apiCode: string | undefined;
    let apiMessage = preview(text) || "(empty body)";
    try {
      const body = errorBodySchema.safeParse(JSON.parse(text));
      if (body.success) {
        apiCode = body.data.code === undefined ? undefined : String(body.data.code);
        apiMessage = body.data.error ?? body.data.message ?? apiMessage;
      }
    } catch {
      // Not JSON (a proxy's HTML page, say): the text preview is the message.
    }
    return new ApiError(method, path, status, apiCode, apiMessage, hintFor(status, { attempts, elapsedMs, maxRetryAfterMs: this.policy.maxRetryAfterMs, apiMessage }));
  }

  private report(call: Call<unknown>, path: string, attempt: number, started: number, outcome: { status?: number; errorCode?: string }): void {
    this.options.onRequest?.({ method: call.method, path, attempt, durationMs: this.now() - started, ...outcome });
  }
}

/** What to do about a failed request; exported for its table test. */
export function hintFor(
  status: number,
  context: { attempts: number; elapsedMs: number; maxRetryAfterMs: number; apiMessage?: string },
): string | undefined {
  const { attempts, elapsedMs, maxRetryAfterMs, apiMessage = "" } = context;
  if (status === 401 || status === 403) {
    return "Check the API key (pulumi config set --secret pipecat:apiKey, or PIPECAT_API_KEY): it must be a Private API key of the organization";
  }
  // Only a 409 that says so is about a secret set still provisioning (a concurrent modification is another 409).
  if (status === 409 && /secret/i.test(apiMessage) && /not (yet )?ready|provision/i.test(apiMessage)) {
    return "A secret set the agent references is not ready yet (or failed to provision); check it with GET /v1/secrets and retry";
  }
  if (status === 429) {
    return (
      `Rate limited by Pipecat Cloud: still HTTP 429 after ${attempts} attempt(s) over ${Math.round(elapsedMs / 1000)} s ` +
      `(or it asked to wait longer than ${maxRetryAfterMs / 1000} s). This host already slowed its requests down; ` +
      "wait a minute and run the command again, or run fewer resources at once (pulumi up --parallel N)"
    );
  }
  if (status >= 500) return `Pipecat Cloud returned a server error after ${attempts} attempt(s); run the command again later`;
  return undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
