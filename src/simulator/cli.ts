#!/usr/bin/env node
// `pipecat-cloud-simulator`: runs the simulator in the foreground.

import { parseArgs } from "node:util";
import { startSimulator, type SeededSecretSet, type SimulatorTimings } from "./index";

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
  --rate-limit N           accept at most N requests per second (burst N); beyond it
                           answer 429 with Retry-After (default: unlimited)
  --rate-limit-retry-after S  the Retry-After of those 429s, in seconds (default 1)
  -h, --help               show this help

Conventions: an image tag containing "crash" crash-loops, one containing
"pullfail" cannot be pulled. Control endpoint (loopback only):
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
        "rate-limit": { type: "string" },
        "rate-limit-retry-after": { type: "string" },
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
      rateLimit:
        values["rate-limit"] === undefined
          ? undefined
          : {
              requestsPerSecond: nonNegativeInt("rate-limit", values["rate-limit"]),
              retryAfterSeconds: values["rate-limit-retry-after"] === undefined ? undefined : nonNegativeInt("rate-limit-retry-after", values["rate-limit-retry-after"]),
            },
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
