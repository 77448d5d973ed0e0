// The real Pulumi CLI, run as a user's CI runs it: a local file backend, a passphrase,
// no update check, no plugin downloads, and the package installed from the packed
// tarball into a copy of the project.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const repo = path.resolve(__dirname, "../..");
export const cliScratch = path.join(repo, ".scratch", "cli");
export const PASSPHRASE = "cli-suite-passphrase";

/** `.ci/pulumi-cli/get.js`'s lookup (PULUMI_CLI_DIR, PATH, user cache), without building. */
export function locateCli(): { dir: string; how: string } | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(repo, ".ci/pulumi-cli/get.js")).locate();
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for messages. */
  output: string;
}

/** One Pulumi project on disk with its own backend and PULUMI_HOME. */
export class PulumiProject {
  readonly backendDir: string;
  readonly homeDir: string;

  constructor(
    readonly dir: string,
    readonly cliDir: string,
    readonly extraEnv: Record<string, string> = {},
  ) {
    this.backendDir = path.join(dir, ".backend");
    this.homeDir = path.join(dir, ".pulumi-home");
    fs.mkdirSync(this.backendDir, { recursive: true });
    fs.mkdirSync(this.homeDir, { recursive: true });
  }

  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${this.cliDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: undefined,
      PULUMI_API_KEY: undefined,
      PIPECAT_API_KEY: undefined,
      PIPECAT_API_URL: undefined,
      NO_COLOR: "1",
      ...this.extraEnv,
      ...extra,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    return env;
  }

  /** Starts `pulumi ARGS --non-interactive` and returns the child (for the interruption tests). */
  start(args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
    return spawn(path.join(this.cliDir, "pulumi"), [...args, "--non-interactive"], { cwd: this.dir, env: this.env(env), stdio: ["ignore", "pipe", "pipe"] });
  }

  run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    return finished(this.start(args, env));
  }

  /** Runs and fails (with the CLI's output) unless it exits 0. */
  async ok(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
    const result = await this.run(args, env);
    if (result.code !== 0) throw new Error(`\`pulumi ${args.join(" ")}\` exited ${result.code ?? result.signal}:\n${result.output.slice(-6000)}`);
    return result;
  }

  /** The stack's state as `pulumi stack export` prints it. */
  async exportState(): Promise<{ text: string; resources: Array<{ type: string; urn: string; id?: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> }> }> {
    const { stdout } = await this.ok(["stack", "export"]);
    return { text: stdout, resources: JSON.parse(stdout).deployment.resources ?? [] };
  }
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, output: stdout + stderr }));
  });
}

/**
 * A copy of examples/NAME (or any project folder) with the tarball installed by `npm install`,
 * as a user would. Reinstalls only when the tarball or the folder's files changed.
 */
export function installProject(source: string, target: string, tarball: string): void {
  const repoPkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const pins = [`@pulumi/pulumi@${repoPkg.devDependencies["@pulumi/pulumi"]}`, `typescript@${repoPkg.devDependencies.typescript}`];
  const stamp = createHash("sha256").update(fs.readFileSync(tarball)).update(treeDigest(source)).update(pins.join()).digest("hex");
  const stampFile = path.join(target, ".install-stamp");
  const installed = fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp;
  // The project's files fresh from the repository; node_modules kept when nothing changed.
  for (const entry of fs.existsSync(target) ? fs.readdirSync(target) : []) {
    if (!installed || !KEPT.includes(entry)) fs.rmSync(path.join(target, entry), { recursive: true, force: true });
  }
  fs.cpSync(source, target, { recursive: true });
  const local = path.join(target, path.basename(tarball));
  fs.copyFileSync(tarball, local);
  if (installed) {
    // Keep package.json as npm left it (pointing at the tarball).
    fs.writeFileSync(path.join(target, "package.json"), fs.readFileSync(path.join(target, ".package.installed.json")));
  } else {
    const npm = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${path.basename(tarball)}`, ...pins], {
      cwd: target,
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
    if (npm.status !== 0) throw new Error(`npm install in ${target} failed:\n${npm.stdout}\n${npm.stderr}`);
    fs.copyFileSync(path.join(target, "package.json"), path.join(target, ".package.installed.json"));
    fs.writeFileSync(stampFile, stamp);
  }
}

/** What an up-to-date install keeps between runs. */
const KEPT = ["node_modules", "package-lock.json", ".install-stamp", ".package.installed.json"];

function treeDigest(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/** Stack output values as `pulumi stack output --json` prints them (secrets as "[secret]"). */
export async function stackOutputs(project: PulumiProject, showSecrets = false): Promise<Record<string, unknown>> {
  const { stdout } = await project.ok(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
  return JSON.parse(stdout);
}
