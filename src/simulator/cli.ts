#!/usr/bin/env node
// `pipecat-cloud-simulator`: runs the simulator in the foreground.

import { parseArgs } from "node:util";
import { httpUrl, isWildcard } from "./address";
import { DEFAULT_REGION, REGION_CODES } from "./catalog";
import { MAX_UPLOAD_BYTES } from "./builds";
import { MAX_BODY_BYTES } from "./server";
import { FAILING_SECRET_MARKER, startSimulator, type SeededBuild, type SeededSecretSet, type Simulator, type SimulatorTimings, type WebsocketAuth } from "./index";

const BUILD_STATUSES: ReadonlyArray<SeededBuild["status"]> = ["pending", "building", "success", "failed", "timeout"];

export const HELP = `Usage: pipecat-cloud-simulator [options]

Serves a local imitation of the Pipecat Cloud REST API under /v1, for demos,
tests and CI without a Pipecat Cloud account. Point the provider at it with
  pulumi config set pipecat:apiUrl http://127.0.0.1:8787

Options:
  --port N                 port to listen on (default 8787; 0 = any free port)
  --host HOST              interface to bind (default 127.0.0.1)
  --api-key KEY            the only bearer key accepted (default: env PIPECAT_API_KEY;
                           when neither is set, any non-empty key is accepted)
  --default-region CODE    organization default region (default us-west)
  --reconcile-ms MS        delay until the operator picks up a deployment (default 300)
  --validating-ms MS       when a revision starts validating (default 800)
  --ready-ms MS            when a healthy revision becomes Active (default 2000)
  --fail-ms MS             when a crash/pullfail revision fails (default 1500)
  --draining-ms MS         how long the replaced revision drains (default 1000)
  --secret-ready-ms MS     how long a secret set stays pending after a change (default 500)
  --build-queue-ms MS      how long a new cloud build stays pending (default 300)
  --build-run-ms MS        how long a cloud build stays building (default 1200)
  --seed-secret-set SPEC   a ready secret set at start-up (and after a reset),
                           NAME[:REGION[:imagePullSecret]]; repeatable.
                           e.g. my-agent-secrets, creds:eu-central:imagePullSecret
  --seed-build SPEC        a cloud build that buildId may name, ID[:REGION[:STATUS]];
                           ID a UUID, STATUS one of ${BUILD_STATUSES.join(", ")}
                           (default success), REGION the default region; repeatable
  --websocket-auth-default MODE
                           what an agent created without websocketAuth reports:
                           token (default) or none (the real default is disputed)
  --websocket-auth-echo on|off
                           whether agent responses include websocketAuth (default on;
                           the real API's responses do not document it)
  --secret-put MODE        what a PUT to an existing secret set does with keys it
                           does not mention: merge (keep them, default) or replace
  --ignore-nulls-on-update
                           update bodies: keep fields sent as null instead of resetting
                           them (as the real API might); also POST /_simulator/behaviour
  --omit-optional-fields   agent responses leave out every optional field (profile,
                           scaling, Krisp, session duration, secret set names), as the
                           spec allows; also POST /_simulator/behaviour
  --reject-null-secret-sets
                           update bodies: answer 400 to secretSet or imagePullSecretSet
                           sent as null, as a strict API would (the spec documents no
                           way to unbind a set); also POST /_simulator/behaviour
  --rate-limit N           accept at most N requests per second (burst N); beyond it
                           answer 429 with Retry-After (default: unlimited)
  --rate-limit-retry-after S
                           the Retry-After of those 429s, in seconds (default 1)
  -h, --help               show this help

Conventions: an image tag containing "crash" crash-loops, one containing
"pullfail" cannot be pulled. A Dockerfile line "# simulator: fail MESSAGE" fails
a cloud build with MESSAGE; "# simulator: timeout" times it out. Presigned
uploads (POST /v1/builds/upload-url) go to /_uploads on this server. A secret
set with a value containing "${FAILING_SECRET_MARKER}" (for an image pull secret:
in username or password) ends up "failed" with an errorMessage. Every
/v1/secrets request line shows the status of the set afterwards.

Body limits: a JSON request body may be up to ${MAX_BODY_BYTES / 1024 / 1024} MiB (more is answered
413 with code PAYLOAD_TOO_LARGE); a build context sent to /_uploads up to
${MAX_UPLOAD_BYTES / 1024 / 1024} MiB, Pipecat Cloud's own limit (more: 400 EntityTooLarge). A known path
called with a method it does not serve is answered 405 with an Allow header.

Control endpoint (loopback clients only, no key needed):
  GET    /_simulator/state            agents, secret sets (names only, never values),
                                      the request log and pending faults
  POST   /_simulator/reset            back to the start-up state (seeds only)
  POST   /_simulator/faults           add a fault rule: {"method","path"|"pathRegex",
                                      "times" (default 1, or "Infinity"), "fault": {"kind":
                                      status|reset|delay|malformed|invalid-shape, ...}}
  GET    /_simulator/faults           list pending fault rules
  DELETE /_simulator/faults           drop every pending fault rule
  POST   /_simulator/active-sessions  set an agent's activeSessionCount:
                                      {"agent": NAME, "count": N}
  POST   /_simulator/logs             add log lines to an agent (its latest deployment's
                                      unless one is named): {"agent", "lines": [..],
                                      "deploymentId"?}
  POST   /_simulator/sessions         add sessions to an agent: {"agent", "count": N,
                                      "ended"?: true}
  GET    /_simulator/behaviour        the behaviour switches in force
  POST   /_simulator/behaviour        change them: {"ignoreNullsOnUpdate": true},
                                      {"omitOptionalFields": true} or
                                      {"rejectNullSecretSets": true}

Besides the management API it serves an agent's logs and sessions, POST
/v1/{agent}/start (also /v1/public/{agent}/start: a simulated session, 429 at
maxAgents) and the session proxy /v1/{agent}/sessions/{id}/{path} (404 unless the
session is active).

Out-of-band changes (a teammate's \`pcc deploy\`, a dashboard edit): call the API
itself, e.g.
  curl -X POST localhost:8787/v1/agents/my-agent -H 'authorization: Bearer any' \\
       -d '{"image":"acme/bot:hotfix"}'
`;

