// The simulator's --help and the README document every flag the CLI parses and
// every control route the server answers; both lists come from the code.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { HELP, OPTIONS } from "../../src/simulator/cli";

const root = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const flags = Object.keys(OPTIONS).map((name) => `--${name}`);
/** `case "POST faults":` in handleControl → "POST /_simulator/faults". */
const controlRoutes = [...readFileSync(path.join(root, "src/simulator/server.ts"), "utf8").matchAll(/case "(GET|POST|PUT|PATCH|DELETE) ([\w/-]+)":/g)].map(
  ([, method, name]) => ({ method: method!, route: `/_simulator/${name}` }),
);

it("finds the flags and control routes to check", () => {
  expect(flags).toEqual(expect.arrayContaining(["--port", "--seed-secret-set", "--seed-build", "--help"]));
  expect(controlRoutes).toEqual(expect.arrayContaining([{ method: "GET", route: "/_simulator/state" }, { method: "POST", route: "/_simulator/faults" }]));
});

describe("--help", () => {
  it.each(flags)("documents %s", (flag) => {
    expect(HELP).toMatch(new RegExp(`^\\s+(-\\w, )?${flag}\\b`, "m"));
  });

  it("documents no flag the CLI does not parse", () => {
    const documented = [...HELP.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(documented.filter((f) => !flags.includes(f!))).toEqual([]);
  });

  it.each(controlRoutes)("documents $method $route", ({ method, route }) => {
    expect(HELP).toMatch(new RegExp(`^\\s+${method}\\s+${route}\\b`, "m"));
  });
});

describe("README", () => {
  it.each(flags)("lists %s", (flag) => {
    expect(readme).toContain(`\`${flag}`);
  });

  it.each(controlRoutes)("lists $method $route", ({ method, route }) => {
    expect(readme).toContain(`\`${method} ${route}\``);
  });
});
