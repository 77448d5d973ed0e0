#!/usr/bin/env node
// `pipecat-cloud-simulator`: runs the simulator in the foreground.

import { parseArgs } from "node:util";
import { startSimulator, type BuildStatus, type SeededBuild, type SeededSecretSet, type SimulatorTimings } from "./index";

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
  --build-queue-ms MS      how long a new cloud build stays pending (default 300)
  --build-run-ms MS        how long a cloud build stays building (default 1200)
  --seed-secret-set SPEC   a ready secret set at start-up, NAME[:REGION[:imagePullSecret]];
                           repeatable
  --seed-build SPEC        a cloud build at start-up, UUID:REGION[:STATUS] (status
                           success by default; pending, building, failed, timeout);
                           repeatable
  -h, --help               show this help

Conventions: an image tag containing "crash" crash-loops, one containing
"pullfail" cannot be pulled. A Dockerfile line "# simulator: fail MESSAGE" fails
a cloud build with MESSAGE; "# simulator: timeout" times it out. Presigned uploads
go to /_uploads. Control endpoint (loopback only):
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
  "build-queue-ms": "buildQueueMs",
  "build-run-ms": "buildRunMs",
};

const BUILD_STATUSES: readonly BuildStatus[] = ["pending", "building", "success", "failed", "timeout"];

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

function parseBuildSeed(spec: string): SeededBuild {
  const [id, region, status = "success", ...rest] = spec.split(":");
  if (!id || !region || rest.length > 0 || !/^[0-9a-f-]{36}$/i.test(id) || !BUILD_STATUSES.includes(status as BuildStatus)) {
    fail(`--seed-build expects UUID:REGION[:${BUILD_STATUSES.join("|")}], got '${spec}'`);
  }
  return { id, region, status: status as BuildStatus };
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
        "seed-build": { type: "string", multiple: true },
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

  let sim;
  try {
    sim = await startSimulator({
      port: values.port === undefined ? 8787 : nonNegativeInt("port", values.port),
      host: values.host,
      apiKey,
      defaultRegion: values["default-region"],
      timings,
      secretSets: (values["seed-secret-set"] ?? []).map(parseSeed),
      builds: (values["seed-build"] ?? []).map(parseBuildSeed),
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (e) {
    fail((e as Error).message);
  }

  process.stdout.write(`Pipecat Cloud simulator listening on ${sim.url}\n`);
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