const TIMING_FLAGS: Record<string, keyof SimulatorTimings> = {
  "reconcile-ms": "reconcileMs",
  "validating-ms": "validatingMs",
  "ready-ms": "readyMs",
  "fail-ms": "failMs",
  "draining-ms": "drainingMs",
  "secret-ready-ms": "secretReadyMs",
  "build-queue-ms": "buildQueueMs",
  "build-run-ms": "buildRunMs",
};

/** Every flag the CLI parses (the --help test checks each is documented). */
export const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "api-key": { type: "string" },
  "default-region": { type: "string" },
  ...Object.fromEntries(Object.keys(TIMING_FLAGS).map((f) => [f, { type: "string" as const }])),
  "seed-secret-set": { type: "string", multiple: true },
  "seed-build": { type: "string", multiple: true },
  "websocket-auth-default": { type: "string" },
  "websocket-auth-echo": { type: "string" },
  "ignore-nulls-on-update": { type: "boolean" },
  "omit-optional-fields": { type: "boolean" },
  "reject-null-secret-sets": { type: "boolean" },
  "rate-limit": { type: "string" },
  "rate-limit-retry-after": { type: "string" },
  "secret-put": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function fail(message: string): never {
  process.stderr.write(`pipecat-cloud-simulator: ${message}\nTry --help.\n`);
  process.exit(2);
}

function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) fail(`--${flag} expects a non-negative integer, got '${value}'`);
  return n;
}

function parseSeedSecretSet(spec: string): SeededSecretSet {
  const [name, region, type, ...rest] = spec.split(":");
  if (!name || rest.length > 0 || (type !== undefined && type !== "imagePullSecret")) {
    fail(`--seed-secret-set expects NAME[:REGION[:imagePullSecret]], got '${spec}'`);
  }
  if (region && !REGION_CODES.includes(region)) fail(`--seed-secret-set '${spec}': region '${region}' is not available; available regions: ${REGION_CODES.join(", ")}`);
  return { name, region: region || undefined, type: type === "imagePullSecret" ? "imagePullSecret" : "secret" };
}

