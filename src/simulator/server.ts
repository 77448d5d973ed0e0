// HTTP layer: routing, bearer auth, JSON in and out, the fault hook, the
// request log, and the loopback-only control endpoint under /_simulator.

import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import { MAX_UPLOAD_BYTES, UPLOAD_PATH, UploadRejected } from "./builds";
import { REGIONS } from "./catalog";
import { ApiError, badRequest, notFound } from "./errors";
import {
  FaultQueue,
  invalidShapeBody,
  malformedBody,
  parseFaultRule,
  statusFaultBody,
  type Fault,
  type PendingFault,
} from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { SimulatorStore } from "./store";
import type { RecordedRequest } from "./types";
import {
  ignoredAgentFields,
  isObject,
  parseCreateAgent,
  parseSecretSetPut,
  parseUpdateAgent,
  validateSecretSetName,
} from "./validation";

export interface ServerContext {
  store: SimulatorStore;
  faults: FaultQueue;
  requests: RecordedRequest[];
  /** When set, the only bearer accepted; otherwise any non-empty bearer is. */
  apiKey?: string;
  now: () => number;
  log?: (line: string) => void;
  /** When set, /v1 requests beyond the limit get 429 + Retry-After and change nothing. */
  rateLimiter?: RateLimiter;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** `http://host:port` as the client addressed the server (for presigned upload URLs). */
  origin: string;
  /** undefined: no body; `invalid`: not JSON. */
  json: { value: unknown } | "invalid" | undefined;
}

/**
 * Largest JSON body accepted (build contexts go to /_uploads, with their own
 * 500 MB limit). The biggest documented request is a secret set PUT; the spec
 * bounds neither values nor key count, and a set is mounted as a Kubernetes
 * Secret (at most 1 MiB of data), which JSON escaping can inflate up to six
 * times; 10 MiB leaves room for all of that.
 */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const CONTROL_PREFIX = "/_simulator/";
const JSON_TYPE = "application/json; charset=utf-8";

// --- routing ---------------------------------------------------------------

type Handler = (store: SimulatorStore, params: string[], req: Incoming) => Reply;

const ok = (body: unknown, status = 200): Reply => ({ status, body });

function jsonBody(req: Incoming): unknown {
  if (req.json === "invalid") throw badRequest("Invalid JSON body");
  return req.json?.value;
}

