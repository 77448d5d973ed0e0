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
import type { Simulator, SimulatorTimings, startSimulator as StartSimulator } from "../src/simulator";
import { waitForReady } from "../src/agent/wait-for-ready";
import { prepareConsumer } from "../test/helpers/consumer";

const REPS = { preview: 5, hostStart: 5, readiness: 5, fleet: 3 };
const PREVIEW_AGENTS = 100;
const FLEET_AGENTS = 50;
const API_KEY = "pk_bench_0123456789";
const KINDS = ["ours", "trivial", "naive", "naiveSchema", "naiveUndici", "naiveModules"] as const;
type Kind = (typeof KINDS)[number];
const DESCRIPTION: Record<Kind, string> = {
  ours: "PipecatAgent (shim loading the package by name)",
  trivial: "trivial: methods return constants",
  naive: "naive: `{ request }` from undici + `{ z }` from zod at module scope",
  naiveSchema: "naive + a zod schema at module scope",
  naiveUndici: "naive, `{ request }` from undici only",
  naiveModules: "naive, whole modules at module scope (`undici.request`, `zod.z`)",
};
/** The CLI's `pcc deploy` wait, and this provider's previous policy, as poll policies (for the model). */
const CLI_POLICY: PollPolicy = { initialMs: 5_000, factor: 1, maxMs: 5_000, validatingMs: Infinity, maxConsecutiveErrors: 5 };
const PREVIOUS_POLICY: PollPolicy = { initialMs: 500, factor: 1.5, maxMs: 5_000, validatingMs: Infinity, maxConsecutiveErrors: 5 };
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
  const newSim = async (timings: Partial<SimulatorTimings> = {}) => {
    const sim = await startSimulator({ apiKey: API_KEY, timings });
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
          await host.create(urnOf(kind, name), inputs);
          row.runsInHost = kind === "trivial" || sim.agents().some((a) => a.name === name);
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
        ["provider", "serializes", "`__provider` bytes", "state bytes per resource (×2, JSON)", "vs trivial", "runs in the host", "requires"],
        footprint.map((r) => [
          r.description as string,
          r.serialized ? "yes" : `**no**: ${short(r.error)}`,
          (r.stringBytes as number | undefined)?.toLocaleString("en-US") ?? "–",
          (r.perResourceStateBytes as number | undefined)?.toLocaleString("en-US") ?? "–",
          r.perResourceStateBytes ? `${round((r.perResourceStateBytes as number) / trivialBytes, 2)}×` : "–",
          r.runsInHost === undefined ? "–" : r.runsInHost ? "yes" : `**no**: ${short(r.error)}`,
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
      // The stored state of 100 existing agents; every other one gets a new image.
      const olds = new Map<string, Record<"ours" | "trivial", Props>>();
      for (const name of names) {
        const entry = {} as Record<"ours" | "trivial", Props>;
        for (const kind of ["ours", "trivial"] as const) {
          entry[kind] = (await host.check(urnOf(kind, name), {}, { agentName: name, image: "acme/bot:1", __provider: providerOf(kind) })).inputs;
        }
        olds.set(name, entry);
      }
      const times: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const requestsBefore = sim.requests.length;
      for (let rep = 0; rep < REPS.preview; rep++) {
        for (const kind of rep % 2 ? (["trivial", "ours"] as const) : (["ours", "trivial"] as const)) {
          const t0 = performance.now();
          await Promise.all(
            names.map(async (name, i) => {
              const old = olds.get(name)![kind];
              const news = { agentName: name, image: i % 2 ? "acme/bot:2" : "acme/bot:1", __provider: providerOf(kind) };
              const checked = await host.check(urnOf(kind, name), old, news);
              await host.diff(urnOf(kind, name), name, old, checked.inputs);
            }),
          );
          times[kind].push(performance.now() - t0);
        }
      }
      const requests = sim.requests.length - requestsBefore;
      await closeHost(host);
      const o = stat(times.ours);
      const t = stat(times.trivial);
      results.preview = { agents: PREVIEW_AGENTS, reps: REPS.preview, simulatorRequests: requests, oursMs: o, trivialMs: t, ratio: ratio(o, t) };
      print(`\n### 2. Preview: check + diff of ${PREVIEW_AGENTS} existing agents through one host (all at once, ${REPS.preview} reps)\n`);
      print(
        table(
          ["provider", "wall time, median [min–max]", "per agent", "HTTP requests to the API"],
          [
            ["ours", fmt(o, " ms"), `${num(o.median / PREVIEW_AGENTS)} ms`, requests],
            ["trivial", fmt(t, " ms"), `${num(t.median / PREVIEW_AGENTS)} ms`, "–"],
            ["ratio ours / trivial", `${ratio(o, t)}×`, "", ""],
          ],
        ),
      );
    }

    // ---- 3. host start ------------------------------------------------------
    {
      const sim = await newSim();
      const spawnToCheck: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      const spawnToPort: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
      for (let rep = 0; rep < REPS.hostStart; rep++) {
        for (const kind of rep % 2 ? (["trivial", "ours"] as const) : (["ours", "trivial"] as const)) {
          const t0 = performance.now();
          const host = await newHost(sim);
          spawnToPort[kind].push(performance.now() - t0);
          await configure(host, sim);
          await host.check(urnOf(kind, "start"), {}, { agentName: "start", image: "acme/bot:1", __provider: providerOf(kind) });
          spawnToCheck[kind].push(performance.now() - t0);
          await closeHost(host);
        }
      }
      const o = stat(spawnToCheck.ours);
      const t = stat(spawnToCheck.trivial);
      results.hostStart = { reps: REPS.hostStart, oursMs: o, trivialMs: t, ratio: ratio(o, t), spawnToPortMs: { ours: stat(spawnToPort.ours), trivial: stat(spawnToPort.trivial) } };
      print(`\n### 3. Host start: spawn → port → configure → first check answered (${REPS.hostStart} reps each, interleaved)\n`);
      print(
        table(
          ["provider", "spawn → first check answered", "of which spawn → port"],
          [
            ["ours", fmt(o, " ms"), fmt(stat(spawnToPort.ours), " ms")],
            ["trivial", fmt(t, " ms"), fmt(stat(spawnToPort.trivial), " ms")],
            ["ratio ours / trivial", `${ratio(o, t)}×`, ""],
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
