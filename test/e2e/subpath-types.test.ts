// Every entry point of the installed package type-checks under each module resolution a
// Pulumi TypeScript project uses: "node" (the classic `pulumi new typescript` tsconfig, which
// ignores package.json "exports" and needs "typesVersions"), "node16" and "bundler".
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");

const CONSUMER = `import { PipecatAgent } from "pulumi-pipecat-cloud";
import { startSimulator, type Simulator } from "pulumi-pipecat-cloud/simulator";
import { PipecatAgentProvider } from "pulumi-pipecat-cloud/provider";
import { pipecatMocks, type PipecatMocks } from "pulumi-pipecat-cloud/testing";

const mocks: PipecatMocks = pipecatMocks();
const refused: number = mocks.refusals.length;
const started: Promise<Simulator> = startSimulator({ port: 0 });
const provider = new PipecatAgentProvider();
export { PipecatAgent, mocks, refused, started, provider };
`;

const RESOLUTIONS: Array<[string, Record<string, string>]> = [
  ["node", { module: "commonjs", moduleResolution: "node" }],
  ["node16", { module: "node16", moduleResolution: "node16" }],
  ["bundler", { module: "esnext", moduleResolution: "bundler" }],
];

it.each(RESOLUTIONS)("pulumi-pipecat-cloud, /simulator, /provider and /testing type-check under moduleResolution %s", (name, options) => {
  const dir = path.join(consumerDir, "subpath-types", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "consumer.ts"), CONSUMER);
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "ES2022", esModuleInterop: true, skipLibCheck: false, types: ["node"], ...options }, files: ["consumer.ts"] }),
  );
  const tsc = path.join(consumerDir, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", dir], { cwd: dir, encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});
