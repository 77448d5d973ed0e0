// npm run bench:context: PipecatBuild's context packing, on a generated 100 MB context
// of incompressible files (in a temp folder), side by side in one run with the code
// before the context cache (src/build at OLD_COMMIT, copied into .scratch):
//   - the first pack in the program (no cache yet),
//   - the pack create uploads (into a temporary file the upload streams),
//   - the "preview" of the same context unchanged (what the PipecatBuild constructor does).
// Every measurement runs in a fresh node process, so its peak RSS is its own.
// Prints a Markdown table and writes bench/context-results.json. Not a test: nothing here asserts.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

/** The last commit before the context cache and the streamed archive. */
const OLD_COMMIT = "6d463f729a7a70631b0171870a5664e1ce6ab063";
const CONTEXT = { bigFileMiB: 40, smallFiles: 240, smallFileKiB: 256 }; // 40 + 60 = 100 MiB
const REPS = { old: 3, first: 3, create: 3, unchanged: 5 };
const GOAL = { unchangedSeconds: 1, unchangedExtraMiB: 100 };

type Mode = "old" | "first" | "create" | "unchanged";
interface Sample { ms: number; extraMiB: number; contextHash: string; cached?: boolean }

const repo = path.resolve(__dirname, "..");
const print = (text = "") => process.stdout.write(text + "\n");
const mib = (bytes: number) => bytes / 2 ** 20;

// ---- child: one measurement --------------------------------------------------------

function child(mode: Mode, dir: string, cacheDir: string, oldDir: string): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  // Load first, so the baseline holds the code (and pako) and only the work counts.
  const old = require(path.join(oldDir, "pack")) as typeof import("../src/build/pack");
  const ours = require("../src/build/pack") as typeof import("../src/build/pack");
  gc();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  let result: { contextHash: string; cached?: boolean };
  if (mode === "old") result = old.packContext(dir);
  else if (mode === "create") result = ours.packContextToFile(dir, {}, path.join(cacheDir, "context.tar.gz"));
  else result = ours.hashContext(dir, { cacheDir });
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024; // KiB
  const sample: Sample = { ms, extraMiB: mib(peak - baseline), contextHash: result.contextHash, cached: result.cached };
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(sample)}\n`);
}

// ---- parent --------------------------------------------------------------------------

function makeContext(): { dir: string; bytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipecat-bench-context-"));
  const write = (name: string, data: Uint8Array | string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  };
  write("Dockerfile", "FROM dailyco/pipecat-base:latest\nCOPY . /app\n");
  write("bot.py", "print('hello')\n");
  // Random bytes: deflate cannot shrink them, as with model weights and audio.
  for (let i = 0; i < CONTEXT.bigFileMiB; i++) fs.appendFileSync(path.join(dir, "weights.bin"), randomBytes(2 ** 20));
  for (let i = 0; i < CONTEXT.smallFiles; i++) write(`assets/${String(i % 12).padStart(2, "0")}/clip-${i}.bin`, randomBytes(CONTEXT.smallFileKiB * 1024));
  const bytes = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
  return { dir, bytes };
}

/** src/build as it was at OLD_COMMIT, inside the repo so that `pako` resolves. */
function oldCode(): string {
  const dir = path.join(repo, ".scratch", "bench-context-old");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ["pack.ts", "context.ts", "tarball.ts"]) {
    fs.writeFileSync(path.join(dir, file), execFileSync("git", ["show", `${OLD_COMMIT}:src/build/${file}`], { cwd: repo }));
  }
  return dir;
}

function measure(mode: Mode, dir: string, cacheDir: string, oldDir: string): Sample {
  const out = execFileSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", __filename, "--child", mode, dir, cacheDir, oldDir], {
    cwd: repo, encoding: "utf8", maxBuffer: 1 << 20,
  });
  const line = out.split("\n").find((l) => l.startsWith("BENCH-RESULT "));
  if (!line) throw new Error(`${mode}: no result; output: ${out.slice(0, 500)}`);
  return JSON.parse(line.slice("BENCH-RESULT ".length)) as Sample;
}

interface Stat { median: number; min: number; max: number; n: number }
function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}
const fmt = (s: Stat, unit: string, digits: number) => `${s.median.toFixed(digits)} ${unit} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

