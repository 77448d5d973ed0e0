// `npm run pulumi-cli` (.ci/pulumi-cli/get.js): where it finds a CLI, and what it says when there
// is none and no Go to build one. (The build itself runs in CI, which calls it before the tests.)
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { expect, it } from "vitest";

const script = resolve(__dirname, "../../.ci/pulumi-cli/get.js");
const scratch = mkdtempSync(join(tmpdir(), "pulumi-cli-get-"));

/** Runs get.js with only node on PATH (no pulumi, no go) and an empty cache, plus `env`. */
function get(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [script], {
    encoding: "utf8",
    env: { PATH: dirname(process.execPath), HOME: scratch, PULUMI_PIPECAT_CACHE_DIR: join(scratch, "empty-cache"), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cliFolder(name: string, programs = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const p of programs) {
    writeFileSync(join(dir, p), "#!/bin/sh\necho v3.248.0\n");
    chmodSync(join(dir, p), 0o755);
  }
  return dir;
}

it("with no CLI and no Go, exits non-zero with one line saying how to install the Pulumi CLI", () => {
  const { status, stdout, stderr } = get();
  expect(status).not.toBe(0);
  expect(stdout).toBe("");
  expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(/No Pulumi CLI found and no Go to build one: install the Pulumi CLI \(https:\/\/www\.pulumi\.com\/docs\/install\/\)/)]);
});

it("PULUMI_CLI_DIR holding the three programs is used: its path is the last line", () => {
  const dir = cliFolder("given");
  const { status, stdout } = get({ PULUMI_CLI_DIR: dir });
  expect(status).toBe(0);
  expect(stdout.trim().split("\n").at(-1)).toBe(dir);
});

it("PULUMI_CLI_DIR missing a program is an error naming them", () => {
  const dir = cliFolder("partial", ["pulumi"]);
  const { status, stderr } = get({ PULUMI_CLI_DIR: dir });
  expect(status).not.toBe(0);
  expect(stderr).toMatch(/does not hold pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs/);
});

it("a pulumi on PATH at 3.139 or later, with the plugins beside it, is used", () => {
  const dir = cliFolder("on-path");
  const { status, stdout } = get({ PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin` });
  expect(status).toBe(0);
  expect(stdout.trim().split("\n").at(-1)).toBe(dir);
});
