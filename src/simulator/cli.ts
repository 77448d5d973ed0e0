#!/usr/bin/env node
// `pipecat-cloud-simulator`: runs the simulator in the foreground.

import { parseArgs } from "node:util";
import { FAILING_SECRET_MARKER, startSimulator, type SeededSecretSet, type Simulator, type SimulatorTimings } from "./index";

const HELP = `Usage: pipecat-cloud-simulator [options]

Serves a local imitation of the Pipecat Cloud REST API under /v1.

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
  --seed-secret-set SPEC   a ready secret set at start-up, NAME[:REGION[:imagePullSecret]];
                           repeatable
  --secret-put MODE        what a PUT to an existing secret set does with keys it
                           does not mention: merge (keep them, default) or replace
  -h, --help               show this help

Conventions: an image tag containing "crash" crash-loops, one containing
"pullfail" cannot be pulled. A secret set with a value containing
"${FAILING_SECRET_MARKER}" (for an image pull secret: in username or password)
ends up "failed" with an errorMessage. Every /v1/secrets request line shows the
status of the set afterwards. Control endpoint (loopback only):
  GET /_simulator/state, POST /_simulator/reset,
  POST|GET|DELETE /_simulator/faults, POST /_simulator/active-sessions
`;

const TIMING_FLAGS: Record<string, keyof SimulatorTimings> = {
  "reconcile-ms": "reconcileMs",
  "validating-ms": "validatingMs",
  "ready-ms": "readyMs",
  "fail-ms": "failMs",
  "draining-ms": "drainingMs",
  "secret-ready-ms": "secretReadyMs",
};

function fail(message: string): never {
  process.stderr.write(`pipecat-cloud-simulator: ${message}\nTry --help.\n`);
  process.exit(2);
}

function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) fail(`--${flag} expects a non-negative integer, got '${value}'`);
  return n;
}

function parseSeed(spec: string): SeededSecretSet {
  const [name, region, type, ...rest] = spec.split(":");
  if (!name || rest.length > 0 || (type !== undefined && type !== "imagePullSecret")) {
    fail(`--seed-secret-set expects NAME[:REGION[:imagePullSecret]], got '${spec}'`);
  }
  return { name, region: region || undefined, type: type === "imagePullSecret" ? "imagePullSecret" : "secret" };
}

/** After a /v1/secrets/NAME request: the set's status now (names and statuses only, never values). */
function setStatusSuffix(sim: Simulator | undefined, line: string): string {
  const name = /^\S+ \/v1\/secrets\/([^/\s?]+)/.exec(line)?.[1];
  if (!sim || !name) return "";
  const set = sim.secretSets().find((s) => s.name === decodeURIComponent(name));
  if (!set) return " [set: none]";
  return ` [set ${set.name}: ${set.status}${set.errorMessage ? ` (${set.errorMessage})` : ""}]`;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string" },
        "default-region": { type: "string" },
        ...Object.fromEntries(Object.keys(TIMING_FLAGS).map((f) => [f, { type: "string" as const }])),
        "seed-secret-set": { type: "string", multiple: true },
        "secret-put": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
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
  const secretPut = values["secret-put"];
  if (secretPut !== undefined && secretPut !== "merge" && secretPut !== "replace") fail(`--secret-put expects merge or replace, got '${secretPut}'`);

  let sim: Simulator | undefined;
  try {
    sim = await startSimulator({
      port: values.port === undefined ? 8787 : nonNegativeInt("port", values.port),
      host: values.host,
      apiKey,
      defaultRegion: values["default-region"],
      timings,
      secretSets: (values["seed-secret-set"] ?? []).map(parseSeed),
      secretPut,
      log: (line) => process.stdout.write(`${line}${setStatusSuffix(sim, line)}\n`),
    });
  } catch (e) {
    fail((e as Error).message);
  }

  process.stdout.write(`Pipecat Cloud simulator listening on ${sim.url}\n`);
  for (const set of sim.secretSets()) process.stdout.write(`Secret set ${set.name} (${set.type}, ${set.region}): ${set.status}\n`);
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

void main();