const ROUTES: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  {
    method: "GET",
    pattern: /^\/v1\/agents$/,
    handler: (s, _, r) =>
      ok(
        s.listAgents({
          region: r.query.get("region") ?? undefined,
          includeActiveDeployment: r.query.get("includeActiveDeployment") === "true",
        }),
      ),
  },
  { method: "POST", pattern: /^\/v1\/agents$/, handler: (s, _, r) => ok(s.createAgent(parseCreateAgent(jsonBody(r)))) },
  { method: "GET", pattern: /^\/v1\/agents\/([^/]+)$/, handler: (s, [name]) => ok(s.getAgent(name)) },
  {
    method: "POST",
    pattern: /^\/v1\/agents\/([^/]+)$/,
    // The agent must exist before the body is judged: a missing agent is 404 whatever the body.
    handler: (s, [name], r) => {
      if (!s.hasAgent(name)) throw notFound("Service not found");
      return ok(s.updateAgent(name, parseUpdateAgent(jsonBody(r))));
    },
  },
  { method: "DELETE", pattern: /^\/v1\/agents\/([^/]+)$/, handler: (s, [name]) => ok(s.deleteAgent(name)) },
  { method: "GET", pattern: /^\/v1\/secrets$/, handler: (s, _, r) => ok(s.listSecretSets(r.query.get("region") ?? undefined)) },
  { method: "GET", pattern: /^\/v1\/secrets\/([^/]+)$/, handler: (s, [set]) => ok(s.getSecretSet(set)) },
  {
    method: "PUT",
    pattern: /^\/v1\/secrets\/([^/]+)$/,
    handler: (s, [set], r) => {
      validateSecretSetName(set);
      return ok(s.putSecretSet(set, parseSecretSetPut(jsonBody(r))), 202);
    },
  },
  { method: "DELETE", pattern: /^\/v1\/secrets\/([^/]+)$/, handler: (s, [set]) => ok(s.deleteSecretSet(set)) },
  {
    method: "DELETE",
    pattern: /^\/v1\/secrets\/([^/]+)\/([^/]+)$/,
    handler: (s, [set, key]) => ok(s.deleteSecretKey(set, key)),
  },
  { method: "POST", pattern: /^\/v1\/builds\/upload-url$/, handler: (s, _, r) => ok(s.builds.createUploadUrl(jsonBody(r), r.origin)) },
  {
    method: "POST",
    pattern: /^\/v1\/builds$/,
    handler: (s, _, r) => {
      const { status, body } = s.builds.createBuild(jsonBody(r));
      return ok(body, status);
    },
  },
  { method: "GET", pattern: /^\/v1\/builds$/, handler: (s, _, r) => ok(s.builds.listBuilds(r.query)) },
  { method: "GET", pattern: /^\/v1\/builds\/([^/]+)$/, handler: (s, [id]) => ok(s.builds.getBuild(id)) },
  { method: "GET", pattern: /^\/v1\/builds\/([^/]+)\/logs$/, handler: (s, [id], r) => ok(s.builds.getLogs(id, r.query)) },
  { method: "GET", pattern: /^\/v1\/agents\/([^/]+)\/logs$/, handler: (s, [name], r) => ok(s.agentLogs(name, r.query)) },
  { method: "GET", pattern: /^\/v1\/agents\/([^/]+)\/sessions$/, handler: (s, [name], r) => ok(s.agentSessions(name, r.query)) },
  { method: "GET", pattern: /^\/v1\/agents\/([^/]+)\/sessions\/([^/]+)$/, handler: (s, [name, id]) => ok(s.agentSession(name, id)) },
  { method: "DELETE", pattern: /^\/v1\/agents\/([^/]+)\/sessions\/([^/]+)$/, handler: (s, [name, id]) => ok(s.stopSession(name, id)) },
  { method: "GET", pattern: /^\/v1\/regions$/, handler: () => ok({ regions: REGIONS }) },
  { method: "GET", pattern: /^\/v1\/properties$/, handler: (s) => ok({ properties: { defaultRegion: s.defaultRegion } }) },
  { method: "PATCH", pattern: /^\/v1\/properties$/, handler: (s, _, r) => ok(s.patchProperties(jsonBody(r))) },
  { method: "GET", pattern: /^\/v1\/properties\/schema$/, handler: (s) => ok(s.propertiesSchema()) },
];

// The public endpoints: starting a session, and the session proxy (the spec's `/{agentName}/start`
// and `/{serviceName}/sessions/{sessionId}/{path}`, also under `/v1/public`, as the CLI calls them).
// Last, so that the management routes above win.
ROUTES.push(
  { method: "POST", pattern: /^\/v1\/(?:public\/)?([^/]+)\/start$/, handler: (s, [name], r) => ok(s.startSession(name, r.json === "invalid" ? undefined : r.json?.value)) },
  ...["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => ({
    method,
    pattern: /^\/v1\/(?:public\/)?([^/]+)\/sessions\/([^/]+)\/(.+)$/,
    handler: (s: SimulatorStore, [name, id, rest]: string[]) => ok(s.proxy(name!, id!, method, `/${rest}`)),
  })),
);

function route(method: string, path: string): { handler: Handler; params: string[] } | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    try {
      return { handler: r.handler, params: m.slice(1).map(decodeURIComponent) };
    } catch {
      return undefined; // malformed percent-encoding: no such resource
    }
  }
  return undefined;
}

/**
 * 405 for a path some route serves with other methods (unknown paths stay 404),
 * so a client using the wrong verb learns that, not that the resource is missing.
 */
function methodNotAllowed(allow: string[]): Reply {
  const methods = [...new Set(allow)].sort().join(", ");
  return { status: 405, body: { error: `Method not allowed; allowed: ${methods}`, code: "METHOD_NOT_ALLOWED" }, headers: { allow: methods } };
}

