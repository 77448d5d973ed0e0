#!/usr/bin/env node
// `npm run pulumi-cli`: make a real Pulumi CLI available, offline, and print as the last line
// the folder that holds `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`.
//
// Order: PULUMI_CLI_DIR, then `pulumi` on PATH (>= 3.139), then the user cache, then a build
// from Go modules pinned by go.mod / go.sum files kept here:
// - ./go.mod: the CLI, github.com/pulumi/pulumi/pkg/v3 at the version of the pinned @pulumi/pulumi;
// - ./language-nodejs/go.mod: the Node.js language host. Its own module
//   (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the Go module proxy these
//   machines reach, so it is built from the last sdk/v3 release that still carried it as a
//   package (v3.68.0). It only starts `node`; the Node.js side is the project's @pulumi/pulumi.
// The cache folder's name carries the version and a hash of the pins, so a new pin builds again
// and an unchanged one never does. Nothing is written into the repository.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const HERE = __dirname;
const REPO = path.resolve(HERE, "../..");
const PROGRAMS = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
const MIN_VERSION = [3, 139, 0];
const LANGUAGE_HOST_DIR = path.join(HERE, "language-nodejs");
const PINS = ["go.mod", "go.sum", "language-nodejs/go.mod", "language-nodejs/go.sum"];
const INSTALL_HINT = "No Pulumi CLI found and no Go to build one: install the Pulumi CLI (https://www.pulumi.com/docs/install/), or Go 1.25+ and run `npm run pulumi-cli` again.";

/** The pinned version: @pulumi/pulumi in package.json, which go.mod must require too. */
function pinnedVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  const version = pkg.devDependencies["@pulumi/pulumi"];
  const gomod = fs.readFileSync(path.join(HERE, "go.mod"), "utf8");
  if (!gomod.includes(`github.com/pulumi/pulumi/pkg/v3 v${version}`)) {
    throw new Error(`.ci/pulumi-cli/go.mod does not require github.com/pulumi/pulumi/pkg/v3 v${version} (the pinned @pulumi/pulumi); update it with \`go get\` in that folder.`);
  }
  return version;
}

function hasAll(dir) {
  return PROGRAMS.every((p) => fs.existsSync(path.join(dir, p)));
}

/** "v3.248.0" → [3, 248, 0]; anything else → undefined. */
function parseVersion(text) {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text ?? "");
  return m ? m.slice(1, 4).map(Number) : undefined;
}

function atLeast(v, min) {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

function onPath() {
  const which = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" });
  const found = which.stdout.trim();
  if (which.status !== 0 || !found) return undefined;
  const dir = path.dirname(fs.realpathSync(found));
  const version = parseVersion(spawnSync(found, ["version"], { encoding: "utf8" }).stdout);
  if (!version || !atLeast(version, MIN_VERSION)) {
    log(`pulumi on PATH (${found}) is older than ${MIN_VERSION.join(".")}: not used`);
    return undefined;
  }
  if (!hasAll(dir)) {
    log(`pulumi on PATH (${found}) has no ${PROGRAMS.filter((p) => !fs.existsSync(path.join(dir, p))).join(", ")} beside it: not used`);
    return undefined;
  }
  return dir;
}

function cacheDir(version) {
  const pin = crypto.createHash("sha256");
  for (const f of PINS) pin.update(fs.readFileSync(path.join(HERE, f)));
  const root = process.env.PULUMI_PIPECAT_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-pipecat-cloud");
  return path.join(root, `pulumi-cli-v${version}-${pin.digest("hex").slice(0, 12)}`);
}

function log(line) {
  process.stderr.write(`[pulumi-cli] ${line}\n`);
}

/** `go build` one program, printing a line of progress every 20 s (a cold build takes minutes). */
function goBuild(moduleDir, pkgPath, out, version) {
  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
  const args = ["build", "-v", "-mod=readonly", "-trimpath", "-tags", "osusergo,grpcnotrace", "-ldflags", ldflags, "-o", out, pkgPath];
  const name = path.basename(out);
  log(`go ${args.slice(0, 2).join(" ")} … ${pkgPath}`);
  return new Promise((resolve, reject) => {
    const child = spawn("go", args, { cwd: moduleDir, env: { ...process.env, CGO_ENABLED: "0", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local", GOFLAGS: "" } });
    const started = Date.now();
    let packages = 0;
    let downloads = 0;
    let tail = "";
    child.stderr.on("data", (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split("\n")) {
        if (line.startsWith("go: downloading")) downloads++;
        else if (line.trim()) packages++;
      }
    });
    const timer = setInterval(() => {
      log(`${name}: ${Math.round((Date.now() - started) / 1000)} s, ${downloads} modules downloaded, ${packages} packages compiled`);
    }, 20_000);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code === 0) {
        log(`${name}: built in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else reject(new Error(`go build of ${pkgPath} failed (exit ${code}):\n${tail}`));
    });
    child.on("error", reject);
  });
}

async function build(version, dir) {
  const goVersion = spawnSync("go", ["version"], { encoding: "utf8" });
  if (goVersion.status !== 0) {
    log(INSTALL_HINT);
    process.exit(1);
  }
  const script = path.join(REPO, "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs");
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm ci\` first (the dynamic-provider plugin ships in @pulumi/pulumi).`);
  log(`building Pulumi CLI v${version} from Go modules with ${goVersion.stdout.trim()} into ${dir}; a cold build takes 10-25 minutes on 2 cores`);
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  await goBuild(HERE, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", path.join(staging, "pulumi"), version);
  const hostVersion = /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\S+)/.exec(fs.readFileSync(path.join(LANGUAGE_HOST_DIR, "go.mod"), "utf8"))[1];
  await goBuild(LANGUAGE_HOST_DIR, "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs", path.join(staging, "pulumi-language-nodejs"), hostVersion);
  fs.copyFileSync(script, path.join(staging, "pulumi-resource-pulumi-nodejs"));
  fs.chmodSync(path.join(staging, "pulumi-resource-pulumi-nodejs"), 0o755);
  const printed = spawnSync(path.join(staging, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
  if (printed !== `v${version}`) throw new Error(`the built pulumi says its version is "${printed}", expected v${version}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir); // atomic: a half-built folder is never taken for a cache hit
}

/** A CLI that is there already (PULUMI_CLI_DIR, PATH, cache), without building: { dir, how } or undefined. */
function locate() {
  const fromEnv = process.env.PULUMI_CLI_DIR;
  if (fromEnv) {
    if (!hasAll(fromEnv)) throw new Error(`PULUMI_CLI_DIR=${fromEnv} does not hold ${PROGRAMS.join(", ")}`);
    return { dir: path.resolve(fromEnv), how: "PULUMI_CLI_DIR" };
  }
  const ambient = onPath();
  if (ambient) return { dir: ambient, how: "pulumi on PATH" };
  const version = pinnedVersion();
  const dir = cacheDir(version);
  if (hasAll(dir)) return { dir, how: `the cached build of v${version}` };
  return undefined;
}

async function main() {
  const found = locate();
  if (found) {
    log(`using ${found.how}`);
    return found.dir;
  }
  const version = pinnedVersion();
  const dir = cacheDir(version);
  await build(version, dir);
  return dir;
}

if (require.main === module) {
  main().then(
    (dir) => console.log(dir),
    (e) => {
      log(e.message);
      process.exit(1);
    },
  );
}

module.exports = { locate };
