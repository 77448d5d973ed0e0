// The README's curl lines for the simulator, run as written (against a simulator on a free
// port, seeded as the README's CI job seeds it): each answers 2xx with what its comment says.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator";

const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("curl -s -X PUT"));
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, builds: [{ id: "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11", region: "us-west", status: "success" }] });
});
afterAll(() => sim?.close());

/** Runs bash asynchronously: the simulator answers from this process. */
function bash(script: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => execFile("bash", ["-e", "-c", script], (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout })));
}

it("run as written, each answer is the one described", async () => {
  expect(block).toBeDefined();
  const script = block!.replaceAll("http://127.0.0.1:8787", sim.url).replaceAll("curl -s ", "curl -sf ");
  const { code, stdout } = await bash(script);
  expect(code).toBe(0);
  const answers = stdout.replace(/\}\{/g, "}\n{").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(answers).toHaveLength(4);
  expect(answers[0]).toEqual({ status: "OK", region: "us-west" });
  expect(answers[1]).toMatchObject({ region: "us-west", secrets: [{ fieldName: "OPENAI_API_KEY" }] });
  expect(JSON.stringify(answers[1])).not.toContain("sk-not-real");
  expect(answers[2]).toMatchObject({ build: { id: "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11", status: "success" } });
  expect(answers[3]).toMatchObject({ builds: [{ id: "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11" }] });
});
