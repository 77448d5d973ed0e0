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
import { DEPRECATION_REPORTED, type PipecatAgentArgs } from "../agent/resource";
import { AGENT_INPUT_RULES } from "../agent/input-rules";
import type { PipecatBuildArgs } from "../build/resource";
import { ConfigError } from "../client/errors/ConfigError";
import { rules, type Rule } from "../core/fast-rules";

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
const TOP_LEVEL: Record<string, keyof typeof AGENT_INPUT_RULES | "(section)"> = {
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
/** `[scaling]` keys and the autoScaling input each becomes; the CLI still reads the deprecated `*_instances`. */
const SCALING: Record<string, "minAgents" | "maxAgents"> = {
  min_agents: "minAgents",
  max_agents: "maxAgents",
  min_instances: "minAgents",
  max_instances: "maxAgents",
};
/** Deprecated `[scaling]` aliases and the key each stands for; as in the CLI, the alias wins when both are set. */
const SCALING_ALIASES: Record<string, string> = { min_instances: "min_agents", max_instances: "max_agents" };
const KRISP_VIVA_KEYS = ["audio_filter"];
const BUILD_KEYS = ["context_dir", "dockerfile", "exclude"];
const BUILD_EXCLUDE_KEYS = ["patterns"];

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
 * `pcc deploy` does). Deprecated keys (once each: PipecatAgent does not repeat
 * them), a deprecated `[scaling]` alias shadowing the new key, `[docker]` (and a
 * top-level key lost under it), and a `[build]` that `pcc deploy` would not use
 * either (the file sets `image` or `build_id`) are reported as Pulumi warnings.
 * Without `image` and `build_id` the CLI builds the image: pass
 * `build: new PipecatBuild(name, pccDeployBuildArgs())` as well. A missing file, a
 * TOML syntax error, an unknown key, a value of the wrong type, or outside the
 * input's choices or range throws, naming the file, the line and the key. Name
 * patterns are checked by PipecatAgent itself, like any other input.
 */
export function pccDeployArgs(file?: string): PipecatAgentArgs {
  const config = readPccDeploy(file);
  for (const warning of config.warnings) pulumi.log.warn(warning);
  // The warning above names enable_krisp in the file; PipecatAgent need not repeat it as enableKrisp.
  return config.args.enableKrisp === undefined ? config.args : ({ ...config.args, [DEPRECATION_REPORTED]: ["enableKrisp"] } as PipecatAgentArgs);
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

type Fail = (message: string, key?: string) => never;

/** Parses the text of a pcc-deploy.toml. `file` only names it in messages. Pure. */
export function parsePccDeploy(text: string, file = PCC_DEPLOY_FILE): PccDeployConfig {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    const { line, column } = e as { line?: number; column?: number };
    throw new ConfigError(`${file}${line ? `:${line}:${column}` : ""}: ${(e as Error).message}`);
  }
  // Messages start `file:line:` (the line of the key at fault, when the scan finds it), as compilers' do.
  const where = (key?: string) => {
    const line = key === undefined ? undefined : lineOf(text, key);
    return line === undefined ? file : `${file}:${line}`;
  };
  const fail: Fail = (message, key) => {
    throw new ConfigError(`${where(key)}: ${message}`);
  };
  const warnings: string[] = [];
  const warn = (message: string, key: string) => warnings.push(`${where(key)}: ${message}`);

  refuseUnknown(doc, Object.keys(TOP_LEVEL), "", fail);
  const args: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(TOP_LEVEL)) {
    if (input === "(section)" || doc[key] === undefined) continue;
    args[input] = typed(doc[key], AGENT_INPUT_RULES[input], key, fail);
  }
  if (args.enableKrisp !== undefined) {
    warn('enable_krisp is deprecated by Pipecat Cloud; use [krisp_viva] audio_filter = "tel" (or "pro") instead', "enable_krisp");
  }

  const scaling = section(doc, "scaling", Object.keys(SCALING), fail);
  if (scaling) {
    const autoScaling: Record<string, unknown> = {};
    // SCALING lists the aliases last, so an alias overwrites the key it shadows: the CLI's order.
    for (const [key, input] of Object.entries(SCALING)) {
      if (scaling[key] !== undefined) autoScaling[input] = typed(scaling[key], fieldRule("autoScaling", input), `scaling.${key}`, fail);
    }
    for (const [alias, key] of Object.entries(SCALING_ALIASES)) {
      if (scaling[alias] === undefined) continue;
      warn(
        scaling[key] === undefined
          ? `scaling.${alias} is deprecated; use scaling.${key}`
          : `scaling.${alias} = ${scaling[alias]} shadows scaling.${key} = ${scaling[key]}: ${alias} wins (${SCALING[alias]} ${scaling[alias]}), as in pcc deploy; ${alias} is deprecated, keep only ${key}`,
        `scaling.${alias}`,
      );
    }
    args.autoScaling = autoScaling;
  }

  const krisp = section(doc, "krisp_viva", KRISP_VIVA_KEYS, fail);
  if (krisp) {
    args.krispViva = { audioFilter: krisp.audio_filter === undefined ? null : typed(krisp.audio_filter, fieldRule("krispViva", "audioFilter"), "krisp_viva.audio_filter", fail) };
  }

  const build = section(doc, "build", BUILD_KEYS, fail);
  if (build && !cliWouldBuild(args)) {
    const given = args.image !== undefined ? "image" : "build_id";
    warn(
      `[build] is not used: the file sets ${given}, so pcc deploy would not build either (and pccDeployBuildArgs() returns undefined); remove ${given} to build with PipecatBuild`,
      "build",
    );
  }
  const docker = section(doc, "docker", undefined, fail);
  if (docker) {
    warn("[docker] is not used by PipecatAgent (it is for `pcc docker build-push`); push the image yourself and set image", "docker");
    // [docker] takes any key, so a top-level key written below it is silently lost, by pcc deploy too.
    for (const key of Object.keys(docker).filter(isTopLevelKey)) {
      warn(`docker.${key} is read by neither pcc deploy nor PipecatAgent: ${misplacedHint(key, "docker")}`, `docker.${key}`);
    }
  }
  if (args.agentName === undefined) {
    fail("agent_name is required: the name of the agent in Pipecat Cloud");
  }
  return { file, args: args as unknown as PipecatAgentArgs, build: build ? buildSettings(build, fail) : undefined, warnings };
}

