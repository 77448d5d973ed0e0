// The user-facing programs of the README and docs/ type-check (strict) against the types the
// tarball ships, as written, under the classic Pulumi tsconfig (moduleResolution node).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");
const repo = path.resolve(__dirname, "../..");

/** The ```ts blocks of a shipped Markdown file, or of one `## heading` section of it. */
function programsIn(file: string, heading?: string): string[] {
  let text = readFileSync(path.join(repo, file), "utf8");
  if (heading) {
    const start = text.indexOf(`\n## ${heading}\n`);
    expect(start, heading).toBeGreaterThan(-1);
    const end = text.indexOf("\n## ", start + 4);
    text = text.slice(start, end === -1 ? undefined : end);
  }
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

it.each([
  ["README.md", "Quickstart"],
  ["README.md", "The whole voice stack"],
  ["README.md", "Unit tests that validate"],
  ["docs/_index.md", undefined],
  ["docs/migrating-from-pcc-deploy.md", undefined],
  ["docs/automation-api.md", undefined],
  ["docs/lookups.md", undefined],
  ["docs/organization-settings.md", undefined],
  ["docs/build.md", undefined],
  ["docs/agent.md", "Example"],
  ["docs/secret-set.md", "Example"],
  ["docs/image-pull-secret.md", "Example"],
])("the programs in %s %s compile", (file, heading) => {
  const programs = programsIn(file, heading).filter((code) => code.includes("import "));
  expect(programs.length).toBeGreaterThan(0);
  const dir = path.join(consumerDir, "readme-snippets", `${file}-${heading ?? "all"}`.replace(/\W+/g, "-").toLowerCase());
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The unit test imports the voice stack program as ./index.
  writeFileSync(path.join(dir, "index.ts"), programsIn("README.md", "The whole voice stack")[0]!);
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
