// npm run bench: footprint, preview cost, host start, readiness latency, fleet and refresh,
// measured side by side in one run against the local simulator, with the packed tarball
// installed in a consumer project (.scratch/bench-consumer) exactly as the e2e tests do.
// Prints Markdown tables and writes bench/results.json. Not a test: nothing here asserts.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { defaultPollPolicy, type PollPolicy } from "../src/agent/poll-policy";
import { interpretStatus } from "../src/agent/readiness";
import { startProviderHost, type ProviderHost, type Props } from "../src/runner/host";
import type { AgentDetails } from "../src/agent/schema";
import type { Simulator, SimulatorOptions, SimulatorTimings, startSimulator as StartSimulator } from "../src/simulator";
import { waitForReady } from "../src/agent/wait-for-ready";
import { prepareConsumer } from "../test/helpers/consumer";

const REPS = { preview: 11, hostStart: 11, readiness: 5, fleet: 3, limitedFleet: 3 };
const PREVIEW_AGENTS = 100;
const FLEET_AGENTS = 50;
/** The rate-limited fleet: 200 agents at once against an API that takes 50 requests/s. */
const LIMITED_FLEET = { agents: 200, requestsPerSecond: 50, retryAfterSeconds: 1 };
const API_KEY = "pk_bench_0123456789";
const KINDS = ["ours", "trivial", "naive", "naiveSchema", "naiveUndici", "naiveModules"] as const;
type Kind = (typeof KINDS)[number];
const DESCRIPTION: Record<Kind, string> = {
  ours: "PipecatAgent (its entry module, stored as a require by package name)",
  trivial: "trivial: methods return constants",
  naive: "naive: `{ request }` from undici + `{ z }` from zod at module scope",
  naiveSchema: "naive + a zod schema at module scope",
  naiveUndici: "naive, `{ request }` from undici only",
  naiveModules: "naive, whole modules at module scope (`undici.request`, `zod.z`)",
};
/** The CLI's `pcc deploy` wait, and this provider's previous policy, as poll policies (for the model). */
const CLI_POLICY: PollPolicy = { initialMs: 5_000, factor: 1, maxMs: 5_000, validatingMs: Infinity, maxConsecutiveErrors: 5, jitter: 0 };
const PREVIOUS_POLICY: PollPolicy = { initialMs: 500, factor: 1.5, maxMs: 5_000, validatingMs: Infinity, maxConsecutiveErrors: 5, jitter: 0 };
/** Deploys that take 3 s and 20 s; the revision validates (replicas up, readiness probe) for the last 2 s and 5 s. */
const SCENARIOS: Array<{ name: string; timings: Partial<SimulatorTimings> & { readyMs: number } }> = [
  { name: "ready after 3 s", timings: { reconcileMs: 300, validatingMs: 1_000, readyMs: 3_000 } },
  { name: "ready after 20 s", timings: { reconcileMs: 1_000, validatingMs: 15_000, readyMs: 20_000 } },
];

// ---- small helpers ----------------------------------------------------------

interface Stat { median: number; min: number; max: number; n: number }
function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median: round(median, 2), min: round(s[0]!, 2), max: round(s[s.length - 1]!, 2), n: s.length };
}
const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const num = (x: number) => (Math.abs(x) >= 100 ? round(x) : Math.abs(x) >= 10 ? round(x, 1) : round(x, 2)).toLocaleString("en-US");
const fmt = (s: Stat, unit = "") => `${num(s.median)}${unit} [${num(s.min)}–${num(s.max)}]`;
const ratio = (a: Stat, b: Stat) => round(a.median / b.median, 2);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const table = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
/** An error message for a table cell: one line, no pipes, at most 100 characters. */
const short = (error: unknown) => {
  const text = String(error).replace(/\s+/g, " ").replace(/\|/g, "\\|").replace(/^error serializing property "__provider": /, "");
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
};
const print = (text = "") => process.stdout.write(text + "\n");

/** CPU time (user + system, ms) of every process in a process group (the host is a shim that forks node). Linux only. */
const CLK_TCK = 100;
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from `state` (3rd) on
      if (Number(fields[2]) !== pgid) continue; // pgrp
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process exited meanwhile
    }
  }
  return (ticks * 1000) / CLK_TCK;
}
/** The most requests received in any `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
const urnOf = (kind: Kind, name: string) =>
  `urn:pulumi:bench::consumer::pulumi-nodejs:dynamic${kind === "ours" ? "/pipecat:PipecatAgent" : ":Resource"}::${name}`;

/** stdout of a node script; its exit code is ignored (Pulumi's exit hook sets one when promises are left). */
function runNode(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => execFile(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (_err, stdout) => resolve(stdout)));
}

