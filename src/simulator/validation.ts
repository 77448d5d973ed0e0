// Shape validation of request bodies. Checks that need state (duplicates,
// builds, secret sets) live in the store. Every message names the field.

import { AGENT_PROFILES, MAX_SESSION_DURATION, MIN_SESSION_DURATION, REGION_CODES } from "./catalog";
import type { AgentPatch } from "./config";
import { badRequest } from "./errors";
import type { AgentProfile, AudioFilter } from "./types";

const SERVICE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])$/;
const SERVICE_NAME_MAX = 54;
const SECRET_SET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CREATE_FIELDS = [
  "serviceName",
  "region",
  "image",
  "buildId",
  "nodeType",
  "secretSet",
  "imagePullSecretSet",
  "autoScaling",
  "krispViva",
  "agentProfile",
  "maxSessionDuration",
  "enableKrisp",
  "enableIntegratedKeysProxy",
  "forceRedeploy",
  "websocketAuth",
];
// Update bodies carry no serviceName or region: the name is in the path and
// an agent cannot move. If a client sends them anyway they are ignored (and
// reported in the request log), as the real server's handling is undocumented.
const UPDATE_FIELDS = CREATE_FIELDS.filter((f) => f !== "serviceName" && f !== "region");
const AUTOSCALING_FIELDS = ["minAgents", "maxAgents"];
const KRISP_FIELDS = ["audioFilter"];

type Json = Record<string, unknown>;

const invalid = (message: string) => badRequest(`Invalid parameters: ${message}`);

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireObjectBody(body: unknown): Json {
  if (!isObject(body)) throw badRequest("Invalid request format: the body must be a JSON object");
  return body;
}

/**
 * Fields of a create/update body that the server accepts but ignores. The real
 * API tolerates unknown fields silently; the simulator records them so tests
 * can assert that a client sends only what the API knows.
 */
export function ignoredAgentFields(body: unknown, mode: "create" | "update"): string[] {
  if (!isObject(body)) return [];
  const known = mode === "create" ? CREATE_FIELDS : UPDATE_FIELDS;
  const ignored = Object.keys(body).filter((k) => !known.includes(k));
  for (const [field, allowed] of [
    ["autoScaling", AUTOSCALING_FIELDS],
    ["krispViva", KRISP_FIELDS],
  ] as const) {
    const nested = body[field];
    if (isObject(nested)) {
      ignored.push(...Object.keys(nested).filter((k) => !allowed.includes(k)).map((k) => `${field}.${k}`));
    }
  }
  return ignored;
}

// --- field readers: undefined = omitted, null = explicit null ---------------

function optionalString(body: Json, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== "string" || v.length === 0) throw invalid(`${field} must be a non-empty string`);
  return v;
}

function optionalBoolean(body: Json, field: string): boolean | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== "boolean") throw invalid(`${field} must be a boolean`);
  return v;
}

function optionalInteger(body: Json, field: string, label: string, min: number, max = Infinity): number | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw invalid(`${label} must be an integer ${range}`);
  }
  return v;
}

function optionalEnum<T extends string>(body: Json, field: string, allowed: readonly T[]): T | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== "string" || !allowed.includes(v as T)) {
    throw invalid(`${field} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}`);
  }
  return v as T;
}

/** Fields shared by create and update. */
function parseAgentFields(body: Json): AgentPatch {
  const patch: AgentPatch = {
    image: optionalString(body, "image"),
    buildId: optionalString(body, "buildId"),
    secretSet: optionalString(body, "secretSet"),
    imagePullSecretSet: optionalString(body, "imagePullSecretSet"),
    agentProfile: optionalEnum(body, "agentProfile", Object.keys(AGENT_PROFILES) as AgentProfile[]),
    maxSessionDuration: optionalInteger(
      body,
      "maxSessionDuration",
      "maxSessionDuration",
      MIN_SESSION_DURATION,
      MAX_SESSION_DURATION,
    ),
    enableKrisp: optionalBoolean(body, "enableKrisp"),
    enableIntegratedKeysProxy: optionalBoolean(body, "enableIntegratedKeysProxy"),
    forceRedeploy: optionalBoolean(body, "forceRedeploy"),
    websocketAuth: optionalEnum(body, "websocketAuth", ["none", "token"]),
  };

  if (patch.image != null && patch.buildId != null) {
    throw badRequest("Cannot specify both image and buildId. Use one or the other.");
  }
  if (patch.buildId != null && !UUID.test(patch.buildId)) throw invalid("buildId must be a UUID");

  // nodeType is validated but not kept: `arm` is the only value.
  optionalEnum(body, "nodeType", ["arm"]);

  const scaling = body.autoScaling;
  if (scaling === null) patch.autoScaling = null;
  else if (scaling !== undefined) {
    if (!isObject(scaling)) throw invalid("autoScaling must be an object");
    patch.autoScaling = {
      minAgents: optionalInteger(scaling, "minAgents", "autoScaling.minAgents", 0),
      maxAgents: optionalInteger(scaling, "maxAgents", "autoScaling.maxAgents", 1),
    };
  }

  const krisp = body.krispViva;
  if (krisp === null) patch.krispViva = null;
  else if (krisp !== undefined) {
    if (!isObject(krisp)) throw invalid("krispViva must be an object");
    const filter = krisp.audioFilter;
    if (filter !== undefined && filter !== null && filter !== "tel" && filter !== "pro") {
      throw invalid("krispViva.audioFilter must be 'tel', 'pro' or null");
    }
    patch.krispViva = filter === undefined ? {} : { audioFilter: filter as AudioFilter };
  }
  return patch;
}

