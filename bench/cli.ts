// npm run bench:cli: the real `pulumi` CLI (see `npm run pulumi-cli`) against the local simulator,
// side by side in one run:
//   - `pulumi preview` of a new stack of 100 PipecatAgents, versus the same stack of 100 resources
//     on a trivial dynamic provider (methods that return constants);
//   - `pulumi up` of both stacks (ours waits for every agent to be ready; the floor is the
//     trivial stack's up plus the simulator's time to ready);
//   - `pulumi preview` of the unchanged whole voice stack (examples/voice-stack), next to the
//     unchanged trivial stack.
// Prints Markdown tables and writes bench/cli-results.json. Not a test: nothing here asserts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { Simulator } from "../src/simulator";
import { prepareConsumer } from "../test/helpers/consumer";
import { startInstalledSimulator } from "../test/helpers/installed-simulator";
import { locateCli, PulumiProject } from "../test/helpers/pulumi-cli";

const AGENTS = 100;
const REPS = { preview: 5, up: 3, voicePreview: 5 };
const API_KEY = "pk_bench_cli_0123456789";
/** The simulator's time from a deploy to ready (the default, 2 s, is what its --help documents). */
const READY_MS = 2_000;

interface Stat { median: number; min: number; max: number; n: number }
function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}
const sec = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (s: Stat) => `${sec(s.median)} s [${sec(s.min)}–${sec(s.max)}]`;
const ratio = (a: Stat, b: Stat) => (a.median / b.median).toFixed(2);
const print = (text = "") => process.stdout.write(text + "\n");
const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const PROGRAMS = {
  ours: `import { PipecatAgent } from "pulumi-pipecat-cloud";
for (let i = 0; i < ${AGENTS}; i++) {
  new PipecatAgent(\`agent-\${i}\`, { agentName: \`bench-agent-\${i}\`, image: "acme/bot:1.0", secretSet: "my-agent-secrets" });
}
`,
  trivial: `import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) { return { inputs: news }; },
  async diff() { return {}; },
  async create(inputs) { return { id: inputs.agentName, outs: inputs }; },
  async read(id, props) { return { id, props }; },
  async update(_id, _olds, news) { return { outs: news }; },
  async delete() {},
};
class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props);
  }
}
for (let i = 0; i < ${AGENTS}; i++) {
  new Trivial(\`agent-\${i}\`, { agentName: \`bench-agent-\${i}\`, image: "acme/bot:1.0", secretSet: "my-agent-secrets" });
}
`,
};

