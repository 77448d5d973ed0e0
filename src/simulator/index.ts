// A local Pipecat Cloud API: a real HTTP server on loopback with in-memory
// state, a time-driven deployment lifecycle and scriptable faults. Used by
// this package's tests, the offline demo, and users' own CI.
//
//   const sim = await startSimulator({ port: 0 });
//   // point the client at `${sim.url}/v1` with any bearer key
//   await sim.close();

import { httpUrl, isWildcard } from "./address";
import { DEFAULT_REGION, DEFAULT_TIMINGS, FAILING_SECRET_MARKER, REGION_CODES, type SecretPutSemantics } from "./catalog";
import { FaultQueue, type FaultController } from "./faults";
import { RateLimiter, type RateLimit } from "./rate-limit";
import { createSimulatorServer } from "./server";
import { NO_CHANGE_WARNING, SimulatorStore, type SimulatorBehaviour } from "./store";
import type {
  AgentSnapshot,
  BuildView,
  RecordedRequest,
  SecretSetSnapshot,
  SeededBuild,
  SeededSecretSet,
  SimulatorTimings,
  WebsocketAuth,
} from "./types";

export type * from "./types";
export type { RateLimit } from "./rate-limit";
export type { Fault, FaultController, FaultKind, FaultRule, PendingFault } from "./faults";
export { DEFAULT_TIMINGS, FAILING_SECRET_MARKER, NO_CHANGE_WARNING, type SecretPutSemantics };
export type { SimulatorBehaviour };

/** Options of `startSimulator`; all optional. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** When set, the only bearer key accepted; when unset, any non-empty bearer is. */
  apiKey?: string;
  /** Organization default region for creates and secret sets without one; default us-west. */
  defaultRegion?: string;
  /** Lifecycle timings in ms; see DEFAULT_TIMINGS. */
  timings?: Partial<SimulatorTimings>;
  /** Cloud builds present from the start (and after each reset), with a fixed status. */
  builds?: SeededBuild[];
  /** Secret sets present (and ready) from the start and after each reset. */
  secretSets?: SeededSecretSet[];
  /**
   * What an agent created without `websocketAuth` reports. The real default is disputed
   * (docs: "none"; CLI 0.6.0 changelog: "token" for new services); default "token".
   */
  websocketAuthDefault?: WebsocketAuth;
  /** Whether agent responses include `websocketAuth` (undocumented upstream); default true. */
  echoWebsocketAuth?: boolean;
  /**
   * What a PUT to an existing regular set does with keys it does not mention:
   * `merge` (keep them, the default) or `replace` (drop them). Upstream does not
   * document it, so providers are tested against both.
   */
  secretPut?: SecretPutSemantics;
  /** Clock in ms since the epoch; inject one to drive the lifecycle by hand. */
  now?: () => number;
  /** Receives one line per request (method, path, status, duration). */
  log?: (line: string) => void;
  /** Update bodies: ignore `null` fields instead of resetting them (see SimulatorBehaviour). */
  ignoreNullsOnUpdate?: boolean;
  /** Agent responses leave out every optional field (see SimulatorBehaviour). */
  omitOptionalFields?: boolean;
  /** Update bodies: refuse null for secretSet / imagePullSecretSet with a 400 (see SimulatorBehaviour). */
  rejectNullSecretSets?: boolean;
  /**
   * Limit the whole API to this many requests per second (429 + Retry-After
   * beyond it, nothing changed). Unlimited by default.
   */
  rateLimit?: RateLimit;
}

/** A running simulator, as `startSimulator` resolves it. */
export interface Simulator {
  /**
   * `http://HOST:PORT`: no trailing slash, no `/v1`. HOST is the `host` option as
   * given (a wildcard bind gets `127.0.0.1`), so it reaches the server from this machine.
   */
  readonly url: string;
  /**
   * The IP address the server is bound to, as the socket reports it: `127.0.0.1`,
   * `0.0.0.0`, `::`, or what a host name such as `localhost` resolved to.
   */
  readonly address: string;
  /** The port listened on: the one asked for, or the free one picked for port 0. */
  readonly port: number;
  /** Scripts faults for the next matching requests (also `POST /_simulator/faults`). */
  readonly faults: FaultController;
  /**
   * Every /v1 request handled, oldest first. Bodies are kept as received
   * (secret values included, as they come from the test itself); the HTTP
   * state endpoint redacts them. The Authorization header is never kept.
   */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** TCP connections accepted (since start or the last reset): how well clients reuse keep-alive connections. */
  readonly connections: number;
  /** Current configuration and lifecycle of every agent. */
  agents(): AgentSnapshot[];
  /** Every secret set, without values. */
  secretSets(): SecretSetSnapshot[];
  /** Switches an uncertain API behaviour until the next reset (which restores the start-up options). */
  setBehaviour(change: Partial<SimulatorBehaviour>): SimulatorBehaviour;
  /** Every cloud build (seeded and created), as `GET /v1/builds/{id}` shows it now. */
  builds(): BuildView[];
  /** Sets the `activeSessionCount` an agent reports. */
  setActiveSessions(name: string, count: number): void;
  /** Back to the start-up state: seeds only, no faults, empty request log. */
  reset(): void;
  /** Stops listening and closes open (keep-alive) connections. */
  close(): Promise<void>;
}