export interface CreateAgentRequest {
  serviceName: string;
  /** undefined → the organization default region. */
  region: string | undefined;
  patch: AgentPatch;
}

export function parseCreateAgent(raw: unknown): CreateAgentRequest {
  const body = requireObjectBody(raw);
  const name = body.serviceName;
  if (name === undefined || name === null) throw invalid("serviceName is required");
  if (typeof name !== "string") throw invalid("serviceName must be a string");
  if (name.length > SERVICE_NAME_MAX) throw invalid(`serviceName must be at most ${SERVICE_NAME_MAX} characters`);
  if (!SERVICE_NAME.test(name)) {
    throw invalid(
      "serviceName must start and end with a lowercase letter or digit and contain only lowercase letters, digits and hyphens",
    );
  }

  const patch = parseAgentFields(body);
  if (patch.image == null && patch.buildId == null) {
    throw badRequest("Either image or buildId is required for service creation");
  }

  const region = optionalString(body, "region") ?? undefined;
  if (region !== undefined && !REGION_CODES.includes(region)) {
    throw invalid(`region '${region}' is not available. Available regions: ${REGION_CODES.join(", ")}`);
  }
  return { serviceName: name, region, patch };
}

export function parseUpdateAgent(raw: unknown): AgentPatch {
  return parseAgentFields(requireObjectBody(raw));
}

// --- secret sets -----------------------------------------------------------

export type SecretSetPut =
  | { type: "secret"; region?: string; secrets: Array<{ key: string; value: string }> }
  | { type: "imagePullSecret"; region?: string; host: string; secretValue: string };

export function validateSecretSetName(name: string): void {
  if (name.length < 3 || name.length > 63 || !SECRET_SET_NAME.test(name)) {
    throw badRequest(
      "Invalid request format: the secret set name must be 3-63 characters of lowercase letters, digits, '-' and '.'",
    );
  }
}

export function parseSecretSetPut(raw: unknown): SecretSetPut {
  const body = requireObjectBody(raw);
  const region = body.region;
  if (region !== undefined && region !== null && (typeof region !== "string" || !REGION_CODES.includes(region))) {
    throw badRequest("Invalid region or organization does not have access");
  }
  const regionField = typeof region === "string" ? { region } : {};

  // A body that mentions `isImagePullSecret` (other than false) or `host` is an
  // image pull secret request; anything else is a regular one.
  const imagePull = (body.isImagePullSecret !== undefined && body.isImagePullSecret !== false) || body.host !== undefined;
  if (imagePull) {
    const { isImagePullSecret, host, secretValue } = body;
    if (isImagePullSecret !== true || typeof host !== "string" || typeof secretValue !== "string" || secretValue === "") {
      throw badRequest("Must provide isImagePullSecret, host, and secretValue to update an image pull secret");
    }
    if (!URL.canParse(host)) throw badRequest("Invalid request format: host must be a URL");
    // The API appends the trailing slash itself.
    return { type: "imagePullSecret", ...regionField, host: host.endsWith("/") ? host : `${host}/`, secretValue };
  }

  const secrets = body.secrets;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw badRequest("Invalid request format: secrets must be a non-empty array of {secretKey, secretValue}");
  }
  const parsed = secrets.map((entry, i) => {
    if (!isObject(entry) || typeof entry.secretKey !== "string" || typeof entry.secretValue !== "string") {
      throw badRequest(`Invalid request format: secrets[${i}] must have string secretKey and secretValue`);
    }
    if (!SECRET_KEY.test(entry.secretKey)) {
      throw badRequest(
        `Invalid request format: secrets[${i}].secretKey must be 1-64 characters of letters, digits, '_' and '-'`,
      );
    }
    return { key: entry.secretKey, value: entry.secretValue };
  });
  return { type: "secret", ...regionField, secrets: parsed };
}
