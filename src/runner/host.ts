// A typed gRPC client for the real Pulumi dynamic-provider host
// (`@pulumi/pulumi/cmd/dynamic-provider`), launched the way the engine launches it, so
// tests, demos and benchmarks can drive a serialized provider without the Pulumi CLI.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

export type Props = Record<string, unknown>;

export interface StartHostOptions {
  /** The Pulumi project dir: cwd of the host; `@pulumi/pulumi` and everything else resolve from here. */
  projectDir: string;
  /** Extra environment, merged over `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Sets PULUMI_NODEJS_PROJECT / PULUMI_PROJECT; default "project". */
  project?: string;
  /** Called with every chunk the host prints (including the port line). */
  onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

export interface ProviderHost {
  readonly pid: number;
  readonly port: number;
  getPluginInfo(): Promise<{ version: string }>;
  /** Like the engine: full stack config, namespaced keys ("pipecat:apiKey"); `secretKeys` are sent as RPC secrets. */
  configure(config: Record<string, string>, secretKeys?: string[]): Promise<{ acceptSecrets: boolean }>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "some" | "none" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  /** id "" in the result means the resource is gone. */
  read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  /** Everything the host printed so far (stdout after the port line, plus stderr), for leak assertions. */
  output(): string;
  /** Kills the whole process group (the shim forks node) and waits for it to exit. */
  close(): Promise<void>;
}

/** A failed host call, decoded the way the engine decodes it. */
export class HostCallError extends Error {
  constructor(
    readonly method: string,
    readonly grpcCode: number,
    readonly details: string,
    readonly initFailure?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(`${method} failed (grpc ${grpcCode}): ${details}`);
    this.name = "HostCallError";
  }
}

// Same markers as @pulumi/pulumi runtime/rpc (specialSigKey / specialSecretSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
// Generous (real APIs, slow CI) but never unbounded.
const CALL_DEADLINE_MS = 15 * 60_000;
const STARTUP_TIMEOUT_MS = 120_000;
// Same limit the engine uses for provider RPCs.
const MAX_MSG = 400 * 1024 * 1024;

// Detached children survive us unless we kill their groups on exit.
const liveGroups = new Set<number>();
let exitHookInstalled = false;
/** Signals the whole process group; signal 0 only probes. Returns false once the group is gone. */
function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH
  }
}

// The generated proto/gRPC modules are plain JS loaded at runtime: typed loosely, here only.
type Loose = any;

/** The host's own copies of the proto and gRPC modules, so `instanceof` checks inside it line up. */
interface Protos { grpc: Loose; provider: Loose; providerGrpc: Loose; status: Loose; struct: Loose; empty: Loose; sdkDir: string }

function loadProtos(projectDir: string): Protos {
  const fromProject = createRequire(path.join(path.resolve(projectDir), "package.json"));
  const sdkDir = path.dirname(fromProject.resolve("@pulumi/pulumi/package.json"));
  const fromSdk = createRequire(path.join(sdkDir, "package.json"));
  return {
    sdkDir,
    grpc: fromSdk("@grpc/grpc-js"),
    provider: fromSdk("./proto/provider_pb"),
    providerGrpc: fromSdk("./proto/provider_grpc_pb"),
    status: fromSdk("./proto/status_pb"),
    struct: fromSdk("google-protobuf/google/protobuf/struct_pb"),
    empty: fromSdk("google-protobuf/google/protobuf/empty_pb"),
  };
}

