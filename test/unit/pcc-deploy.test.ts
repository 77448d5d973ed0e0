// pcc-deploy.toml → PipecatAgentArgs, read as `pcc deploy` reads it (keys from
// the CLI's deploy_utils.py): fixtures for whole files, tables for the rules.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import { checkAgentInputs } from "../../src/agent/check";
import { PipecatAgent } from "../../src/agent/resource";
import { packContext } from "../../src/build/pack";
import { defaultPccDeployPath, lineOf, parsePccDeploy, pccBuildArgs, pccBuildSettings, pccDeployArgs, pccDeployBuildArgs, readPccDeploy } from "../../src/pcc-deploy";

const fixture = (name: string) => path.join(__dirname, "../fixtures/pcc-deploy", name);

describe("whole files", () => {
  it("every key the CLI reads becomes the PipecatAgent input of the same meaning", async () => {
    const config = readPccDeploy(fixture("full.toml"));
    expect(config.args).toEqual({
      agentName: "my-first-agent",
      image: "your-dockername/my-first-agent:0.1",
      imagePullSecretSet: "dockerhub-access",
      secretSet: "my-first-agent-secrets",
      region: "us-west",
      agentProfile: "agent-1x",
      maxSessionDuration: 3600,
      websocketAuth: "token",
      autoScaling: { minAgents: 1, maxAgents: 10 },
      krispViva: { audioFilter: "tel" },
    });
    expect(config.warnings).toEqual([]);
    expect(config.build).toBeUndefined();
    // What it returns is valid PipecatAgent input as it stands.
    expect((await checkAgentInputs(config.args as Record<string, unknown>)).failures).toEqual([]);
  });

  it("[build] next to build_id is reported as unused, as pcc deploy ignores it; [docker] too; [build] comes back as plain data", () => {
    const config = readPccDeploy(fixture("build.toml"));
    expect(config.args).toEqual({ agentName: "built-agent", buildId: "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11" });
    expect(config.build).toEqual({ contextDir: "./bot", dockerfile: "Dockerfile.arm", excludePatterns: ["*.md", "tests/"] });
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toMatch(/build\.toml:4: \[build\] is not used: the file sets build_id, .*pccDeployBuildArgs\(\) returns undefined.*remove build_id/);
    expect(config.warnings[1]).toMatch(/build\.toml:11: \[docker\] is not used by PipecatAgent/);
  });

  it("[build] without image or build_id is what pcc deploy builds: no warning, the agent gets its build from pccDeployBuildArgs", () => {
    const config = readPccDeploy(fixture("cloud-build/pcc-deploy.toml"));
    expect(config.warnings).toEqual([]);
    expect(config.args).toEqual({ agentName: "cloud-built-agent", region: "eu-central", secretSet: "bot-secrets" });
  });

  it("deprecated keys work as in the CLI, each with one warning naming its line", () => {
    const config = readPccDeploy(fixture("deprecated.toml"));
    expect(config.args).toEqual({ agentName: "legacy-agent", image: "acme/legacy:1.0", enableKrisp: true, autoScaling: { minAgents: 2, maxAgents: 4 } });
    expect(config.warnings).toEqual([
      `${fixture("deprecated.toml")}:3: enable_krisp is deprecated by Pipecat Cloud; use [krisp_viva] audio_filter = "tel" (or "pro") instead`,
      `${fixture("deprecated.toml")}:6: scaling.min_instances is deprecated; use scaling.min_agents`,
      `${fixture("deprecated.toml")}:7: scaling.max_instances is deprecated; use scaling.max_agents`,
    ]);
  });

  it("a deprecated key is warned about once: by the reader, naming the file, not again by PipecatAgent", async () => {
    pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
    const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    const krispWarnings = () => warn.mock.calls.map(([message]) => message).filter((m) => /krisp/i.test(m));
    const created = (agent: PipecatAgent) => new Promise((resolve) => agent.urn.apply(resolve));
    try {
      await created(new PipecatAgent("from-file", { ...pccDeployArgs(fixture("deprecated.toml")), adoptExisting: true }));
      expect(krispWarnings()).toEqual([expect.stringMatching(/deprecated\.toml:3: enable_krisp is deprecated/)]);
      // Set in a program, the agent's own warning still comes.
      warn.mockClear();
      await created(new PipecatAgent("in-program", { agentName: "in-program", image: "acme/bot:1", enableKrisp: true }));
      expect(krispWarnings()).toEqual([expect.stringMatching(/^enableKrisp is deprecated/)]);
    } finally {
      warn.mockRestore();
    }
  });

  it("pccDeployArgs returns the args and reports each warning through Pulumi's log", () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    try {
      expect(pccDeployArgs(fixture("build.toml"))).toEqual(readPccDeploy(fixture("build.toml")).args);
      expect(warn.mock.calls.map(([message]) => message)).toEqual(readPccDeploy(fixture("build.toml")).warnings);
    } finally {
      warn.mockRestore();
    }
  });

  it("an unknown key is an error naming the key, the file and the line", () => {
    expect(() => readPccDeploy(fixture("unknown-key.toml"))).toThrow(/unknown-key\.toml:3: unexpected key 'secret_sets'/);
  });

  it("a missing file names the path and how to point elsewhere", () => {
    expect(() => readPccDeploy(fixture("nope.toml"))).toThrow(/Cannot read .*nope\.toml: ENOENT/);
  });
});