function resolveTimings(partial: Partial<SimulatorTimings> = {}): SimulatorTimings {
  const timings = { ...DEFAULT_TIMINGS };
  for (const [key, value] of Object.entries(partial) as Array<[keyof SimulatorTimings, number | undefined]>) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_TIMINGS)) throw new TypeError(`unknown simulator timing '${key}'`);
    if (typeof value !== "number" || !(value >= 0)) throw new TypeError(`simulator timing '${key}' must be a number >= 0`);
    timings[key] = value;
  }
  return timings;
}

/**
 * Starts a simulator listening on `host:port` and resolves once it accepts
 * connections. Throws a TypeError for invalid options; rejects when the port
 * cannot be bound. Call `close()` when done.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const defaultRegion = options.defaultRegion ?? DEFAULT_REGION;
  if (!REGION_CODES.includes(defaultRegion)) {
    throw new TypeError(`defaultRegion must be one of ${REGION_CODES.join(", ")}`);
  }
  if (options.websocketAuthDefault !== undefined && options.websocketAuthDefault !== "none" && options.websocketAuthDefault !== "token") {
    throw new TypeError('websocketAuthDefault must be "none" or "token"');
  }
  if (options.apiKey === "") throw new TypeError("apiKey must not be empty (leave it unset to accept any key)");
  if (options.secretPut !== undefined && options.secretPut !== "merge" && options.secretPut !== "replace") {
    throw new TypeError('secretPut must be "merge" or "replace"');
  }
  // Seeds live in regions the simulator has, like everything created through the API.
  for (const seed of [...(options.secretSets ?? []).map((s) => ({ what: `secret set '${s.name}'`, region: s.region })), ...(options.builds ?? []).map((b) => ({ what: `build '${b.id}'`, region: b.region }))]) {
    if (seed.region !== undefined && !REGION_CODES.includes(seed.region)) {
      throw new TypeError(`seeded ${seed.what}: region '${seed.region}' is not available; available regions: ${REGION_CODES.join(", ")}`);
    }
  }
  const now = options.now ?? Date.now;
  const store = new SimulatorStore({
    now,
    timings: resolveTimings(options.timings),
    defaultRegion,
    builds: options.builds ?? [],
    secretSets: options.secretSets ?? [],
    behaviour: { ignoreNullsOnUpdate: options.ignoreNullsOnUpdate ?? false, omitOptionalFields: options.omitOptionalFields ?? false, rejectNullSecretSets: options.rejectNullSecretSets ?? false },
    websocketAuthDefault: options.websocketAuthDefault ?? "token",
    echoWebsocketAuth: options.echoWebsocketAuth ?? true,
    secretPut: options.secretPut ?? "merge",
  });
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit, now) : undefined;
  const { server, cancelPending } = createSimulatorServer({
    store,
    faults,
    requests,
    apiKey: options.apiKey,
    now,
    log: options.log,
    rateLimiter,
  });

  let connections = 0;
  server.on("connection", () => void connections++);

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : 0;
  const address = typeof bound === "object" && bound ? bound.address : host;
  // A wildcard bind is reachable on loopback.
  const url = httpUrl(isWildcard(host) ? "127.0.0.1" : host, port);

  let closing: Promise<void> | undefined;
  return {
    url,
    address,
    port,
    faults,
    requests,
    get connections() {
      return connections;
    },
    agents: () => store.agentSnapshots(),
    secretSets: () => store.secretSetSnapshots(),
    builds: () => store.builds.snapshots(),
    setActiveSessions: (name, count) => store.setActiveSessions(name, count),
    setBehaviour: (change) => store.setBehaviour(change),
    reset() {
      store.reset();
      faults.clear();
      rateLimiter?.reset();
      requests.length = 0;
      connections = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        cancelPending();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