/** Spawns the host like the engine's `NewProvider` and waits for the port on the first stdout line. */
export async function startProviderHost(opts: StartHostOptions): Promise<ProviderHost> {
  const projectDir = path.resolve(opts.projectDir);
  const project = opts.project ?? "project";
  const p = loadProtos(projectDir);

  // Prefer the shim the engine execs; fall back to node + the script it would resolve.
  const shim = path.join(p.sdkDir, "pulumi-resource-pulumi-nodejs");
  const engineAddr = "127.0.0.1:1"; // the host only checks that an address was given
  let cmd: string;
  let args: string[];
  if (process.platform !== "win32" && isExecutable(shim)) {
    [cmd, args] = [shim, [engineAddr]];
  } else {
    const script = createRequire(path.join(projectDir, "package.json")).resolve("@pulumi/pulumi/cmd/dynamic-provider");
    [cmd, args] = [process.execPath, [script, engineAddr]];
  }

  const child = spawn(cmd, args, {
    cwd: projectDir,
    env: {
      ...process.env,
      ...opts.env,
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_PROJECT: project,
      PULUMI_CONFIG: "{}", // the pulumi-nodejs: namespace only, which we never set
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so close() reaches the forked node too
  });
  const pid = child.pid;
  if (pid === undefined) {
    // spawn failures (ENOENT, EACCES) arrive as an async "error" event
    const err = await new Promise<Error>((r) => child.once("error", r));
    throw new Error(`failed to spawn ${cmd}: ${err.message}`);
  }
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => liveGroups.forEach((g) => killGroup(g, "SIGKILL")));
  }

  let out = "";
  let sawPort = false;
  let stdoutBuf = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`host did not print its port within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null, sig: string | null) =>
      fail(new Error(`host exited (code ${code}, signal ${sig}) before printing its port; output:\n${stdoutBuf}${out}`));
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      killGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
      reject(e);
    };
    child.once("error", fail);
    child.once("exit", onExit);
    child.stdout!.setEncoding("utf8").on("data", (text: string) => {
      opts.onOutput?.("stdout", text);
      if (sawPort) return void (out += text);
      stdoutBuf += text;
      const nl = stdoutBuf.indexOf("\n");
      if (nl < 0) return;
      sawPort = true;
      const line = stdoutBuf.slice(0, nl).trim();
      out += stdoutBuf.slice(nl + 1);
      const n = Number(line);
      if (!Number.isInteger(n) || n <= 0) return fail(new Error(`host printed ${JSON.stringify(line)} instead of a port`));
      clearTimeout(timer);
      child.off("exit", onExit).off("error", fail);
      resolve(n);
    });
    child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      opts.onOutput?.("stderr", text);
      out += text;
    });
  });

  const client = new p.providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, p.grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MSG,
    "grpc.max_send_message_length": MAX_MSG,
  });
  const toStruct = (o: Props) => p.struct.Struct.fromJavaScript(o);
  const fromStruct = (s: unknown): Props => (s ? (s as { toJavaScript(): Props }).toJavaScript() : {});

  const call = (method: string, req: unknown): Promise<Loose> =>
    new Promise((resolve, reject) => {
      client[method](req, { deadline: Date.now() + CALL_DEADLINE_MS }, (err: GrpcError | null, resp: unknown) =>
        err ? reject(decodeError(p, method, err)) : resolve(resp),
      );
    });

  // The engine fills urn, name and type on every resource request.
  const withUrn = <T extends { setUrn(u: string): void; setName(n: string): void; setType(t: string): void }>(req: T, urn: string): T => {
    const parts = urn.split("::");
    req.setUrn(urn);
    req.setName(parts[parts.length - 1] ?? "");
    req.setType((parts[parts.length - 2] ?? "").split("$").pop() ?? "");
    return req;
  };
  const P = p.provider;

  let closing: Promise<void> | undefined;
  return {
    pid,
    port,
    async getPluginInfo() {
      const resp = await call("getPluginInfo", new p.empty.Empty());
      return { version: resp.getVersion() };
    },
    async configure(config, secretKeys = []) {
      const secret = new Set(secretKeys);
      const args: Props = {};
      for (const [k, v] of Object.entries(config)) args[k] = secret.has(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
      const req = new P.ConfigureRequest();
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true); // as provider_plugin.go Configure
      req.setAcceptresources(true);
      const resp = await call("configure", req);
      return { acceptSecrets: resp.getAcceptsecrets() };
    },
    async check(urn, olds, news) {
      const req = withUrn(new P.CheckRequest(), urn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const resp = await call("check", req);
      return {
        inputs: fromStruct(resp.getInputs()),
        failures: resp.getFailuresList().map((f: Loose) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news) {
      const req = withUrn(new P.DiffRequest(), urn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const resp = await call("diff", req);
      const C = P.DiffResponse.DiffChanges;
      const c = resp.getChanges();
      return {
        changes: c === C.DIFF_SOME ? "some" : c === C.DIFF_NONE ? "none" : "unknown",
        replaces: resp.getReplacesList(),
        deleteBeforeReplace: resp.getDeletebeforereplace(),
      };
    },
    async create(urn, properties) {
      const req = withUrn(new P.CreateRequest(), urn);
      req.setProperties(toStruct(properties));
      const resp = await call("create", req);
      return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
    },
    async read(urn, id, properties, inputs) {
      const req = withUrn(new P.ReadRequest(), urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      if (inputs) req.setInputs(toStruct(inputs));
      const resp = await call("read", req);
      const res: { id: string; properties: Props; inputs?: Props } = { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
      if (resp.getInputs()) res.inputs = fromStruct(resp.getInputs());
      return res;
    },
    async update(urn, id, olds, news) {
      const req = withUrn(new P.UpdateRequest(), urn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const resp = await call("update", req);
      return { properties: fromStruct(resp.getProperties()) };
    },
    async delete(urn, id, properties) {
      const req = withUrn(new P.DeleteRequest(), urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      await call("delete", req);
    },
    output: () => out,
    close() {
      closing ??= (async () => {
        client.close();
        killGroup(pid, "SIGTERM");
        const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)]);
        if (timedOut) killGroup(pid, "SIGKILL");
        await exited;
        // The shim (sh) can exit before its node child does: wait until no member is left.
        for (let i = 0; i < 100 && groupAlive(pid); i++) {
          if (i === 50) killGroup(pid, "SIGKILL");
          await delay(50);
        }
        liveGroups.delete(pid);
      })();
      return closing;
    },
  };
}

interface GrpcError extends Error {
  code?: number;
  details?: string;
  metadata?: Loose;
}

// Mirrors the engine: grpc-status-details-bin → google.rpc.Status → Any → pulumirpc.ErrorResourceInitFailed.
function decodeError(p: Protos, method: string, err: GrpcError): HostCallError {
  const code = err.code ?? p.grpc.status.UNKNOWN;
  const details = err.details ?? err.message;
  let initFailure: HostCallError["initFailure"];
  const bins: unknown[] = err.metadata?.get?.("grpc-status-details-bin") ?? [];
  for (const bin of bins) {
    const status = p.status.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const f = any.unpack(p.provider.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      initFailure = { id: f.getId(), properties: f.getProperties()?.toJavaScript() ?? {}, reasons: f.getReasonsList() };
    }
  }
  return new HostCallError(method, code, details, initFailure);
}

// kill(-pgid, 0) also counts zombies, which a lazy PID 1 (containers) may take a second to
// reap; on Linux, look at /proc and ignore them.
function groupAlive(pgid: number): boolean {
  if (process.platform !== "linux") return killGroup(pgid, 0);
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
    if (Number(pgrp) === pgid && state !== "Z") return true;
  }
  return false;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
