// pcc-deploy.toml → PipecatAgentArgs, read as `pcc deploy` reads it (keys from
// the CLI's deploy_utils.py): fixtures for whole files, tables for the rules.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import { checkAgentInputs } from "../../src/agent/check";
import { packContext } from "../../src/build/pack";
import { defaultPccDeployPath, parsePccDeploy, pccBuildArgs, pccBuildSettings, pccDeployArgs, pccDeployBuildArgs, readPccDeploy } from "../../src/pcc-deploy";

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
    expect(config.warnings[0]).toMatch(/build\.toml: \[build\] is not used: the file sets build_id, .*pccDeployBuildArgs\(\) returns undefined.*remove build_id/);
    expect(config.warnings[1]).toMatch(/\[docker\] is not used by PipecatAgent/);
  });

  it("[build] without image or build_id is what pcc deploy builds: no warning, the agent gets its build from pccDeployBuildArgs", () => {
    const config = readPccDeploy(fixture("cloud-build/pcc-deploy.toml"));
    expect(config.warnings).toEqual([]);
    expect(config.args).toEqual({ agentName: "cloud-built-agent", region: "eu-central", secretSet: "bot-secrets" });
  });

  it("deprecated keys work as in the CLI, each with a warning", () => {
    const config = readPccDeploy(fixture("deprecated.toml"));
    expect(config.args).toMatchObject({ enableKrisp: true, autoScaling: { minAgents: 2, maxAgents: 4 } });
    expect(config.warnings.join("\n")).toMatch(/enable_krisp is deprecated.*krisp_viva/);
    expect(config.warnings.join("\n")).toMatch(/min_instances is deprecated; use scaling\.min_agents/);
    expect(config.warnings.join("\n")).toMatch(/max_instances is deprecated; use scaling\.max_agents/);
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

  it("an unknown key is an error naming the key and the file", () => {
    expect(() => readPccDeploy(fixture("unknown-key.toml"))).toThrow(/unknown-key\.toml: unexpected key 'secret_sets'/);
  });

  it("a missing file names the path and how to point elsewhere", () => {
    expect(() => readPccDeploy(fixture("nope.toml"))).toThrow(/Cannot read .*nope\.toml: ENOENT/);
  });
});

describe("rules", () => {
  const base = 'agent_name = "a-bot"\nimage = "acme/bot:1"\n';
  it.each([
    ["min_instances wins over min_agents, as in the CLI", "[scaling]\nmin_agents = 1\nmin_instances = 3\n", { autoScaling: { minAgents: 3 } }],
    ["only the scaling keys given", "[scaling]\nmax_agents = 5\n", { autoScaling: { maxAgents: 5 } }],
    ["an empty [krisp_viva] turns Krisp VIVA off", "[krisp_viva]\n", { krispViva: { audioFilter: null } }],
    ["websocket_auth none", 'websocket_auth = "none"\n', { websocketAuth: "none" }],
  ])("%s", (_name, extra, expected) => {
    expect(parsePccDeploy(base + extra).args).toMatchObject(expected);
  });

  it.each([
    ["unknown key in [scaling]", "[scaling]\nmin = 1\n", /unexpected key 'scaling\.min'/],
    ["unknown key in [krisp_viva]", '[krisp_viva]\nfilter = "tel"\n', /unexpected key 'krisp_viva\.filter'/],
    ["unknown key in [build]", '[build]\ncontext = "."\n', /unexpected key 'build\.context'/],
    ["unknown key in [build.exclude]", '[build.exclude]\npattern = ["x"]\n', /unexpected key 'build\.exclude\.pattern'/],
    ["a string where an integer belongs", 'max_session_duration = "3600"\n', /max_session_duration must be an integer, got "3600"/],
    ["a float where an integer belongs", "[scaling]\nmax_agents = 2.5\n", /scaling\.max_agents must be an integer, got 2\.5/],
    ["a number where a string belongs", "secret_set = 5\n", /secret_set must be a string, got 5/],
    ["a section given as a value", 'scaling = "big"\n', /scaling must be a table/],
    ["exclude patterns that are not strings", "[build.exclude]\npatterns = [1]\n", /build\.exclude\.patterns must be a list of strings/],
  ])("%s is an error", (_name, extra, message) => {
    expect(() => parsePccDeploy(base + extra, "/p/pcc-deploy.toml")).toThrow(message);
    expect(() => parsePccDeploy(base + extra, "/p/pcc-deploy.toml")).toThrow(/^\/p\/pcc-deploy\.toml: /);
  });

  it("invalid TOML names the file and the position", () => {
    expect(() => parsePccDeploy('agent_name = "a\n', "x.toml")).toThrow(/x\.toml is not valid TOML: .*1: +agent_name = "a/s);
  });

  it("agent_name is required", () => {
    expect(() => parsePccDeploy('image = "acme/bot:1"\n')).toThrow(/agent_name is required/);
  });

  it("values are not judged here: PipecatAgent's own check names the input", async () => {
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