async function main(): Promise<void> {
  const started = performance.now();
  const repo = path.resolve(__dirname, "..");
  const consumer = await prepareConsumer({ consumerDir: path.join(repo, ".scratch", "bench-consumer") });
  const dir = consumer.consumerDir;
  print(`consumer ${consumer.how}: pack ${num(consumer.packMs / 1000)} s, install ${num(consumer.installMs / 1000)} s (${dir})`);
  fs.mkdirSync(path.join(dir, "bench"), { recursive: true });
  for (const f of ["providers.js", "serialize.js"]) fs.copyFileSync(path.join(__dirname, "consumer", f), path.join(dir, "bench", f));
  // The simulator as the package ships it.
  const { startSimulator } = createRequire(path.join(dir, "package.json"))("pulumi-pipecat-cloud/simulator") as { startSimulator: typeof StartSimulator };
  const sims: Simulator[] = [];
  const hosts: ProviderHost[] = [];
  const newSim = async (timings: Partial<SimulatorTimings> = {}, options: Partial<SimulatorOptions> = {}) => {
    const sim = await startSimulator({ apiKey: API_KEY, timings, ...options });
    sims.push(sim);
    return sim;
  };
  // The naive providers read the API settings from the environment; ours gets them from configure.
  const newHost = async (sim: Simulator, env: NodeJS.ProcessEnv = { PIPECAT_API_KEY: "", PIPECAT_API_URL: "" }) => {
    const host = await startProviderHost({ projectDir: dir, project: "consumer", env });
    hosts.push(host);
    return host;
  };
  const configure = (host: ProviderHost, sim: Simulator) =>
    host.configure({ "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url }, ["pipecat:apiKey"]);
  const closeHost = async (host: ProviderHost) => {
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
  };
  const results: Record<string, unknown> = {};

  try {
    // ---- 1. state footprint -------------------------------------------------
    const serialized: Partial<Record<Kind, string>> = {};
    let storedOutputs: Props = {};
    const footprint: Array<Record<string, unknown>> = [];
    for (const kind of KINDS) {
      const out = await runNode(["bench/serialize.js", kind], dir);
      const line = out.split("\n").find((l) => l.startsWith("BENCH-RESULT "));
      const r = line ? JSON.parse(line.slice("BENCH-RESULT ".length)) : { ok: false, error: `no result; output: ${out.slice(0, 500)}` };
      if (r.ok) serialized[kind] = r.provider;
      const text: string | undefined = r.ok ? r.provider : undefined;
      footprint.push({
        kind,
        description: DESCRIPTION[kind],
        serialized: r.ok,
        error: r.ok ? undefined : r.error,
        stringBytes: text === undefined ? undefined : Buffer.byteLength(text),
        // Stored twice per resource (inputs and outputs), JSON-escaped in the state file.
        perResourceStateBytes: text === undefined ? undefined : 2 * Buffer.byteLength(JSON.stringify(text)),
        requires: text === undefined ? undefined : [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))],
      });
    }
    // Does what serialized also run? check + create of one agent through a host, against a simulator.
    {
      const sim = await newSim({ reconcileMs: 10, validatingMs: 20, readyMs: 50 });
      const host = await newHost(sim, { PIPECAT_API_KEY: API_KEY, PIPECAT_API_URL: sim.url });
      await configure(host, sim);
      for (const row of footprint) {
        const kind = row.kind as Kind;
        const text = serialized[kind];
        if (text === undefined) continue;
        const name = `runs-${kind.toLowerCase()}`;
        try {
          const { inputs } = await host.check(urnOf(kind, name), {}, { agentName: name, image: "acme/bot:1", __provider: text });
          const { properties } = await host.create(urnOf(kind, name), inputs);
          row.runsInHost = kind === "trivial" || sim.agents().some((a) => a.name === name);
          // What the state file holds for the resource: its checked inputs and its outputs.
          row.stateBytes = Buffer.byteLength(JSON.stringify(inputs)) + Buffer.byteLength(JSON.stringify(properties));
          if (kind === "ours") storedOutputs = properties;
        } catch (e) {
          row.runsInHost = false;
          row.error = (e as Error).message.replace(/\s+/g, " ").slice(0, 300);
        }
      }
      await closeHost(host);
    }
    results.footprint = footprint;
    const trivialBytes = footprint.find((r) => r.kind === "trivial")!.perResourceStateBytes as number;
    print("\n### 1. State footprint: the serialized provider stored with every agent\n");
    print(
      table(
        ["provider", "serializes", "`__provider` bytes", "state bytes per resource (×2, JSON)", "vs trivial", "runs in the host", "state per resource (inputs + outputs)", "requires"],
        footprint.map((r) => [
          r.description as string,
          r.serialized ? "yes" : `**no**: ${short(r.error)}`,
          (r.stringBytes as number | undefined)?.toLocaleString("en-US") ?? "–",
          (r.perResourceStateBytes as number | undefined)?.toLocaleString("en-US") ?? "–",
          r.perResourceStateBytes ? `${round((r.perResourceStateBytes as number) / trivialBytes, 2)}×` : "–",
          r.runsInHost === undefined ? "–" : r.runsInHost ? "yes" : `**no**: ${short(r.error)}`,
          (r.stateBytes as number | undefined)?.toLocaleString("en-US") ?? "–",
          ((r.requires as string[] | undefined) ?? []).map((m) => `\`${m}\``).join(", ") || "–",
        ]),
      ),
    );

    const ours = serialized.ours!;
    const trivial = serialized.trivial!;
    const providerOf = (kind: "ours" | "trivial") => (kind === "ours" ? ours : trivial);

    // ---- 2. preview cost ----------------------------------------------------
    {
      const sim = await newSim();
      const host = await newHost(sim);
      await configure(host, sim);
      const names = Array.from({ length: PREVIEW_AGENTS }, (_, i) => `preview-${i}`);
      // The stored state of 100 existing agents: checked inputs for check, full outputs
      // for diff (as the engine passes them); every other agent gets a new image.
      const olds = new Map<string, Record<"ours" | "trivial", { inputs: Props; outputs: Props }>>();
      for (const name of names) {
        const entry = {} as Record<"ours" | "trivial", { inputs: Props; outputs: Props }>;
        for (const kind of ["ours", "trivial"] as const) {
          const inputs = (await host.check(urnOf(kind, name), {}, { agentName: name, image: "acme/bot:1", __provider: providerOf(kind) })).inputs;
          const outputs = kind === "ours" ? { ...storedOutputs, ...inputs, name } : inputs; // the trivial provider's outputs are its inputs
          entry[kind] = { inputs, outputs };
        }
        olds.set(name, entry);
      }
      const times: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const cpu: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const requestsBefore = sim.requests.length;
      for (let rep = 0; rep < REPS.preview; rep++) {
        for (const kind of rep % 2 ? (["trivial", "ours"] as const) : (["ours", "trivial"] as const)) {
          const t0 = performance.now();
          const c0 = groupCpuMs(host.pid);
          await Promise.all(
            names.map(async (name, i) => {
              const old = olds.get(name)![kind];
              const news = { agentName: name, image: i % 2 ? "acme/bot:2" : "acme/bot:1", __provider: providerOf(kind) };
              const checked = await host.check(urnOf(kind, name), old.inputs, news);
              await host.diff(urnOf(kind, name), name, old.outputs, checked.inputs);
            }),
          );
          times[kind].push(performance.now() - t0);
          cpu[kind].push(groupCpuMs(host.pid) - c0);
        }
      }
      const requests = sim.requests.length - requestsBefore;
      await closeHost(host);
      const o = stat(times.ours);
      const t = stat(times.trivial);
      const oc = stat(cpu.ours);
      const tc = stat(cpu.trivial);
      results.preview = { agents: PREVIEW_AGENTS, reps: REPS.preview, simulatorRequests: requests, oursMs: o, trivialMs: t, ratio: ratio(o, t), oursCpuMs: oc, trivialCpuMs: tc, cpuRatio: ratio(oc, tc) };
      print(`\n### 2. Preview: check + diff (given the stored outputs) of ${PREVIEW_AGENTS} existing agents through one host (all at once, ${REPS.preview} reps)\n`);
      print(
        table(
          ["provider", "wall time, median [min–max]", "host CPU", "per agent", "HTTP requests to the API"],
          [
            ["ours", fmt(o, " ms"), fmt(oc, " ms"), `${num(o.median / PREVIEW_AGENTS)} ms`, requests],
            ["trivial", fmt(t, " ms"), fmt(tc, " ms"), `${num(t.median / PREVIEW_AGENTS)} ms`, "–"],
            ["ratio ours / trivial", `${ratio(o, t)}×`, `${ratio(oc, tc)}×`, "", ""],
          ],
        ),
      );
    }

    // ---- 3. host start ------------------------------------------------------
    {
      const sim = await newSim();
      const spawnToCheck: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const spawnToPort: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const firstCheck: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const firstCheckCpu: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      for (let rep = 0; rep < REPS.hostStart; rep++) {
        for (const kind of rep % 2 ? (["trivial", "ours"] as const) : (["ours", "trivial"] as const)) {
          const t0 = performance.now();
          const host = await newHost(sim);
          spawnToPort[kind].push(performance.now() - t0);
          await configure(host, sim);
          const t1 = performance.now();
          const c1 = groupCpuMs(host.pid);
          await host.check(urnOf(kind, "start"), {}, { agentName: "start", image: "acme/bot:1", __provider: providerOf(kind) });
          firstCheck[kind].push(performance.now() - t1);
          firstCheckCpu[kind].push(groupCpuMs(host.pid) - c1);
          spawnToCheck[kind].push(performance.now() - t0);
          await closeHost(host);
        }
      }
      const o = stat(spawnToCheck.ours);
      const t = stat(spawnToCheck.trivial);
      const fo = stat(firstCheck.ours);
      const ft = stat(firstCheck.trivial);
      const fco = stat(firstCheckCpu.ours);
      const fct = stat(firstCheckCpu.trivial);
      results.hostStart = {
        reps: REPS.hostStart, oursMs: o, trivialMs: t, ratio: ratio(o, t), spawnToPortMs: { ours: stat(spawnToPort.ours), trivial: stat(spawnToPort.trivial) },
        firstCheckMs: { ours: fo, trivial: ft, ratio: ratio(fo, ft) }, firstCheckCpuMs: { ours: fco, trivial: fct, ratio: ratio(fco, fct) },
      };
      print(`\n### 3. Host start: spawn → port → configure → first check answered (${REPS.hostStart} reps each, interleaved)\n`);
      print(
        table(
          ["provider", "spawn → first check answered", "of which spawn → port", "first check alone (module load on the preview path)", "its host CPU"],
          [
            ["ours", fmt(o, " ms"), fmt(stat(spawnToPort.ours), " ms"), fmt(fo, " ms"), fmt(fco, " ms")],
            ["trivial", fmt(t, " ms"), fmt(stat(spawnToPort.trivial), " ms"), fmt(ft, " ms"), fmt(fct, " ms")],
            ["ratio ours / trivial", `${ratio(o, t)}×`, "", `${ratio(fo, ft)}×`, `${ratio(fco, fct)}×`],
          ],
        ),
      );
    }

    // ---- 4. readiness latency -----------------------------------------------
    {
      type Strategy = "ours" | "previous" | "cli";
      const rows: Array<Record<string, unknown>> = [];
      await Promise.all(
        SCENARIOS.map(async (scenario, s) => {
          const sim = await newSim(scenario.timings);
          const host = await newHost(sim);
          await configure(host, sim);
          const api = simApi(sim.url);
          const runs: Array<{ strategy: Strategy; name: string; returnedAt: number }> = [];
          const one = async (strategy: Strategy, rep: number) => {
            const name = `r${s}-${strategy}-${rep}`;
            if (strategy === "ours") {
              const { inputs } = await host.check(urnOf("ours", name), {}, { agentName: name, image: "acme/bot:1", __provider: ours });
              await host.create(urnOf("ours", name), inputs);
            } else {
              const initial = await api.create({ serviceName: name, image: "acme/bot:1" });
              if (strategy === "previous") {
                await waitForReady({ client: api, agentName: name, initial, timeoutSeconds: 600, poll: PREVIOUS_POLICY });
              } else {
                // pcc deploy: sleep 5 s, then GET every 5 s until ready.
                const desired = initial.desiredDeploymentId ?? null;
                await sleep(5_000);
                while (interpretStatus((await api.getAgent(name))!, desired).state === "waiting") await sleep(5_000);
              }
            }
            runs.push({ strategy, name, returnedAt: Date.now() });
          };
          const all: Promise<void>[] = [];
          for (let rep = 0; rep < REPS.readiness; rep++) for (const strategy of ["ours", "previous", "cli"] as const) all.push(one(strategy, rep));
          await Promise.all(all);
          const agents = new Map(sim.agents().map((a) => [a.name, a]));
          for (const strategy of ["ours", "previous", "cli"] as const) {
            const mine = runs.filter((r) => r.strategy === strategy);
            const lags = mine.map((r) => r.returnedAt - (Date.parse(agents.get(r.name)!.status.deployment.createdAt) + scenario.timings.readyMs));
            const polls = mine.map((r) => sim.requests.filter((q) => q.method === "GET" && q.path === `/v1/agents/${r.name}`).length);
            rows.push({ scenario: scenario.name, order: s, strategy, lagMs: stat(lags), polls: stat(polls) });
          }
          await closeHost(host);
        }),
      );
      rows.sort((a, b) => (a.order as number) - (b.order as number));
      const model = await readinessModel();
      results.readiness = { reps: REPS.readiness, scenarios: SCENARIOS, policies: { ours: defaultPollPolicy, previous: PREVIOUS_POLICY, cli: "sleep 5 s, then GET every 5 s" }, measured: rows, model };
      const label: Record<Strategy, string> = { ours: "ours (through the host)", previous: "previous policy (500 ms ×1.5 → 5 s)", cli: "official CLI (5 s, then every 5 s)" };
      const modelLabel: Record<Strategy, string> = { ...label, ours: "ours (1 s ×2 → 5 s; 1 s while Validating)" };
      print(`\n### 4. Readiness: lag from the moment the deployment is ready to the moment create returns (${REPS.readiness} concurrent reps each)\n`);
      print(
        table(
          ["deploy", "strategy", "lag, median [min–max]", "GET polls, median [min–max]"],
          rows.map((r) => [r.scenario as string, label[r.strategy as Strategy], fmt(r.lagMs as Stat, " ms"), fmt(r.polls as Stat)]),
        ),
      );
      print(`\nModel (virtual time, the real \`waitForReady\`; ready time swept over 3–60 s; the revision validates for the last W seconds; 5 ms per GET):\n`);
      print(
        table(
          ["W (Validating)", "strategy", "lag median", "lag p90", "polls vs CLI"],
          model.map((m) => [`${m.validatingSeconds} s`, modelLabel[m.strategy as Strategy], `${num(m.lagMedianMs)} ms`, `${num(m.lagP90Ms)} ms`, `${m.pollsVsCli}×`]),
        ),
      );
    }

    // ---- 5 and 6. fleet create and refresh ----------------------------------
    {
      const timings = SCENARIOS[0]!.timings;
      const sim = await newSim(timings);
      const fleet: Array<Record<string, number>> = [];
      const refresh: Array<Record<string, number>> = [];
      const lags: number[] = [];
      for (let rep = 0; rep < REPS.fleet; rep++) {
        const host = await newHost(sim); // a fresh process, hence a fresh connection pool, per `pulumi up`
        await configure(host, sim);
        const names = Array.from({ length: FLEET_AGENTS }, (_, i) => `fleet${rep}-${i}`);
        let [requests, connections] = [sim.requests.length, sim.connections];
        let t0 = performance.now();
        const returned = new Map<string, { at: number; outs: Props }>();
        await Promise.all(
          names.map(async (name) => {
            const { inputs } = await host.check(urnOf("ours", name), {}, { agentName: name, image: "acme/bot:1", __provider: ours });
            const { properties } = await host.create(urnOf("ours", name), inputs);
            returned.set(name, { at: Date.now(), outs: properties });
          }),
        );
        const wall = performance.now() - t0;
        const agents = new Map(sim.agents().map((a) => [a.name, a]));
        for (const name of names) lags.push(returned.get(name)!.at - (Date.parse(agents.get(name)!.status.deployment.createdAt) + timings.readyMs));
        fleet.push({
          wallMs: wall,
          wallOverReady: wall / timings.readyMs,
          requestsPerAgent: (sim.requests.length - requests) / FLEET_AGENTS,
          connections: sim.connections - connections,
        });

        [requests, connections] = [sim.requests.length, sim.connections];
        t0 = performance.now();
        await Promise.all(names.map((name) => host.read(urnOf("ours", name), name, returned.get(name)!.outs)));
        refresh.push({ wallMs: performance.now() - t0, requestsPerAgent: (sim.requests.length - requests) / FLEET_AGENTS, connections: sim.connections - connections });
        await closeHost(host);
      }
      const col = (rows: Array<Record<string, number>>, key: string) => stat(rows.map((r) => r[key]!));
      results.fleet = {
        agents: FLEET_AGENTS, reps: REPS.fleet, readyMs: timings.readyMs,
        wallMs: col(fleet, "wallMs"), wallOverReady: col(fleet, "wallOverReady"), requestsPerAgent: col(fleet, "requestsPerAgent"),
        connections: col(fleet, "connections"), lagMs: stat(lags),
      };
      results.refresh = { agents: FLEET_AGENTS, reps: REPS.fleet, wallMs: col(refresh, "wallMs"), requestsPerAgent: col(refresh, "requestsPerAgent"), connections: col(refresh, "connections") };
      print(`\n### 5. Fleet: create ${FLEET_AGENTS} agents at once through one host (ready after ${timings.readyMs / 1000} s; ${REPS.fleet} reps, a fresh host each)\n`);
      print(
        table(
          ["wall time", "wall / time to ready", "lag per agent", "requests per agent", "TCP connections opened"],
          [[fmt(col(fleet, "wallMs"), " ms"), fmt(col(fleet, "wallOverReady")), fmt(stat(lags), " ms"), fmt(col(fleet, "requestsPerAgent")), fmt(col(fleet, "connections"))]],
        ),
      );
      print(`\n### 6. Refresh: read the same ${FLEET_AGENTS} agents at once, right after\n`);
      print(
        table(
          ["wall time", "requests per agent", "new TCP connections"],
          [[fmt(col(refresh, "wallMs"), " ms"), fmt(col(refresh, "requestsPerAgent")), fmt(col(refresh, "connections"))]],
        ),
      );
    }

    // ---- 7. a fleet against a rate-limited API ------------------------------
    {
      const timings = SCENARIOS[0]!.timings;
      const { agents: n, requestsPerSecond, retryAfterSeconds } = LIMITED_FLEET;
      // The least possible: every create at the limit, the last one ready `readyMs` after it.
      const leastMs = (n / requestsPerSecond) * 1000 + timings.readyMs;
      const runs: Array<Record<string, number>> = [];
      const failures: string[] = [];
      for (let rep = 0; rep < REPS.limitedFleet; rep++) {
        const sim = await newSim(timings, { rateLimit: { requestsPerSecond, retryAfterSeconds } });
        const host = await newHost(sim); // a fresh process, hence a fresh pacer, per `pulumi up`
        await configure(host, sim);
        const names = Array.from({ length: n }, (_, i) => `limited${rep}-${i}`);
        const t0 = performance.now();
        const c0 = groupCpuMs(host.pid);
        const outcomes = await Promise.allSettled(
          names.map(async (name) => {
            const { inputs } = await host.check(urnOf("ours", name), {}, { agentName: name, image: "acme/bot:1", __provider: ours });
            return host.create(urnOf("ours", name), inputs);
          }),
        );
        const wallMs = performance.now() - t0;
        const cpuMs = groupCpuMs(host.pid) - c0;
        await closeHost(host);
        const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [short(o.reason)] : []));
        failures.push(...failed);
        const limited = sim.requests.filter((r) => r.rateLimited).length;
        const accepted = sim.requests.length - limited;
        const acceptedPosts = sim.requests.filter((r) => !r.rateLimited && r.method === "POST" && r.path === "/v1/agents");
        runs.push({
          created: n - failed.length, failed: failed.length, requests: sim.requests.length, rateLimited: limited,
          share429Pct: (100 * limited) / sim.requests.length,
          duplicatePosts: acceptedPosts.length - new Set(acceptedPosts.map((r) => (r.body as { serviceName: string }).serviceName)).size,
          wallMs, wallOverLeast: wallMs / leastMs, hostCpuMs: cpuMs,
          // A stricter floor for this provider: the requests it made (those the limit let through), at the limit.
          requestBoundMs: (accepted / requestsPerSecond) * 1000,
          busiest100ms: busiestWindow(sim.requests.map((r) => r.at), 100),
        });
      }
      const col = (key: string) => stat(runs.map((r) => r[key]!));
      const sum = (key: string) => runs.reduce((total, r) => total + r[key]!, 0);
      results.limitedFleet = {
        ...LIMITED_FLEET, readyMs: timings.readyMs, reps: REPS.limitedFleet, leastPossibleMs: leastMs, runs,
        created: sum("created"), failed: sum("failed"), firstFailures: failures.slice(0, 3), duplicatePosts: sum("duplicatePosts"),
        share429Pct: col("share429Pct"), wallMs: col("wallMs"), wallOverLeast: col("wallOverLeast"), requestBoundMs: col("requestBoundMs"),
        hostCpuMs: col("hostCpuMs"), busiest100ms: col("busiest100ms"),
      };
      print(`\n### 7. Fleet against a rate-limited API: ${n} agents at once through one host; the API takes ${requestsPerSecond} requests/s (429 + Retry-After: ${retryAfterSeconds}); ready after ${timings.readyMs / 1000} s (${REPS.limitedFleet} reps, a fresh host each)\n`);
      print(
        table(
          ["rep", "created", "failed", "requests (429s)", "429 share", "duplicate POSTs", "wall", "wall / least possible (" + num(leastMs) + " ms)", "requests it made, at the limit", "busiest 100 ms", "host CPU"],
          runs.map((r, k) => [
            k + 1, r.created!, r.failed!, `${r.requests} (${r.rateLimited})`, `${round(r.share429Pct!, 1)} %`, r.duplicatePosts!,
            `${num(r.wallMs!)} ms`, `${round(r.wallOverLeast!, 2)}×`, `${num(r.requestBoundMs!)} ms`, r.busiest100ms!, `${num(r.hostCpuMs!)} ms`,
          ]),
        ),
      );
      if (failures.length) print(`\nFirst failures: ${failures.slice(0, 3).join("; ")}`);
    }

    // ---- summary: the table -----------------------------------------
    {
      const fp = results.footprint as Array<Record<string, unknown>>;
      const oursRow = fp.find((r) => r.kind === "ours")!;
      const trivialRow = fp.find((r) => r.kind === "trivial")!;
      const hs = results.hostStart as { firstCheckMs: { ours: Stat; trivial: Stat; ratio: number }; firstCheckCpuMs: { ours: Stat; trivial: Stat; ratio: number } };
      const pv = results.preview as { oursMs: Stat; trivialMs: Stat; ratio: number; oursCpuMs: Stat; trivialCpuMs: Stat; cpuRatio: number };
      const lf = results.limitedFleet as { agents: number; reps: number; requestsPerSecond: number; created: number; failed: number; duplicatePosts: number; share429Pct: Stat; wallOverLeast: Stat; busiest100ms: Stat };
      const yes = (ok: boolean) => (ok ? "met" : "**not met**");
      const summary = [
        ["serialized provider (stored twice per resource)", `${oursRow.stringBytes} B`, `${trivialRow.stringBytes} B`, "≤ 300 B", yes((oursRow.stringBytes as number) <= 300)],
        ["state per agent (checked inputs + outputs)", `${(oursRow.stateBytes as number).toLocaleString("en-US")} B`, `${(trivialRow.stateBytes as number).toLocaleString("en-US")} B`, "≤ 2.5 KB", yes((oursRow.stateBytes as number) <= 2_500)],
        [
          "first `check` in a fresh host",
          `${fmt(hs.firstCheckMs.ours, " ms")}, CPU ${num(hs.firstCheckCpuMs.ours.median)} ms`,
          `${fmt(hs.firstCheckMs.trivial, " ms")}, CPU ${num(hs.firstCheckCpuMs.trivial.median)} ms`,
          `≤ 3× trivial (measured ${hs.firstCheckMs.ratio}×, CPU ${hs.firstCheckCpuMs.ratio}×)`, yes(hs.firstCheckMs.ratio <= 3),
        ],
        [
          `check + diff of ${PREVIEW_AGENTS} agents, outputs given to diff`,
          `${fmt(pv.oursMs, " ms")}, CPU ${num(pv.oursCpuMs.median)} ms`,
          `${fmt(pv.trivialMs, " ms")}, CPU ${num(pv.trivialCpuMs.median)} ms`,
          `≤ 1.25× trivial (measured ${pv.ratio}×, CPU ${pv.cpuRatio}×)`, yes(pv.ratio <= 1.25),
        ],
        [
          `${lf.agents} agents at once, API limited to ${lf.requestsPerSecond} requests/s (${lf.reps} reps)`,
          `${lf.created} created, ${lf.failed} failed, ${lf.duplicatePosts} duplicate POSTs; 429s ${round(lf.share429Pct.max, 1)} % of requests at most; ` +
            `wall ${fmt(lf.wallOverLeast, "×")} the least possible; busiest 100 ms: ${lf.busiest100ms.max} requests at most`,
          "–",
          "all created; 429s ≤ 10 %; wall ≤ 1.5× least; ≤ 25 per 100 ms",
          yes(lf.failed === 0 && lf.share429Pct.max <= 10 && lf.wallOverLeast.median <= 1.5 && lf.busiest100ms.max <= 25),
        ],
      ];
      results.summary = summary;
      print(`\n### Summary: issue #8's figures, each beside the trivial provider in this run\n`);
      print(table(["figure", "PipecatAgent", "trivial provider", "goal", ""], summary));
    }
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
    await Promise.all(sims.map((s) => s.close()));
  }

  const runtimeSeconds = round((performance.now() - started) / 1000, 1);
  results.machine = {
    cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version, platform: `${os.platform()} ${os.release()}`,
  };
  results.runtimeSeconds = runtimeSeconds;
  results.date = new Date().toISOString();
  // Newest first in the file, so the README table always has a source.
  const file = path.join(__dirname, "results.json");
  fs.writeFileSync(file, JSON.stringify(results, (_k, v) => (v === Infinity ? "Infinity" : v), 2) + "\n");
  const m = results.machine as Record<string, unknown>;
  print(`\n${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; total ${runtimeSeconds} s; results in ${path.relative(process.cwd(), file)}`);
}