describe("rules", () => {
  const base = 'agent_name = "a-bot"\nimage = "acme/bot:1"\n';
  it.each([
    ["only the scaling keys given", "[scaling]\nmax_agents = 5\n", { autoScaling: { maxAgents: 5 } }],
    ["an empty [krisp_viva] turns Krisp VIVA off", "[krisp_viva]\n", { krispViva: { audioFilter: null } }],
    ["websocket_auth none", 'websocket_auth = "none"\n', { websocketAuth: "none" }],
  ])("%s", (_name, extra, expected) => {
    expect(parsePccDeploy(base + extra).args).toMatchObject(expected);
  });

  // Each deprecated key alone: the input it becomes (the whole args, so a key mapped
  // to the wrong input fails) and its one warning.
  it.each([
    ["enable_krisp = true", "enable_krisp = true\n", { enableKrisp: true }, "3: enable_krisp is deprecated by Pipecat Cloud; use [krisp_viva] audio_filter"],
    ["enable_krisp = false", "enable_krisp = false\n", { enableKrisp: false }, "3: enable_krisp is deprecated by Pipecat Cloud"],
    ["scaling.min_instances", "[scaling]\nmin_instances = 2\n", { autoScaling: { minAgents: 2 } }, "4: scaling.min_instances is deprecated; use scaling.min_agents"],
    ["scaling.max_instances", "[scaling]\nmax_instances = 4\n", { autoScaling: { maxAgents: 4 } }, "4: scaling.max_instances is deprecated; use scaling.max_agents"],
  ])("deprecated %s", (_name, extra, expected, warning) => {
    const config = parsePccDeploy(base + extra, "/p/pcc-deploy.toml");
    expect(config.args).toEqual({ agentName: "a-bot", image: "acme/bot:1", ...expected });
    expect(config.warnings).toEqual([expect.stringMatching(new RegExp(`^/p/pcc-deploy\\.toml:${warning.replace(/[.[\]()]/g, "\\$&")}`))]);
  });

  // Both names of one setting: the deprecated one wins, as in the CLI (ScalingParams),
  // whatever their order in the file; one warning gives both values and the winner.
  it.each([
    ["min_instances next to min_agents", "[scaling]\nmin_agents = 1\nmin_instances = 3\n", { minAgents: 3 }, "5: scaling.min_instances = 3 shadows scaling.min_agents = 1: min_instances wins (minAgents 3), as in pcc deploy; min_instances is deprecated, keep only min_agents"],
    ["max_instances (first) next to max_agents", "[scaling]\nmax_instances = 7\nmax_agents = 9\n", { maxAgents: 7 }, "4: scaling.max_instances = 7 shadows scaling.max_agents = 9: max_instances wins (maxAgents 7), as in pcc deploy; max_instances is deprecated, keep only max_agents"],
  ])("%s: the alias wins, with one warning naming both values", (_name, extra, autoScaling, warning) => {
    const config = parsePccDeploy(base + extra, "/p/pcc-deploy.toml");
    expect(config.args.autoScaling).toEqual(autoScaling);
    expect(config.warnings).toEqual([`/p/pcc-deploy.toml:${warning}`]);
  });

  // `base` is two lines, so the first line of `extra` is line 3.
  it.each([
    ["unknown key in [scaling]", "[scaling]\nmin = 1\n", 4, /unexpected key 'scaling\.min'; known keys here: [^.]*$/],
    ["unknown key in [krisp_viva]", '[krisp_viva]\nfilter = "tel"\n', 4, /unexpected key 'krisp_viva\.filter'/],
    ["unknown key in [build]", '[build]\ncontext = "."\n', 4, /unexpected key 'build\.context'/],
    ["unknown key in [build.exclude]", '[build.exclude]\npattern = ["x"]\n', 4, /unexpected key 'build\.exclude\.pattern'/],
    ["a string where an integer belongs", 'max_session_duration = "3600"\n', 3, /max_session_duration must be an integer, got "3600"/],
    ["a float where an integer belongs", "[scaling]\nmax_agents = 2.5\n", 4, /scaling\.max_agents must be an integer, got 2\.5/],
    ["a number where a string belongs", "secret_set = 5\n", 3, /secret_set must be a string, got 5/],
    ["a string where a boolean belongs", 'enable_krisp = "yes"\n', 3, /enable_krisp must be a boolean, got "yes"/],
    ["a section given as a value", 'scaling = "big"\n', 3, /scaling must be a table/],
    ["[build] exclude given as a value", '[build]\nexclude = "*.md"\n', 4, /build\.exclude must be a table/],
    ["exclude patterns that are not strings", "[build.exclude]\npatterns = [1]\n", 4, /build\.exclude\.patterns must be a list of strings/],
    ["a non-string dockerfile", "[build]\ndockerfile = 1\n", 4, /build\.dockerfile must be a string, got 1/],
    ["an agent_profile that does not exist", 'agent_profile = "agent-9x"\n', 3, /agent_profile must be one of "agent-1x", "agent-2x", "agent-3x", got "agent-9x"$/],
    ["a websocket_auth mode that does not exist", 'websocket_auth = "basic"\n', 3, /websocket_auth must be one of "none", "token", got "basic"$/],
    ["a Krisp VIVA filter that does not exist", '[krisp_viva]\naudio_filter = "max"\n', 4, /krisp_viva\.audio_filter must be one of "tel", "pro", got "max"$/],
    ["a session shorter than a minute", "max_session_duration = 30\n", 3, /max_session_duration must be from 60 to 14400, got 30$/],
    ["a negative min_agents", "[scaling]\nmin_agents = -1\n", 4, /scaling\.min_agents must be from 0 to 1000000, got -1$/],
    ["no instances at all", "[scaling]\nmax_agents = 0\n", 4, /scaling\.max_agents must be from 1 to 1000000, got 0$/],
    ["a deprecated alias out of range", "[scaling]\nmax_instances = 0\n", 4, /scaling\.max_instances must be from 1/],
    ["a key after blank lines and comments", "\n# scaling\n[scaling]\n\nmax_agents = 0 # none\n", 7, /scaling\.max_agents must be/],
    ["a quoted key", '"agent_profile" = "big"\n', 3, /agent_profile must be one of/],
    ["the same key in another table first: the one in [scaling] is named", "[docker]\nmax_agents = 5\n[scaling]\nmax_agents = 0\n", 6, /scaling\.max_agents must be/],
    ["an inline table: its line", "scaling = { max_agents = 0 }\n", 3, /scaling\.max_agents must be/],
    ["a dotted key", "scaling.max_agents = 0\n", 3, /scaling\.max_agents must be/],
  ])("%s is an error naming its line", (_name, extra, line, message) => {
    expect(() => parsePccDeploy(base + extra, "/p/pcc-deploy.toml")).toThrow(message);
    expect(() => parsePccDeploy(base + extra, "/p/pcc-deploy.toml")).toThrow(new RegExp(`^/p/pcc-deploy\\.toml:${line}: `));
  });

  it("invalid TOML names the file, the line and the column", () => {
    expect(() => parsePccDeploy('agent_name = "a-bot"\nimage = "a\n', "x.toml")).toThrow(/^x\.toml:2:11: Invalid TOML document: .*2: +image = "a/s);
  });

  it.each([
    ["a line of its own", 'a = 1\n[t]\nb = 2\n', "t.b", 3],
    ["its table's header", "a = 1\n[t]\n", "t", 2],
    ["a key nowhere: its table's line", "[t]\nb = 2\n", "t.c", 1],
    ["no key, no table", "a = 1\n", "t.c", undefined],
  ])("lineOf: %s", (_name, text, key, line) => {
    expect(lineOf(text, key)).toBe(line);
  });

  it.each([
    ["after [scaling]", "[scaling]\nmin_agents = 1\nenable_krisp = true\n", 5, "scaling"],
    ["after [krisp_viva]", '[krisp_viva]\naudio_filter = "tel"\nregion = "us-west"\n', 5, "krisp_viva"],
    ["after [build.exclude]", '[build.exclude]\npatterns = []\nsecret_set = "s"\n', 5, "build.exclude"],
  ])("a top-level key written %s is refused with a hint to move it up", (_name, extra, line, table) => {
    expect(() => parsePccDeploy(base + extra, "/p/pcc-deploy.toml")).toThrow(
      new RegExp(`^/p/pcc-deploy\\.toml:${line}: unexpected key '${table}\\.\\w+'.*TOML reads every key below \\[${table}\\] as part of that table; top-level keys must come before any table`),
    );
  });

  it("a top-level key written after [docker] (which takes any key) is a warning: pcc deploy would lose it silently", () => {
    const config = parsePccDeploy(base + '[docker]\nregistry = "dockerhub"\nsecret_set = "s"\n', "/p/pcc-deploy.toml");
    expect(config.args.secretSet).toBeUndefined();
    expect(config.warnings).toEqual([
      expect.stringMatching(/^\/p\/pcc-deploy\.toml:3: \[docker\] is not used/),
      expect.stringMatching(/^\/p\/pcc-deploy\.toml:5: docker\.secret_set is read by neither pcc deploy nor PipecatAgent: secret_set is a top-level key, .*must come before any table/),
    ]);
  });

  it("agent_name is required", () => {
    expect(() => parsePccDeploy('image = "acme/bot:1"\n')).toThrow(/agent_name is required/);
  });

  it("name patterns are not judged here: PipecatAgent's own check names the input and explains them", async () => {
    const { args } = parsePccDeploy('agent_name = "Bad Name"\nimage = "acme/bot:1"\n');
    expect((await checkAgentInputs(args as Record<string, unknown>)).failures.map((f) => f.property)).toEqual(["agentName"]);
  });

  it.each([
    ["defaults", {}, { contextDir: ".", dockerfile: "Dockerfile", excludePatterns: [] }],
    ["given values", { context_dir: "app", dockerfile: "D", exclude: { patterns: ["a"] } }, { contextDir: "app", dockerfile: "D", excludePatterns: ["a"] }],
  ])("pccBuildSettings: %s", (_name, section, expected) => {
    expect(pccBuildSettings(section)).toEqual(expected);
  });
});

describe("pccDeployBuildArgs: the cloud build pcc deploy would run", () => {
  const cloudBuild = fixture("cloud-build");
  it.each([
    [
      "[build] with no image or build_id: context_dir from the file's directory, its region",
      "cloud-build/pcc-deploy.toml",
      { contextDir: path.join(cloudBuild, "bot"), dockerfile: "Dockerfile.arm", exclude: ["*.md"], region: "eu-central" },
    ],
    ["no [build], no image, no build_id: the CLI's defaults, the organization's default region", "no-image.toml", { contextDir: path.dirname(fixture("no-image.toml")), dockerfile: "Dockerfile" }],
    ["[build] next to build_id: pcc deploy deploys the build and builds nothing", "build.toml", undefined],
    ["an image and no [build]", "full.toml", undefined],
  ])("%s", (_name, file, expected) => {
    expect(pccDeployBuildArgs(fixture(file))).toEqual(expected);
  });

  it.each([
    ["[build] next to an image is not built either", 'image = "acme/bot:1"\n[build]\ncontext_dir = "app"\n', undefined, /sets image/],
    ["an absolute context_dir stays as it is", '[build]\ncontext_dir = "/src/app"\n', { contextDir: "/src/app", dockerfile: "Dockerfile" }, undefined],
    ["a relative one starts at the directory pcc deploy runs in", '[build]\ncontext_dir = "../app"\n', { contextDir: "/work/app", dockerfile: "Dockerfile" }, undefined],
  ])("%s", (_name, extra, expected, warning) => {
    const config = parsePccDeploy('agent_name = "a-bot"\n' + extra, "/work/proj/pcc-deploy.toml");
    expect(pccBuildArgs(config, "/work/proj")).toEqual(expected);
    expect(config.warnings.join("\n")).toMatch(warning ?? /^$/);
  });

  it("without a path, relative to the current directory, as the CLI resolves it with PIPECAT_DEPLOY_CONFIG_PATH", () => {
    const before = process.env.PIPECAT_DEPLOY_CONFIG_PATH;
    process.env.PIPECAT_DEPLOY_CONFIG_PATH = fixture("cloud-build/pcc-deploy.toml");
    try {
      expect(pccDeployBuildArgs()?.contextDir).toBe(path.resolve(process.cwd(), "bot"));
    } finally {
      if (before === undefined) delete process.env.PIPECAT_DEPLOY_CONFIG_PATH;
      else process.env.PIPECAT_DEPLOY_CONFIG_PATH = before;
    }
  });

  it("the result packs as PipecatBuild packs it: the Dockerfile found, the exclude patterns applied", () => {
    const args = pccDeployBuildArgs(fixture("cloud-build/pcc-deploy.toml"))!;
    expect(packContext(args.contextDir, { dockerfile: args.dockerfile, exclude: args.exclude }).files).toEqual(["Dockerfile.arm", "bot.py"]);
  });
});

describe("which file", () => {
  it.each([
    ["./pcc-deploy.toml by default", {}, "/proj", "/proj/pcc-deploy.toml"],
    ["PIPECAT_DEPLOY_CONFIG_PATH, relative to the current directory", { PIPECAT_DEPLOY_CONFIG_PATH: "conf/deploy.toml" }, "/proj", "/proj/conf/deploy.toml"],
    ["PIPECAT_DEPLOY_CONFIG_PATH, absolute", { PIPECAT_DEPLOY_CONFIG_PATH: "/etc/pcc.toml" }, "/proj", "/etc/pcc.toml"],
    ["an empty variable counts as unset", { PIPECAT_DEPLOY_CONFIG_PATH: "" }, "/proj", "/proj/pcc-deploy.toml"],
  ])("%s", (_name, env, cwd, expected) => {
    expect(defaultPccDeployPath(env, cwd)).toBe(expected);
  });

  it("readPccDeploy() reads the file PIPECAT_DEPLOY_CONFIG_PATH names", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pcc-"));
    writeFileSync(path.join(dir, "custom.toml"), 'agent_name = "env-bot"\nimage = "acme/bot:1"\n');
    const before = process.env.PIPECAT_DEPLOY_CONFIG_PATH;
    process.env.PIPECAT_DEPLOY_CONFIG_PATH = path.join(dir, "custom.toml");
    try {
      expect(readPccDeploy().args.agentName).toBe("env-bot");
    } finally {
      if (before === undefined) delete process.env.PIPECAT_DEPLOY_CONFIG_PATH;
      else process.env.PIPECAT_DEPLOY_CONFIG_PATH = before;
    }
  });
});