function parseSeedBuild(spec: string, defaultRegion: string): SeededBuild {
  const [id, region, status, ...rest] = spec.split(":");
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!id || !uuid.test(id) || rest.length > 0 || (status !== undefined && !BUILD_STATUSES.includes(status as SeededBuild["status"]))) {
    fail(`--seed-build expects ID[:REGION[:STATUS]] with ID a UUID and STATUS one of ${BUILD_STATUSES.join(", ")}, got '${spec}'`);
  }
  if (region && !REGION_CODES.includes(region)) fail(`--seed-build '${spec}': region '${region}' is not available; available regions: ${REGION_CODES.join(", ")}`);
  return { id, region: region || defaultRegion, status: (status as SeededBuild["status"] | undefined) ?? "success" };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) fail(`--${flag} expects ${allowed.join(" or ")}, got '${value}'`);
  return value as T;
}

/** After a /v1/secrets/NAME request: the set's status now (names and statuses only, never values). */
function setStatusSuffix(sim: Simulator | undefined, line: string): string {
  const name = /^\S+ \/v1\/secrets\/([^/\s?]+)/.exec(line)?.[1];
  if (!sim || !name) return "";
  const set = sim.secretSets().find((s) => s.name === decodeURIComponent(name));
  if (!set) return " [set: none]";
  return ` [set ${set.name}: ${set.status}${set.errorMessage ? ` (${set.errorMessage})` : ""}]`;
}

/**
 * The start-up line: the address actually bound (what `--host` resolved to, the
 * port 0 picked) and, when clients here need another one, the URL to use.
 */
export function banner(sim: Pick<Simulator, "url" | "address" | "port">): string {
  const bound = httpUrl(sim.address, sim.port);
  if (bound === sim.url) return `Pipecat Cloud simulator listening on ${bound}`;
  const wildcard = isWildcard(sim.address) ? " (every interface)" : "";
  return `Pipecat Cloud simulator listening on ${bound}${wildcard}; from this machine: ${sim.url}`;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const timings: Partial<SimulatorTimings> = {};
  for (const [flag, key] of Object.entries(TIMING_FLAGS)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw === "string") timings[key] = nonNegativeInt(flag, raw);
  }
  const apiKey = values["api-key"] || process.env.PIPECAT_API_KEY || undefined;
  const defaultRegion = values["default-region"];
  const secretPut = values["secret-put"];
  if (secretPut !== undefined && secretPut !== "merge" && secretPut !== "replace") fail(`--secret-put expects merge or replace, got '${secretPut}'`);

  let sim: Simulator | undefined;
  try {
    sim = await startSimulator({
      port: values.port === undefined ? 8787 : nonNegativeInt("port", values.port),
      host: values.host,
      apiKey,
      defaultRegion,
      timings,
      secretSets: (values["seed-secret-set"] ?? []).map(parseSeedSecretSet),
      builds: (values["seed-build"] ?? []).map((spec) => parseSeedBuild(spec, defaultRegion ?? DEFAULT_REGION)),
      websocketAuthDefault: oneOf<WebsocketAuth>("websocket-auth-default", values["websocket-auth-default"], ["token", "none"]),
      echoWebsocketAuth: oneOf("websocket-auth-echo", values["websocket-auth-echo"], ["on", "off"]) !== "off",
      ignoreNullsOnUpdate: values["ignore-nulls-on-update"] === true,
      omitOptionalFields: values["omit-optional-fields"] === true,
      rejectNullSecretSets: values["reject-null-secret-sets"] === true,
      rateLimit:
        values["rate-limit"] === undefined
          ? undefined
          : {
              requestsPerSecond: nonNegativeInt("rate-limit", values["rate-limit"]),
              retryAfterSeconds: values["rate-limit-retry-after"] === undefined ? undefined : nonNegativeInt("rate-limit-retry-after", values["rate-limit-retry-after"]),
            },
      secretPut,
      log: (line) => process.stdout.write(`${line}${setStatusSuffix(sim, line)}\n`),
    });
  } catch (e) {
    fail((e as Error).message);
  }

  process.stdout.write(`${banner(sim)}\n`);
  for (const set of sim.secretSets()) process.stdout.write(`Secret set ${set.name} (${set.type}, ${set.region}): ${set.status}\n`);
  for (const build of sim.builds()) process.stdout.write(`Build ${build.id} (${build.region}): ${build.status}\n`);
  // The key itself is never printed.
  process.stdout.write(apiKey ? "Auth: the configured API key is required\n" : "Auth: any bearer key is accepted\n");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// Imported (by tests) it only exposes OPTIONS, HELP and banner.
if (require.main === module) void main();
