// Pack the repo and install the tarball into a consumer project exactly as a user would
// (with @pulumi/pulumi and typescript, as a Pulumi TypeScript project has). Used by the e2e
// global setup and by the benchmark (bench/run.ts), each with its own consumer directory.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const repo = path.resolve(__dirname, "../..");
const scratch = path.join(repo, ".scratch");
// One lock for every consumer: `npm pack` rebuilds dist/ and rewrites the same tarball.
const lockDir = path.join(scratch, ".e2e-setup.lock");

export interface PreparedConsumer {
  consumerDir: string;
  tarball: string;
  /** How the consumer was brought up to date: "reused", "tarball changed" or "cold". */
  how: string;
  packMs: number;
  installMs: number;
}

/** E2E_PULUMI_VERSION tries the package against another @pulumi/pulumi (in a consumer of its own). */
const otherPulumi = process.env.E2E_PULUMI_VERSION;

export async function prepareConsumer(options: { consumerDir?: string } = {}): Promise<PreparedConsumer> {
  const consumerDir = options.consumerDir ?? path.join(scratch, otherPulumi ? `consumer-pulumi-${otherPulumi}` : "consumer");
  const stampFile = path.join(consumerDir, ".e2e-stamp.json");
  const t0 = Date.now();
  fs.mkdirSync(scratch, { recursive: true });
  const unlock = await lock(); // parallel runs would race on dist/ and the consumer
  try {
    const repoPkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
    const pulumiVersion: string = otherPulumi ?? repoPkg.devDependencies["@pulumi/pulumi"];
    // A Pulumi TypeScript project has typescript too: the examples run from here.
    const typescriptVersion: string = repoPkg.devDependencies.typescript;

    // prepack runs `npm run build`, so this is the real build + the real `files` list.
    await run("npm", ["pack", "--pack-destination", scratch], repo);
    const tarball = path.join(scratch, `${repoPkg.name.replace(/^@/, "").replace("/", "-")}-${repoPkg.version}.tgz`);
    const sha = createHash("sha256").update(fs.readFileSync(tarball)).digest("hex");
    const tPack = Date.now();

    const stamp = { sha256: sha, pulumiVersion, typescriptVersion };
    let how = "reused";
    if (!upToDate(consumerDir, stampFile, stamp)) {
      const pulumiChanged = readJson(stampFile)?.pulumiVersion !== pulumiVersion;
      if (pulumiChanged) fs.rmSync(consumerDir, { recursive: true, force: true });
      how = pulumiChanged ? "cold" : "tarball changed";
      fs.mkdirSync(consumerDir, { recursive: true });
      fs.rmSync(stampFile, { force: true });
      if (!fs.existsSync(path.join(consumerDir, "package.json"))) {
        fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", private: true }, null, 2) + "\n");
      }
      // A content-addressed copy: npm sees a new `file:` spec and replaces just our package,
      // keeping @pulumi/pulumi and friends when only the tarball changed.
      const pkgFile = `pkg-${sha.slice(0, 16)}.tgz`;
      fs.copyFileSync(tarball, path.join(consumerDir, pkgFile));
      await run(
        "npm",
        ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${pkgFile}`, `@pulumi/pulumi@${pulumiVersion}`, `typescript@${typescriptVersion}`],
        consumerDir,
      );
      for (const f of fs.readdirSync(consumerDir)) {
        if (/^pkg-[0-9a-f]+\.tgz$/.test(f) && f !== pkgFile) fs.rmSync(path.join(consumerDir, f));
      }
      fs.writeFileSync(stampFile, JSON.stringify(stamp) + "\n");
    }
    return { consumerDir, tarball, how, packMs: tPack - t0, installMs: Date.now() - tPack };
  } finally {
    unlock();
  }
}

function upToDate(consumerDir: string, stampFile: string, stamp: { sha256: string; pulumiVersion: string; typescriptVersion: string }): boolean {
  const old = readJson(stampFile);
  const installed = readJson(path.join(consumerDir, "node_modules/@pulumi/pulumi/package.json"));
  return (
    old?.sha256 === stamp.sha256 &&
    old?.pulumiVersion === stamp.pulumiVersion &&
    old?.typescriptVersion === stamp.typescriptVersion &&
    installed?.version === stamp.pulumiVersion &&
    fs.existsSync(path.join(consumerDir, "node_modules/pulumi-pipecat-cloud/package.json"))
  );
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readText(file) ?? "");
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`\`${cmd} ${args.join(" ")}\` failed in ${cwd}:\n${stdout}\n${stderr}`.slice(-20_000)));
      else resolve(stdout);
    });
  });
}

// mkdir is atomic: the lock holds the owner's pid so a crashed run's lock can be broken.
async function lock(): Promise<() => void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number(readText(path.join(lockDir, "pid")) ?? 0); // 0: not written yet (or just released)
      if (owner && !alive(owner)) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${owner})`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
