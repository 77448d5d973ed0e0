// pcc-deploy.toml → PipecatAgentArgs: the file `pcc deploy` reads, read the way the
// official CLI reads it (same keys, same deprecated aliases, unknown keys refused),
// so a project can move to Pulumi without rewriting its configuration.
//
//   new PipecatAgent("bot", { ...pccDeployArgs(), adoptExisting: true });
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseToml } from "smol-toml";
import type { PipecatAgentArgs } from "../agent/resource";
import type { PipecatBuildArgs } from "../build/resource";
import { ConfigError } from "../client/errors/ConfigError";
import { withoutUndefined } from "../core/json";

/** The file name `pcc deploy` looks for in the current directory. */
export const PCC_DEPLOY_FILE = "pcc-deploy.toml";
/** The environment variable the CLI reads the file's path from. */
export const PCC_DEPLOY_PATH_ENV = "PIPECAT_DEPLOY_CONFIG_PATH";

/** The `[build]` section: what `pcc deploy` would upload to Pipecat Cloud's builder. */
export interface PccBuildSettings {
  /** Build context directory, relative to where `pcc deploy` runs (default "."). */
  contextDir: string;
  /** Dockerfile path inside the context (default "Dockerfile"). */
  dockerfile: string;
  /** `[build.exclude] patterns`: files left out of the build context (default none). */
  excludePatterns: string[];
}

/** Everything read from one pcc-deploy.toml. */
export interface PccDeployConfig {
  /** The file it came from (absolute). */
  file: string;
  /** The agent's inputs. */
  args: PipecatAgentArgs;
  /** The `[build]` section's values, when the file has one. */
  build?: PccBuildSettings;
  /** What a user should know: deprecated keys used, sections the agent does not use. */
  warnings: string[];
}

type Table = Record<string, unknown>;

/** Top-level keys `pcc deploy` accepts, and the PipecatAgent input each becomes. */
const TOP_LEVEL: Record<string, keyof PipecatAgentArgs | "(section)"> = {
  agent_name: "agentName",
  image: "image",
  build_id: "buildId",
  image_credentials: "imagePullSecretSet",
  secret_set: "secretSet",
  region: "region",
  agent_profile: "agentProfile",
  max_session_duration: "maxSessionDuration",
  websocket_auth: "websocketAuth",
  enable_krisp: "enableKrisp",
  scaling: "(section)",
  krisp_viva: "(section)",
  build: "(section)",
  docker: "(section)",
};
const SCALING_KEYS = ["min_agents", "max_agents", "min_instances", "max_instances"];
const KRISP_VIVA_KEYS = ["audio_filter"];
const BUILD_KEYS = ["context_dir", "dockerfile", "exclude"];
const BUILD_EXCLUDE_KEYS = ["patterns"];
const INTEGER_KEYS = new Set(["max_session_duration"]);
const BOOLEAN_KEYS = new Set(["enable_krisp"]);

/** The file `pcc deploy` would read: `PIPECAT_DEPLOY_CONFIG_PATH`, else ./pcc-deploy.toml. */
export function defaultPccDeployPath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolvePath(env[PCC_DEPLOY_PATH_ENV] || PCC_DEPLOY_FILE, cwd);
}

function resolvePath(file: string, cwd: string): string {
  const expanded = file === "~" || file.startsWith("~/") ? path.join(os.homedir(), file.slice(1)) : file;
  return path.resolve(cwd, expanded);
}

/**
 * Reads a `pcc-deploy.toml` and returns the PipecatAgent inputs it describes, to
 * spread and override: `{ ...pccDeployArgs(), adoptExisting: true }`.
 *
 * `file` defaults to `PIPECAT_DEPLOY_CONFIG_PATH`, else `./pcc-deploy.toml` (as
 * `pcc deploy` does). Deprecated keys, `[docker]`, and a `[build]` that `pcc deploy`
 * would not use either (the file sets `image` or `build_id`) are reported as Pulumi
 * warnings. Without `image` and `build_id` the CLI builds the image: pass
 * `build: new PipecatBuild(name, pccDeployBuildArgs())` as well. A missing
 * file, a TOML syntax error, an unknown key or a value of the wrong type throws,
 * naming the file and the key. Value rules (name pattern, ranges) are checked by
 * PipecatAgent itself, like any other input.
 */
export function pccDeployArgs(file?: string): PipecatAgentArgs {
  const config = readPccDeploy(file);
  for (const warning of config.warnings) pulumi.log.warn(warning);
  return config.args;
}