/** The agents API, just enough for the in-process strategies (no validation: the simulator is trusted). */
function simApi(url: string) {
  const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
  const json = async (res: Response) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as AgentDetails;
  };
  return {
    create: async (body: Record<string, unknown>) => json(await fetch(`${url}/v1/agents`, { method: "POST", headers, body: JSON.stringify(body) })),
    getAgent: async (name: string) => {
      const res = await fetch(`${url}/v1/agents/${name}`, { headers });
      return res.status === 404 ? (await res.body?.cancel(), null) : json(res);
    },
  };
}

/**
 * The three strategies in virtual time: the real waitForReady (the CLI's loop is the
 * policy 5 s, ×1, 5 s), one snapshot per phase, ready times swept over 3–60 s.
 */
async function readinessModel() {
  const policies = { ours: defaultPollPolicy, previous: PREVIOUS_POLICY, cli: CLI_POLICY };
  const out: Array<{ validatingSeconds: number; strategy: string; lagMedianMs: number; lagP90Ms: number; pollsVsCli: number }> = [];
  for (const validatingMs of [1_000, 2_000, 5_000, 10_000]) {
    const polls: Record<string, number> = {};
    const lags: Record<string, number[]> = {};
    for (let readyMs = 3_000; readyMs <= 60_000; readyMs += 250) {
      for (const [strategy, policy] of Object.entries(policies)) {
        let now = 0;
        const snapshot = (): AgentDetails => {
          const phase = now >= readyMs ? "Active" : now >= readyMs - validatingMs ? "Validating" : now >= 300 ? "Creating" : undefined;
          return {
            name: "m", region: "us-west", desiredDeploymentId: "d", reconciledDeploymentId: phase ? "d" : null,
            ready: phase === "Active", available: phase === "Active", currentRevision: phase ? { deploymentID: "d", phase } : null,
          } as AgentDetails;
        };
        const result = await waitForReady({
          client: { getAgent: async () => ((now += 5), snapshot()) }, // 5 ms per GET
          agentName: "m", initial: snapshot(), timeoutSeconds: 3_600, poll: policy,
          sleep: async (ms) => void (now += ms), now: () => now,
        });
        polls[strategy] = (polls[strategy] ?? 0) + result.polls;
        (lags[strategy] ??= []).push(now - readyMs);
      }
    }
    for (const strategy of Object.keys(policies)) {
      const sorted = lags[strategy]!.sort((a, b) => a - b);
      out.push({
        validatingSeconds: validatingMs / 1000, strategy,
        lagMedianMs: stat(sorted).median, lagP90Ms: sorted[Math.floor(0.9 * (sorted.length - 1))]!,
        pollsVsCli: round(polls[strategy]! / polls.cli!, 2),
      });
    }
  }
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