function isAuthorized(header: string | undefined, apiKey: string | undefined): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();
  if (!token) return false;
  if (apiKey === undefined) return true;
  const a = Buffer.from(token);
  const b = Buffer.from(apiKey);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Runs one /v1 request against the store. Never throws. */
function handleApi(ctx: ServerContext, req: Incoming): Reply {
  if (!isAuthorized(req.authorization, ctx.apiKey)) {
    return { status: 401, body: { error: "Unauthorized", code: "UNAUTHORIZED" } };
  }
  const match = route(req.method, req.path);
  if (!match) {
    const allow = ROUTES.filter((r) => r.pattern.test(req.path)).map((r) => r.method);
    // Allowed but unmatched: the path had malformed percent-encoding, so no such resource.
    if (allow.length === 0 || allow.includes(req.method)) return { status: 404, body: { error: "API endpoint not found", code: "NOT_FOUND" } };
    return methodNotAllowed(allow);
  }
  try {
    return match.handler(ctx.store, match.params, req);
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, body: e.body() };
    ctx.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
    return { status: 500, body: { error: "Internal server error", code: "INTERNAL_SERVER_ERROR" } };
  }
}

// --- control endpoint ------------------------------------------------------

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

/** Secret values never leave the process through the control endpoint. */
function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "secretValue" ? "[REDACTED]" : redactSecrets(v)]),
  );
}

/** JSON has no Infinity: unlimited rules are shown as `"Infinity"`. */
function pendingJson(pending: PendingFault[]): unknown[] {
  return pending.map((p) => ({ ...p, remaining: p.remaining === Infinity ? "Infinity" : p.remaining }));
}

type ControlHandler = (ctx: ServerContext, req: Incoming) => Reply;

/** The control routes, keyed `METHOD name` (name: the path after /_simulator/). */
export const CONTROL_ROUTES: Record<string, ControlHandler> = {
  "GET state": (ctx) =>
    ok({
      agents: ctx.store.agentSnapshots(),
      secretSets: ctx.store.secretSetSnapshots(),
      builds: ctx.store.builds.snapshots(),
      requests: ctx.requests.map((r) => ({ ...r, body: redactSecrets(r.body) })),
      faults: pendingJson(ctx.faults.pending()),
    }),
  "GET faults": (ctx) => ok({ pending: pendingJson(ctx.faults.pending()) }),
  "POST faults": (ctx, req) => {
    ctx.faults.add(parseFaultRule(jsonBody(req)));
    return ok({ status: "OK", pending: pendingJson(ctx.faults.pending()) }, 201);
  },
  "DELETE faults": (ctx) => {
    ctx.faults.clear();
    return ok({ status: "OK" });
  },
  "POST reset": (ctx) => {
    ctx.store.reset();
    ctx.rateLimiter?.reset();
    ctx.faults.clear();
    ctx.requests.length = 0;
    return ok({ status: "OK" });
  },
  "GET behaviour": (ctx) => ok({ behaviour: ctx.store.behaviour }),
  "POST behaviour": (ctx, req) => {
    const body = jsonBody(req);
    if (!isObject(body)) throw badRequest("body must be an object such as {\"ignoreNullsOnUpdate\": true}");
    return ok({ status: "OK", behaviour: ctx.store.setBehaviour(body) });
  },
  "POST logs": (ctx, req) => {
    const body = jsonBody(req);
    if (!isObject(body) || typeof body.agent !== "string" || !Array.isArray(body.lines) || !body.lines.every((l) => typeof l === "string")) {
      throw badRequest("body must be {agent: string, lines: string[], deploymentId?: string}");
    }
    ctx.store.seedLogs(body.agent, body.lines as string[], typeof body.deploymentId === "string" ? body.deploymentId : undefined);
    return ok({ status: "OK" });
  },
  "POST sessions": (ctx, req) => {
    const body = jsonBody(req);
    if (!isObject(body) || typeof body.agent !== "string" || !Number.isInteger(body.count) || (body.count as number) < 1) {
      throw badRequest("body must be {agent: string, count: N >= 1, ended?: boolean}");
    }
    return ok({ status: "OK", sessionIds: ctx.store.seedSessions(body.agent, body.count as number, body.ended === true) });
  },
  "POST active-sessions": (ctx, req) => {
    const body = jsonBody(req);
    if (!isObject(body) || typeof body.agent !== "string" || typeof body.count !== "number") {
      throw badRequest("body must be {agent: string, count: number}");
    }
    ctx.store.setActiveSessions(body.agent, body.count);
    return ok({ status: "OK" });
  },
};