/** Reads and parses a pcc-deploy.toml (see pccDeployArgs); warnings are returned, not logged. */
export function readPccDeploy(file?: string): PccDeployConfig {
  const resolved = file === undefined ? defaultPccDeployPath() : resolvePath(file, process.cwd());
  let text: string;
  try {
    text = readFileSync(resolved, "utf8");
  } catch (e) {
    const hint =
      file === undefined
        ? `pass its path to pccDeployArgs() or set ${PCC_DEPLOY_PATH_ENV}`
        : "check the path (relative paths are resolved from the current directory)";
    throw new ConfigError(`Cannot read ${resolved}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; ${hint}`);
  }
  return parsePccDeploy(text, resolved);
}

/** Parses the text of a pcc-deploy.toml. `file` only names it in messages. Pure. */
export function parsePccDeploy(text: string, file = PCC_DEPLOY_FILE): PccDeployConfig {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    throw new ConfigError(`${file} is not valid TOML: ${(e as Error).message}`);
  }
  const fail = (message: string): never => {
    throw new ConfigError(`${file}: ${message}`);
  };
  const warnings: string[] = [];

  refuseUnknown(doc, Object.keys(TOP_LEVEL), "", fail);
  const args: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(TOP_LEVEL)) {
    if (input === "(section)" || doc[key] === undefined) continue;
    const kind = INTEGER_KEYS.has(key) ? "integer" : BOOLEAN_KEYS.has(key) ? "boolean" : "string";
    args[input] = typed(doc[key], kind, key, fail);
  }
  if (args.enableKrisp !== undefined) {
    warnings.push(`${file}: enable_krisp is deprecated by Pipecat Cloud; use [krisp_viva] audio_filter = "tel" (or "pro") instead`);
  }

  const scaling = section(doc, "scaling", SCALING_KEYS, fail);
  if (scaling) {
    const value = (key: string) => (scaling[key] === undefined ? undefined : typed(scaling[key], "integer", `scaling.${key}`, fail));
    let minAgents = value("min_agents");
    let maxAgents = value("max_agents");
    // As the CLI: the deprecated names still work, and win when both are given.
    if (scaling.min_instances !== undefined) {
      warnings.push(`${file}: scaling.min_instances is deprecated; use scaling.min_agents`);
      minAgents = value("min_instances");
    }
    if (scaling.max_instances !== undefined) {
      warnings.push(`${file}: scaling.max_instances is deprecated; use scaling.max_agents`);
      maxAgents = value("max_instances");
    }
    args.autoScaling = withoutUndefined({ minAgents, maxAgents });
  }

  const krisp = section(doc, "krisp_viva", KRISP_VIVA_KEYS, fail);
  if (krisp) {
    args.krispViva = { audioFilter: krisp.audio_filter === undefined ? null : typed(krisp.audio_filter, "string", "krisp_viva.audio_filter", fail) };
  }

  const build = section(doc, "build", BUILD_KEYS, fail);
  if (build && !cliWouldBuild(args)) {
    const given = args.image !== undefined ? "image" : "build_id";
    warnings.push(
      `${file}: [build] is not used: the file sets ${given}, so pcc deploy would not build either (and pccDeployBuildArgs() returns undefined); remove ${given} to build with PipecatBuild`,
    );
  }
  if (section(doc, "docker", undefined, fail)) {
    warnings.push(`${file}: [docker] is not used by PipecatAgent (it is for \`pcc docker build-push\`); push the image yourself and set image`);
  }
  if (args.agentName === undefined) {
    fail("agent_name is required: the name of the agent in Pipecat Cloud");
  }
  return { file, args: args as unknown as PipecatAgentArgs, build: build ? pccBuildSettings(build, file) : undefined, warnings };
}

/** `pcc deploy` builds the image in Pipecat Cloud exactly when the file names neither an image nor a build. */
function cliWouldBuild(args: { image?: unknown; buildId?: unknown }): boolean {
  return args.image === undefined && args.buildId === undefined;
}

