// Agent logs and sessions: what `GET /agents/{name}/logs`, the sessions endpoints, the start
// endpoint and the session proxy serve. Logs are written when a deployment starts (and, for a
// crash-looping image, the crash), or seeded through the control endpoint; sessions come from
// starts. No HTTP here (server.ts routes to it).
import { randomUUID } from "node:crypto";
import { badRequest, notFound } from "./errors";
import { CRASH_TRACEBACK_LINES } from "./lifecycle";

export interface LogEntry {
  log: string;
  /** ISO 8601. */
  timestamp: string;
  deploymentId: string | null;
}

export interface SessionRecord {
  sessionId: string;
  serviceId: string;
  organizationId: string;
  deploymentId: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  botStartSeconds: number;
  coldStart: boolean;
  completionStatus: string | null;
}

/** What an agent needs to know about logs and sessions. */
export interface AgentActivity {
  logs: LogEntry[];
  sessions: SessionRecord[];
}

export function emptyActivity(): AgentActivity {
  return { logs: [], sessions: [] };
}

/** The lines a deployment writes as it starts: a healthy bot's, or a crash loop's, pull failure's. */
export function deploymentLogLines(outcome: "ok" | "crash" | "pullfail", image: string | null): string[] {
  if (outcome === "pullfail") return [`Pulling image ${image ?? "(build)"}`, `Failed to pull image "${image}": not found`, "Back-off pulling image"];
  const start = [`Pulling image ${image ?? "(build)"}`, "Started container bot", "INFO:     Started server process [1]", "INFO:     Waiting for application startup."];
  if (outcome === "ok") return [...start, "INFO:     Application startup complete.", "INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)"];
  // A bot that prints its settings before crashing, secrets included, as bots do.
  return [...start, "Settings: OPENAI_API_KEY=sk-sim-0123456789abcdef model=gpt-4o", ...CRASH_TRACEBACK_LINES, "Container exited with code 1; restarting (CrashLoopBackOff)"];
}

/** `GET /agents/{name}/logs`: newest first unless `order=asc`, filtered by deploymentId, `limit` (default 10) after `offset`. */
export function queryLogs(activity: AgentActivity, query: URLSearchParams): { total: { value: number; relation: "eq" }; logs: LogEntry[] } {
  const deploymentId = query.get("deploymentId");
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") throw badRequest("order must be asc or desc");
  const limit = intParam(query, "limit", 10);
  const offset = intParam(query, "offset", 0);
  const matching = activity.logs.filter((l) => !deploymentId || l.deploymentId === deploymentId);
  const ordered = order === "asc" ? matching : [...matching].reverse();
  return { total: { value: matching.length, relation: "eq" }, logs: ordered.slice(offset, offset + limit) };
}

/** `GET /agents/{name}/sessions`: newest first, filtered by status and deploymentId. */
export function querySessions(activity: AgentActivity, query: URLSearchParams): { total_count: number; sessions: SessionRecord[] } {
  const status = query.get("status") ?? "all";
  if (!["active", "ended", "all"].includes(status)) throw badRequest("status must be active, ended or all");
  const deploymentId = query.get("deploymentId");
  const limit = intParam(query, "limit", 10);
  const offset = intParam(query, "offset", 0);
  const matching = [...activity.sessions]
    .reverse()
    .filter((s) => status === "all" || (status === "active") === (s.endedAt === null))
    .filter((s) => !deploymentId || s.deploymentId === deploymentId);
  return { total_count: matching.length, sessions: matching.slice(offset, offset + limit) };
}

export function findSession(activity: AgentActivity, sessionId: string): SessionRecord {
  const session = activity.sessions.find((s) => s.sessionId === sessionId);
  if (!session) throw notFound("Session not found");
  return session;
}

export function newSession(serviceId: string, organizationId: string, deploymentId: string | null, now: number, coldStart: boolean): SessionRecord {
  const at = new Date(now).toISOString();
  return { sessionId: randomUUID(), serviceId, organizationId, deploymentId, createdAt: at, updatedAt: at, endedAt: null, botStartSeconds: coldStart ? 3 : 0, coldStart, completionStatus: null };
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}