function handleControl(ctx: ServerContext, req: Incoming): Reply {
  const name = req.path.slice(CONTROL_PREFIX.length);
  const handler = CONTROL_ROUTES[`${req.method} ${name}`];
  if (!handler) {
    const allow = Object.keys(CONTROL_ROUTES).filter((key) => key.endsWith(` ${name}`)).map((key) => key.split(" ")[0]!);
    return allow.length > 0 ? methodNotAllowed(allow) : { status: 404, body: { error: "Unknown simulator control route", code: "NOT_FOUND" } };
  }
  try {
    return handler(ctx, req);
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, body: e.body() };
    throw e;
  }
}

// --- HTTP plumbing -----------------------------------------------------------

async function readBody(req: http.IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? "too-large" : Buffer.concat(chunks);
}

function parseJson(raw: Buffer): Incoming["json"] {
  if (raw.length === 0) return undefined;
  try {
    return { value: JSON.parse(raw.toString("utf8")) };
  } catch {
    return "invalid";
  }
}

/** Ignored fields are only tracked for agent create and update bodies. */
function ignoredFieldsOf(req: Incoming): string[] {
  if (req.method !== "POST" || typeof req.json !== "object") return [];
  if (req.path === "/v1/agents") return ignoredAgentFields(req.json.value, "create");
  if (/^\/v1\/agents\/[^/]+$/.test(req.path)) return ignoredAgentFields(req.json.value, "update");
  return [];
}

function send(res: http.ServerResponse, reply: Reply, text = JSON.stringify(reply.body)): void {
  res.writeHead(reply.status, { "content-type": JSON_TYPE, ...reply.headers });
  res.end(text);
}

// --- presigned uploads ------------------------------------------------------

/**
 * The stand-in for the S3 bucket a presigned upload URL points at: a multipart
 * form POST, policy fields first and the file last, no bearer key. Answers 204
 * like S3, or an XML error. Recorded in the request log without its body.
 */
