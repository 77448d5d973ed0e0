// The simulator's --help and its reference page, docs/simulator.md (the README links to it),
// document every flag the CLI parses and every control route the server answers; both
// lists come from the code.
// Also the start-up banner: the address actually bound.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { banner, HELP, OPTIONS } from "../../src/simulator/cli";
import { CONTROL_ROUTES, MAX_BODY_BYTES } from "../../src/simulator/server";

const root = path.resolve(__dirname, "../..");
const simulatorDoc = readFileSync(path.join(root, "docs/simulator.md"), "utf8");
const flags = Object.keys(OPTIONS).map((name) => `--${name}`);
/** "POST faults" → { method: "POST", route: "/_simulator/faults" }. */
const controlRoutes = Object.keys(CONTROL_ROUTES).map((key) => {
  const [method, name] = key.split(" ");
  return { method: method!, route: `/_simulator/${name}` };
});

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

describe("docs/simulator.md", () => {
  it.each(flags)("lists %s", (flag) => {
    expect(simulatorDoc).toContain(`\`${flag}`);
  });

  it.each(controlRoutes)("lists $method $route", ({ method, route }) => {
    expect(simulatorDoc).toContain(`\`${method} ${route}\``);
  });

  it("states the body limit the server enforces, as --help does", () => {
    const limit = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;
    expect(HELP).toContain(limit);
    expect(simulatorDoc).toContain(limit);
  });
});

describe("banner", () => {
  it("one URL when the bound address is the URL's host", () => {
    expect(banner({ url: "http://127.0.0.1:8787", address: "127.0.0.1", port: 8787 })).toBe("Pipecat Cloud simulator listening on http://127.0.0.1:8787");
    expect(banner({ url: "http://[::1]:9000", address: "::1", port: 9000 })).toBe("Pipecat Cloud simulator listening on http://[::1]:9000");
  });

  it("a wildcard bind: the address bound, and the URL to use from this machine", () => {
    expect(banner({ url: "http://127.0.0.1:41234", address: "0.0.0.0", port: 41234 })).toBe(
      "Pipecat Cloud simulator listening on http://0.0.0.0:41234 (every interface); from this machine: http://127.0.0.1:41234",
    );
    expect(banner({ url: "http://127.0.0.1:41234", address: "::", port: 41234 })).toBe(
      "Pipecat Cloud simulator listening on http://[::]:41234 (every interface); from this machine: http://127.0.0.1:41234",
    );
  });

  it("a host name: the address it resolved to", () => {
    expect(banner({ url: "http://localhost:5000", address: "127.0.0.1", port: 5000 })).toBe(
      "Pipecat Cloud simulator listening on http://127.0.0.1:5000; from this machine: http://localhost:5000",
    );
  });
});
