// The README's user-facing programs (Quickstart, Migrating from pcc deploy, Automation API)
// type-check (strict) against the types the tarball ships, as written.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");
const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");

function programsIn(heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 4);
  const body = readme.slice(start, end === -1 ? undefined : end);
  return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

it.each(["Quickstart", "Migrating from pcc deploy", "Automation API", "Lookups", "Organization settings: `PipecatOrganizationSettings`"])("the program in %s compiles", (heading) => {
  const programs = programsIn(heading);
  expect(programs.length).toBeGreaterThan(0);
  const dir = path.join(consumerDir, "readme-snippets", heading.replace(/\W+/g, "-").toLowerCase());
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = programs.map((code, i) => {
    const file = path.join(dir, `program${i}.ts`);
    writeFileSync(file, code);
    return file;
  });
  const tsc = path.join(consumerDir, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["--noEmit", "--strict", "--module", "commonjs", "--moduleResolution", "node", "--target", "ES2022", "--esModuleInterop", "--skipLibCheck", "--types", "node", ...files], { cwd: consumerDir, encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});