function isTopLevelKey(key: string): boolean {
  return Object.hasOwn(TOP_LEVEL, key);
}

/** Why a top-level key turned up inside a table: TOML puts every key after a [table] header in that table. */
function misplacedHint(key: string, table: string): string {
  return `${key} is a top-level key, but TOML reads every key below [${table}] as part of that table; top-level keys must come before any table, so move it above the first [table]`;
}

/**
 * The 1-based line that sets a dotted key (`scaling.min_agents`), or its table's
 * line when the key itself is not found (an inline table). A plain scan of
 * `[table]` headers and `key =` lines: enough for the flat files pcc deploy reads.
 */
export function lineOf(text: string, keyPath: string): number | undefined {
  const unquote = (key: string) => key.split(".").map((part) => part.trim().replace(/^(["'])(.*)\1$/, "$2")).join(".");
  let table = "";
  for (const [i, line] of text.split("\n").entries()) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    const assignment = /^\s*([\w."' -]+?)\s*=/.exec(line);
    if (header) table = unquote(header[1]!);
    const found = header ? table : assignment ? (table ? `${table}.` : "") + unquote(assignment[1]!) : undefined;
    if (found === keyPath) return i + 1;
  }
  const parent = keyPath.lastIndexOf(".");
  return parent > 0 ? lineOf(text, keyPath.slice(0, parent)) : undefined;
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
  return buildSettings(build, (message) => {
    throw new ConfigError(`${file}: ${message}`);
  });
}

function buildSettings(build: Table, fail: Fail): PccBuildSettings {
  refuseUnknown(build, BUILD_KEYS, "build.", fail);
  const exclude = build.exclude === undefined ? {} : build.exclude;
  if (!isTable(exclude)) fail("build.exclude must be a table ([build.exclude] with patterns = [...])", "build.exclude");
  refuseUnknown(exclude as Table, BUILD_EXCLUDE_KEYS, "build.exclude.", fail);
  const patterns = (exclude as Table).patterns ?? [];
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== "string")) fail("build.exclude.patterns must be a list of strings", "build.exclude.patterns");
  return {
    contextDir: build.context_dir === undefined ? "." : (typed(build.context_dir, rules.string(), "build.context_dir", fail) as string),
    dockerfile: build.dockerfile === undefined ? "Dockerfile" : (typed(build.dockerfile, rules.string(), "build.dockerfile", fail) as string),
    excludePatterns: [...(patterns as string[])],
  };
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A sub-table, checked for unknown keys (`known` undefined: any key, as `[docker]` is free-form). */
function section(doc: Table, name: string, known: string[] | undefined, fail: Fail): Table | undefined {
  const value = doc[name];
  if (value === undefined) return undefined;
  if (!isTable(value)) fail(`${name} must be a table ([${name}])`, name);
  if (known) refuseUnknown(value as Table, known, `${name}.`, fail);
  return value as Table;
}

function refuseUnknown(table: Table, known: string[], prefix: string, fail: Fail): void {
  const unknown = Object.keys(table).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const misplaced = prefix ? unknown.find(isTopLevelKey) : undefined;
  fail(
    `unexpected key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${prefix}${k}'`).join(", ")}; known keys here: ${known.join(", ")}` +
      (misplaced ? `. ${misplacedHint(misplaced, prefix.slice(0, -1))}` : ""),
    prefix + (misplaced ?? unknown[0]),
  );
}

/** The PipecatAgent input's own rule for the key's choices and ranges (patterns, such as a name's, are left to PipecatAgent's check, which explains them). */
function typed(value: unknown, rule: Rule, key: string, fail: Fail): unknown {
  const got = `got ${JSON.stringify(value)}`;
  switch (rule.kind) {
    case "optional":
    case "nullable":
      return typed(value, rule.rule, key, fail);
    case "oneOf":
      if (!rule.values.includes(value)) fail(`${key} must be one of ${rule.values.map((v) => JSON.stringify(v)).join(", ")}, ${got}`, key);
      return value;
    case "int":
      if (!Number.isInteger(value)) fail(`${key} must be an integer, ${got}`, key);
      if ((value as number) < rule.min || (value as number) > rule.max) fail(`${key} must be from ${rule.min} to ${rule.max}, ${got}`, key);
      return value;
    case "string":
    case "boolean":
      if (typeof value !== rule.kind) fail(`${key} must be a ${rule.kind}, ${got}`, key);
      return value;
    default:
      return value; // not reached: every key read here is a scalar
  }
}

/** The rule of a nested input's field (`autoScaling.minAgents`). */
function fieldRule(input: "autoScaling" | "krispViva", field: string): Rule {
  const rule: Rule = AGENT_INPUT_RULES[input];
  const inner = rule.kind === "optional" ? rule.rule : rule;
  if (inner.kind !== "object" || inner.shape[field] === undefined) throw new Error(`PipecatAgent has no input ${input}.${field}`);
  return inner.shape[field];
}