/**
 * The PipecatBuild inputs for the cloud build `pcc deploy` would run from a
 * `pcc-deploy.toml`, or undefined when it would not build (the file sets `image`
 * or `build_id`). Pass the build to the agent:
 *
 *   const buildArgs = pccDeployBuildArgs();
 *   const build = buildArgs && new PipecatBuild("bot", buildArgs);
 *   new PipecatAgent("bot", { ...pccDeployArgs(), build });
 *
 * As in the CLI: `[build] context_dir` (default ".") is resolved from the directory
 * `pcc deploy` runs in, `dockerfile` (default "Dockerfile") is inside that folder,
 * `[build.exclude] patterns` add to the default exclusions unless the folder has a
 * `.dockerignore`, and the build goes to the file's `region` (none: the
 * organization's default). The directory `pcc deploy` runs in is the file's own
 * when `file` is given, else the current directory (where ./pcc-deploy.toml is,
 * and what the CLI uses with PIPECAT_DEPLOY_CONFIG_PATH). `contextDir` comes back
 * absolute; PipecatBuild keeps it relative to the project in state.
 */
export function pccDeployBuildArgs(file?: string): PipecatBuildArgs | undefined {
  const config = readPccDeploy(file);
  return pccBuildArgs(config, file === undefined ? process.cwd() : path.dirname(config.file));
}

/** pccDeployBuildArgs for an already-read file; `runDir` is where `pcc deploy` would run. Pure. */
export function pccBuildArgs(config: PccDeployConfig, runDir: string): PipecatBuildArgs | undefined {
  if (!cliWouldBuild(config.args)) return undefined;
  const settings = config.build ?? pccBuildSettings({}, config.file);
  const args: PipecatBuildArgs = { contextDir: path.resolve(runDir, settings.contextDir), dockerfile: settings.dockerfile };
  if (settings.excludePatterns.length > 0) args.exclude = settings.excludePatterns;
  if (config.args.region !== undefined) args.region = config.args.region;
  return args;
}

/**
 * The `[build]` section's values as plain data, defaults filled in as `pcc deploy`
 * fills them: `context_dir` ".", `dockerfile` "Dockerfile", `[build.exclude] patterns` [].
 * Pure; `build` is the parsed section (a `{}` gives the defaults).
 */
export function pccBuildSettings(build: Table, file = PCC_DEPLOY_FILE): PccBuildSettings {
  const fail = (message: string): never => {
    throw new ConfigError(`${file}: ${message}`);
  };
  refuseUnknown(build, BUILD_KEYS, "build.", fail);
  const exclude = build.exclude === undefined ? {} : build.exclude;
  if (!isTable(exclude)) fail("build.exclude must be a table ([build.exclude] with patterns = [...])");
  refuseUnknown(exclude as Table, BUILD_EXCLUDE_KEYS, "build.exclude.", fail);
  const patterns = (exclude as Table).patterns ?? [];
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== "string")) fail("build.exclude.patterns must be a list of strings");
  return {
    contextDir: build.context_dir === undefined ? "." : typed(build.context_dir, "string", "build.context_dir", fail),
    dockerfile: build.dockerfile === undefined ? "Dockerfile" : typed(build.dockerfile, "string", "build.dockerfile", fail),
    excludePatterns: [...(patterns as string[])],
  };
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A sub-table, checked for unknown keys (`known` undefined: any key, as `[docker]` is free-form). */
function section(doc: Table, name: string, known: string[] | undefined, fail: (m: string) => never): Table | undefined {
  const value = doc[name];
  if (value === undefined) return undefined;
  if (!isTable(value)) fail(`${name} must be a table ([${name}])`);
  if (known) refuseUnknown(value as Table, known, `${name}.`, fail);
  return value as Table;
}

function refuseUnknown(table: Table, known: string[], prefix: string, fail: (m: string) => never): void {
  const unknown = Object.keys(table).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    fail(`unexpected key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${prefix}${k}'`).join(", ")}; known keys here: ${known.join(", ")}`);
  }
}

function typed(value: unknown, kind: "string", key: string, fail: (m: string) => never): string;
function typed(value: unknown, kind: "integer", key: string, fail: (m: string) => never): number;
function typed(value: unknown, kind: "boolean", key: string, fail: (m: string) => never): boolean;
function typed(value: unknown, kind: "string" | "integer" | "boolean", key: string, fail: (m: string) => never): unknown;
function typed(value: unknown, kind: "string" | "integer" | "boolean", key: string, fail: (m: string) => never): unknown {
  const ok = kind === "integer" ? Number.isInteger(value) : typeof value === kind;
  if (!ok) fail(`${key} must be ${kind === "integer" ? "an integer" : `a ${kind}`}, got ${JSON.stringify(value)}`);
  return value;
}