async function timed(project: PulumiProject, args: string[]): Promise<number> {
  const t0 = performance.now();
  await project.ok(args);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const cli = locateCli();
  if (!cli) throw new Error("No Pulumi CLI: run `npm run pulumi-cli` first (or set PULUMI_CLI_DIR).");
  const repo = path.resolve(__dirname, "..");
  const consumer = await prepareConsumer({ consumerDir: path.join(repo, ".scratch", "bench-consumer") });
  const version = (await new PulumiProject(path.join(consumer.consumerDir, "bench-cli"), cli.dir).ok(["version"])).stdout.trim();
  print(`pulumi ${version} (${cli.how}); ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  const sim: Simulator = await startInstalledSimulator(consumer.consumerDir, { apiKey: API_KEY, timings: { readyMs: READY_MS } });
  const results: Record<string, unknown> = { pulumi: version, agents: AGENTS, readyMs: READY_MS };
  try {
    // Projects inside the consumer: they resolve the installed tarball and @pulumi/pulumi from its node_modules.
    const project = async (name: string, files: Record<string, string>) => {
      const dir = path.join(consumer.consumerDir, "bench-cli", name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: bench-${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
      const p = new PulumiProject(dir, cli.dir);
      await p.ok(["stack", "init", "bench"]);
      await p.ok(["config", "set", "--secret", "pipecat:apiKey", API_KEY]);
      await p.ok(["config", "set", "pipecat:apiUrl", sim.url]);
      return p;
    };
    const stacks = { ours: await project("ours", { "index.ts": PROGRAMS.ours }), trivial: await project("trivial", { "index.ts": PROGRAMS.trivial }) };

    // 1. preview of the new stack, alternating ours and trivial.
    const preview = { ours: [] as number[], trivial: [] as number[] };
    for (let i = 0; i < REPS.preview; i++) for (const kind of ["ours", "trivial"] as const) preview[kind].push(await timed(stacks[kind], ["preview"]));
    const requestsDuringPreview = sim.requests.length;

    // 2. up of the new stack, then destroy (untimed), alternating; ours also with every
    // resource at once (`--parallel`), since Pulumi's default runs 4 per core.
    const up = { ours: [] as number[], oursParallel: [] as number[], trivial: [] as number[] };
    const runs = [
      ["ours", stacks.ours, []],
      ["oursParallel", stacks.ours, ["--parallel", String(AGENTS)]],
      ["trivial", stacks.trivial, []],
    ] as const;
    for (let i = 0; i < REPS.up; i++) {
      for (const [kind, stack, extra] of runs) {
        up[kind].push(await timed(stack, ["up", "--yes", "--skip-preview", ...extra]));
        if (kind !== "trivial" && sim.agents().filter((a) => a.status.ready).length !== AGENTS) throw new Error("not every agent is ready after up");
        await stack.ok(["destroy", "--yes", "--skip-preview"]);
      }
    }

    // 3. preview of the unchanged whole voice stack, next to the unchanged trivial stack.
    const voiceDir = path.join(repo, "examples", "voice-stack");
    const voice = await project("voice-stack", { "index.ts": fs.readFileSync(path.join(voiceDir, "index.ts"), "utf8") });
    fs.cpSync(path.join(voiceDir, "bot"), path.join(voice.dir, "bot"), { recursive: true });
    await voice.ok(["config", "set", "--secret", "openaiApiKey", "sk-bench-1"]);
    await voice.ok(["config", "set", "--secret", "cartesiaApiKey", "ca-bench-1"]);
    await voice.ok(["config", "set", "pipecat:pollIntervalSeconds", "1"]);
    await voice.ok(["up", "--yes", "--skip-preview"]);
    await stacks.trivial.ok(["up", "--yes", "--skip-preview"]);
    const unchanged = { voice: [] as number[], trivial: [] as number[] };
    for (let i = 0; i < REPS.voicePreview; i++) {
      unchanged.voice.push(await timed(voice, ["preview", "--expect-no-changes"]));
      unchanged.trivial.push(await timed(stacks.trivial, ["preview", "--expect-no-changes"]));
    }
    await voice.ok(["destroy", "--yes", "--skip-preview"]);
    await stacks.trivial.ok(["destroy", "--yes", "--skip-preview"]);

    const s = {
      previewOurs: stat(preview.ours), previewTrivial: stat(preview.trivial),
      upOurs: stat(up.ours), upOursParallel: stat(up.oursParallel), upTrivial: stat(up.trivial),
      voice: stat(unchanged.voice), voiceTrivial: stat(unchanged.trivial),
    };
    Object.assign(results, s, { requestsDuringPreview });
    print(`\n100 agents, the real pulumi CLI, medians [min–max]; simulator ready ${READY_MS / 1000} s after each deploy\n`);
    print(
      table(
        ["figure", "PipecatAgent", "trivial dynamic provider, same run", "goal", ""],
        [
          [`\`pulumi preview\`, new stack of ${AGENTS} (${REPS.preview} reps)`, fmt(s.previewOurs), fmt(s.previewTrivial), "≤ 1.25× trivial", `${ratio(s.previewOurs, s.previewTrivial)}×; ${requestsDuringPreview} API requests`],
          [`\`pulumi up\`, new stack of ${AGENTS}, every agent ready (${REPS.up} reps; Pulumi's default \`--parallel\`, 4 per core)`, fmt(s.upOurs), fmt(s.upTrivial), `≤ trivial + ${READY_MS / 1000} s ready (+ pacing)`, `${sec(s.upOurs.median - s.upTrivial.median)} s over trivial: ${AGENTS} agents, 8 at a time, each waiting for ready`],
          [`\`pulumi up --parallel ${AGENTS}\`, the same stack (${REPS.up} reps)`, fmt(s.upOursParallel), fmt(s.upTrivial), `≤ trivial + ${READY_MS / 1000} s ready (+ pacing)`, `${sec(s.upOursParallel.median - s.upTrivial.median)} s over trivial`],
          [`\`pulumi preview --expect-no-changes\`, whole voice stack (set, build, agent; ${REPS.voicePreview} reps)`, fmt(s.voice), `${fmt(s.voiceTrivial)} (${AGENTS} trivial resources)`, "–", `${ratio(s.voice, s.voiceTrivial)}×`],
        ],
      ),
    );
  } finally {
    await sim.close();
  }
  fs.writeFileSync(path.join(__dirname, "cli-results.json"), JSON.stringify(results, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
