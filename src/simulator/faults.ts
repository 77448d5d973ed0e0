// Scriptable faults: rules that make the next matching /v1 request(s) fail in
// a chosen way, so clients can be tested against throttling, gateway errors,
// dropped connections and broken bodies.

import { badRequest } from "./errors";
import { isObject } from "./validation";

/** How a matching request fails. Each variant's `kind` names it. */
export type Fault =
  /** Answer with this status without processing the request. */
  | {
      /** Answer at once, change nothing. */
      kind: "status";
      /** The HTTP status to answer, 100 to 599. */
      status: number;
      /** The JSON body; default `{error, code}` with the status's reason phrase. */
      body?: unknown;
      /** Extra response headers. */
      headers?: Record<string, string>;
      /** A `Retry-After` header value, e.g. `"2"` (seconds). */
      retryAfter?: string;
    }
  /** Drop the connection without a response, before or after the request is processed. */
  | {
      /** Drop the connection. */
      kind: "reset";
      /** `before`: nothing changes; `after`: the change happens but the client never hears of it. */
      when: "before" | "after";
    }
  /** Process the request at once, send the response `ms` later. */
  | {
      /** Hold the response back. */
      kind: "delay";
      /** How long, in milliseconds. */
      ms: number;
    }
  /** Process, then answer 200 with a body that is not valid JSON. */
  | {
      /** Answer 200 with the first half of the real JSON body. */
      kind: "malformed";
    }
  /** Process, then answer 200 with JSON whose documented fields have the wrong types. */
  | {
      /** Answer 200 with the real body's top-level fields, each of the wrong type. */
      kind: "invalid-shape";
    };

/** The name of each kind of fault. */
export type FaultKind = Fault["kind"];

/** Which requests a fault applies to, and how often. */
export interface FaultRule {
  /** HTTP method, any case; all methods when omitted. */
  method?: string;
  /** Exact path (no query string) or a RegExp tested against it; every path (the upload URL's too) when omitted. */
  path?: string | RegExp;
  /** How many matching requests it applies to: default 1, `Infinity` allowed. */
  times?: number;
  /** What happens to them. */
  fault: Fault;
}

/** A rule that still has uses left, as `GET /_simulator/faults` lists it. */
export interface PendingFault {
  /** The rule's method, upper case; absent for all methods. */
  method?: string;
  /** The rule's exact path, when it has one. */
  path?: string;
  /** The source of the rule's RegExp path, when it has one. */
  pathRegex?: string;
  /** Matching requests it will still apply to (`Infinity`, shown as `"Infinity"` over HTTP). */
  remaining: number;
  /** What happens to them. */
  fault: Fault;
}

/** Scripts faults (`Simulator.faults`). Rules are tried in the order added; the first match is used. */
export interface FaultController {
  /** Adds a rule; throws a TypeError for an invalid one. */
  add(rule: FaultRule): void;
  /** Drops every pending rule. */
  clear(): void;
  /** Rules that still have uses left, in match order. */
  pending(): PendingFault[];
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultQueue implements FaultController {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    checkRule(rule);
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): PendingFault[] {
    return this.rules.map(({ rule, remaining }) => {
      const p: PendingFault = { remaining, fault: rule.fault };
      if (rule.method !== undefined) p.method = rule.method.toUpperCase();
      if (typeof rule.path === "string") p.path = rule.path;
      else if (rule.path instanceof RegExp) p.pathRegex = rule.path.source;
      return p;
    });
  }

  /** The fault for this request, if a rule matches; uses up one of its `times`. */
  take(method: string, path: string): Fault | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule, method, path));
    if (index < 0) return undefined;
    const active = this.rules[index];
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule.fault;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === "string") return rule.path === path;
  rule.path.lastIndex = 0; // a /g or /y RegExp is stateful
  return rule.path.test(path);
}

function checkRule(rule: FaultRule): void {
  const times = rule.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
    throw new TypeError("fault rule: times must be a positive integer or Infinity");
  }
  const f = rule.fault;
  switch (f?.kind) {
    case "status":
      if (!Number.isInteger(f.status) || f.status < 100 || f.status > 599) {
        throw new TypeError("fault rule: status must be an HTTP status code");
      }
      return;
    case "reset":
      if (f.when !== "before" && f.when !== "after") throw new TypeError("fault rule: reset.when must be 'before' or 'after'");
      return;
    case "delay":
      if (typeof f.ms !== "number" || !(f.ms >= 0)) throw new TypeError("fault rule: delay.ms must be a number >= 0");
      return;
    case "malformed":
    case "invalid-shape":
      return;
    default:
      throw new TypeError("fault rule: fault.kind must be status, reset, delay, malformed or invalid-shape");
  }
}

/**
 * Reads a rule posted to the control endpoint. JSON has no RegExp or
 * Infinity, so `pathRegex: "..."` stands for a RegExp path and
 * `times: "Infinity"` for an unlimited rule.
 */
export function parseFaultRule(json: unknown): FaultRule {
  if (!isObject(json)) throw badRequest("fault rule must be a JSON object");
  const { method, path, pathRegex, times, fault } = json;
  const rule: FaultRule = { fault: fault as Fault };
  if (method !== undefined) {
    if (typeof method !== "string") throw badRequest("method must be a string");
    rule.method = method;
  }
  if (path !== undefined && pathRegex !== undefined) throw badRequest("use path or pathRegex, not both");
  if (path !== undefined) {
    if (typeof path !== "string") throw badRequest("path must be a string");
    rule.path = path;
  }
  if (pathRegex !== undefined) {
    if (typeof pathRegex !== "string") throw badRequest("pathRegex must be a string");
    try {
      rule.path = new RegExp(pathRegex);
    } catch {
      throw badRequest("pathRegex is not a valid regular expression");
    }
  }
  if (times !== undefined) {
    if (times === "Infinity") rule.times = Infinity;
    else if (typeof times === "number") rule.times = times;
    else throw badRequest('times must be a number or "Infinity"');
  }
  try {
    checkRule(rule);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return rule;
}

/** Default body of a `status` fault: the documented `{error, code}` shape. */
export function statusFaultBody(status: number, reason: string): { error: string; code: string } {
  const codes: Record<number, string> = {
    400: "GENERIC_BAD_REQUEST",
    401: "UNAUTHORIZED",
    404: "NOT_FOUND",
    409: "CONFLICT",
    500: "INTERNAL_SERVER_ERROR",
  };
  return { error: reason, code: codes[status] ?? String(status) };
}

/** A truncated copy of a JSON text: what a proxy cutting the stream would deliver. */
export function malformedBody(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}

/**
 * The same top-level fields with every value of the wrong type: booleans
 * become "yes"/"no", numbers strings, strings numbers, arrays and objects
 * strings, null 0. E.g. `ready: "yes"`, `services: "[]"`.
 */
export function invalidShapeBody(body: unknown): unknown {
  if (!isObject(body)) return { value: "unexpected" };
  const wrong = (v: unknown): unknown => {
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") return String(v);
    if (typeof v === "string") return 42;
    if (Array.isArray(v)) return "[]";
    if (v === null) return 0;
    return "{}";
  };
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, wrong(v)]));
}