async function main(): Promise<void> {
  const started = performance.now();
  const oldDir = oldCode();
  const { dir, bytes } = makeContext();
  const caches = fs.mkdtempSync(path.join(os.tmpdir(), "pipecat-bench-context-cache-"));
  try {
    // A file changed in the last 2 s is "racy" and not cached (see context-cache.ts): wait as a user would.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const samples: Record<Mode, Sample[]> = { old: [], first: [], create: [], unchanged: [] };
    const primed = path.join(caches, "primed");
    measure("first", dir, primed, oldDir); // fills the cache the unchanged runs read
    for (let i = 0; i < Math.max(...Object.values(REPS)); i++) {
      if (i < REPS.old) samples.old.push(measure("old", dir, "", oldDir));
      if (i < REPS.first) samples.first.push(measure("first", dir, path.join(caches, `cold-${i}`), oldDir));
      if (i < REPS.create) samples.create.push(measure("create", dir, caches, oldDir));
      if (i < REPS.unchanged) samples.unchanged.push(measure("unchanged", dir, primed, oldDir));
    }
    const hashes = new Set(Object.values(samples).flat().map((s) => s.contextHash));
    if (hashes.size !== 1) throw new Error(`the runs disagree on the hash: ${[...hashes].join(", ")}`);
    if (samples.unchanged.some((s) => !s.cached) || samples.first.some((s) => s.cached)) throw new Error("a run did not hit (or miss) the cache as planned");

    const s = Object.fromEntries(Object.entries(samples).map(([mode, xs]) => [mode, { seconds: stat(xs.map((x) => x.ms / 1000)), extraMiB: stat(xs.map((x) => x.extraMiB)) }])) as Record<Mode, { seconds: Stat; extraMiB: Stat }>;
    const cell = (m: Mode) => [fmt(s[m].seconds, "s", 2), fmt(s[m].extraMiB, "MiB", 0)];
    print(`\nPipecatBuild context of ${mib(bytes).toFixed(1)} MiB (${CONTEXT.smallFiles + 3} incompressible files); medians [min–max]; memory is peak RSS over the process's RSS before the work\n`);
    print(
      table(
        ["figure", "before (old code, same run)", "", "now", "", "goal"],
        [
          ["", "time", "extra memory", "time", "extra memory", ""],
          [`first pack in the program (no cache; ${REPS.old} / ${REPS.first} reps)`, ...cell("old"), ...cell("first"), "–"],
          [`pack for the upload in create (to a file; ${REPS.old} / ${REPS.create} reps)`, ...cell("old"), ...cell("create"), "–"],
          [`preview, context unchanged (constructor's hash; ${REPS.old} / ${REPS.unchanged} reps)`, ...cell("old"), ...cell("unchanged"), `≤ ${GOAL.unchangedSeconds} s, ≤ ${GOAL.unchangedExtraMiB} MiB`],
        ],
      ),
    );
    const runtimeSeconds = (performance.now() - started) / 1000;
    const results = {
      context: { ...CONTEXT, bytes, files: CONTEXT.smallFiles + 3 }, reps: REPS, goal: GOAL, oldCommit: OLD_COMMIT, contextHash: [...hashes][0],
      stats: s, samples,
      machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model, memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version, platform: `${os.platform()} ${os.release()}` },
      runtimeSeconds: Number(runtimeSeconds.toFixed(1)), date: new Date().toISOString(),
    };
    const file = path.join(__dirname, "context-results.json");
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    print(`\n${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${process.version}; total ${runtimeSeconds.toFixed(1)} s; results in ${path.relative(process.cwd(), file)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(caches, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") child(process.argv[3] as Mode, process.argv[4]!, process.argv[5]!, process.argv[6]!);
else
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