async function handleUpload(ctx: ServerContext, req: http.IncomingMessage, res: http.ServerResponse, method: string, at: number): Promise<number> {
  const record: RecordedRequest = { method, path: UPLOAD_PATH, query: {}, status: 0, body: null, ignoredFields: [], at };
  ctx.requests.push(record);
  const reject = (status: number, code: string, message: string) => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    return (record.status = status);
  };
  if (method !== "POST") {
    res.setHeader("allow", "POST");
    return reject(405, "MethodNotAllowed", "The specified method is not allowed against this resource");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_UPLOAD_BYTES + 1024 * 1024) chunks.push(chunk);
  }
  if (size > MAX_UPLOAD_BYTES + 1024 * 1024) return reject(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
  // Faults for uploads: `status` (an S3 error with that status) and `reset`; other kinds do not apply.
  const fault = ctx.faults.take(method, UPLOAD_PATH);
  if (fault) record.fault = fault.kind;
  if (fault?.kind === "status") return reject(fault.status, fault.status >= 500 ? "InternalError" : "AccessDenied", "Injected by a simulator fault");
  if (fault?.kind === "reset" && fault.when === "before") {
    req.socket.destroy();
    return 0;
  }
  let entries: Array<[string, string | Buffer]>;
  try {
    const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
    entries = [];
    for (const [name, value] of form.entries()) {
      entries.push([name, typeof value === "string" ? value : Buffer.from(await value.arrayBuffer())]);
    }
  } catch {
    return reject(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data");
  }
  try {
    ctx.store.builds.receiveUpload(entries);
  } catch (e) {
    if (e instanceof UploadRejected) return reject(e.status, e.code, e.message);
    throw e;
  }
  if (fault?.kind === "reset") {
    req.socket.destroy(); // stored, but the client never hears of it
    return 0;
  }
  res.writeHead(204);
  res.end();
  return (record.status = 204);
}

export interface SimulatorServer {
  server: http.Server;
  /** Cancels responses held back by `delay` faults (used on close). */
  cancelPending(): void;
}

export function createSimulatorServer(ctx: ServerContext): SimulatorServer {
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = performance.now();
    const at = ctx.now();
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    // A trailing slash addresses the same resource.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
    const logLine = (status: number | string, fault?: string) =>
      ctx.log?.(`${method} ${path} ${status} ${Math.round(performance.now() - started)}ms${fault ? ` (fault: ${fault})` : ""}`);

    if (path === UPLOAD_PATH) {
      const status = await handleUpload(ctx, req, res, method, at);
      logLine(status);
      return;
    }

    const raw = await readBody(req);
    if (raw === "too-large") {
      send(res, { status: 413, body: { error: `Request body too large (limit ${MAX_BODY_BYTES / 1024 / 1024} MiB)`, code: "PAYLOAD_TOO_LARGE" } });
      logLine(413);
      return;
    }
    const incoming: Incoming = {
      method,
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      origin: `http://${req.headers.host ?? "127.0.0.1"}`,
      json: parseJson(raw),
    };

    if (path.startsWith(CONTROL_PREFIX)) {
      const reply = isLoopback(req.socket.remoteAddress)
        ? handleControl(ctx, incoming)
        : { status: 403, body: { error: "The simulator control endpoint only answers loopback clients", code: "FORBIDDEN" } };
      send(res, reply);
      logLine(reply.status);
      return;
    }

    if (ctx.rateLimiter && !ctx.rateLimiter.admit()) {
      ctx.requests.push({ method, path, query: Object.fromEntries(url.searchParams), status: 429, body: typeof incoming.json === "object" ? incoming.json.value : null, ignoredFields: [], rateLimited: true, at });
      send(res, { status: 429, body: { error: "Too many requests", code: "429" }, headers: { "retry-after": String(ctx.rateLimiter.retryAfterSeconds) } });
      logLine(429, "rate limit");
      return;
    }

    const fault: Fault | undefined = ctx.faults.take(method, path);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      body: typeof incoming.json === "object" ? incoming.json.value : null,
      ignoredFields: ignoredFieldsOf(incoming),
      at,
    };
    if (fault) record.fault = fault.kind;
    ctx.requests.push(record);
    const finish = (reply: Reply, text?: string) => {
      record.status = reply.status;
      send(res, reply, text);
      logLine(reply.status, fault?.kind);
    };
    const drop = () => {
      req.socket.destroy();
      logLine("reset", fault?.kind);
    };

    if (fault?.kind === "status") {
      const headers = { ...fault.headers };
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      const body = fault.body ?? statusFaultBody(fault.status, http.STATUS_CODES[fault.status] ?? "Error");
      return finish({ status: fault.status, body, headers });
    }
    if (fault?.kind === "reset" && fault.when === "before") return drop();

    const reply = handleApi(ctx, incoming);
    switch (fault?.kind) {
      case "reset":
        return drop(); // the state change above has happened; the client never hears of it
      case "delay": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          finish(reply);
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case "malformed":
        return finish({ status: 200, body: null }, malformedBody(JSON.stringify(reply.body)));
      case "invalid-shape":
        return finish({ status: 200, body: invalidShapeBody(reply.body) });
      default:
        return finish(reply);
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      ctx.log?.(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) send(res, { status: 500, body: { error: "Internal server error", code: "INTERNAL_SERVER_ERROR" } });
      else res.destroy();
    });
  });

  return {
    server,
    cancelPending() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
