// A whole lifecycle with a recognisable API key, and a search for it everywhere
// it must never be: state (inputs, outputs, the serialized provider), the
// program's outputs, plans, error messages, and everything the program and the
// provider host printed.
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { destroy, preview, refresh, up, type StackSettings, type StepResult } from "../../dist/runner/runner";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const KEY = "pk_live_CANARY_d3adb33f_6e1f0c2a9b7d";
const seen: string[] = [];
let sim: Simulator;

beforeAll(async () => {
  sim = await startInstalledSimulator(consumerDir, { apiKey: KEY });
  const target = path.join(consumerDir, "examples", "secrets-basic");
  rmSync(target, { recursive: true, force: true });
  cpSync(path.resolve(__dirname, "../../examples/basic"), target, { recursive: true });
});
afterAll(() => sim?.close());

function settings(config: Record<string, string> = {}, key = KEY): StackSettings {
  return {
    programDir: path.join(consumerDir, "examples", "secrets-basic"),
    projectDir: consumerDir,
    project: "consumer",
    stack: "secrets",
    statePath: path.join(consumerDir, "state", "secrets.json"),
    config: { "pipecat:apiKey": key, "pipecat:apiUrl": sim.url, ...config },
    secretKeys: ["pipecat:apiKey"],
    onEvent: (event) => seen.push(JSON.stringify(event)),
    onOutput: (text) => seen.push(text),
  };
}

function record(result: StepResult): StepResult {
  seen.push(JSON.stringify(result));
  if (existsSync(settings().statePath)) seen.push(readFileSync(settings().statePath, "utf8")); // preview writes none
  return result;
}

it("the API key appears nowhere across preview, up, update, failure, refresh and destroy", async () => {
  rmSync(settings().statePath, { force: true });
  expect(record(await preview(settings())).errors).toEqual([]);
  expect(record(await up(settings())).errors).toEqual([]);
  expect(record(await up(settings({ "consumer:image": "your-username/my-agent:v2" }))).errors).toEqual([]);
  // Failures produce messages: a crash loop, and a key the API refuses (the canary, sent to a stricter server).
  expect(record(await up(settings({ "consumer:image": "your-username/my-agent:crash" }))).errors.join()).toMatch(/CrashLoopBackOff/);
  expect(record(await refresh(settings())).errors).toEqual([]);
  expect(record(await destroy(settings())).errors).toEqual([]);
  expect(sim.agents()).toEqual([]);

  const other = await startInstalledSimulator(consumerDir, { apiKey: "pk_someone_else" });
  try {
    rmSync(settings().statePath, { force: true });
    const refused = record(await up({ ...settings(), config: { "pipecat:apiKey": KEY, "pipecat:apiUrl": other.url } }));
    expect(refused.errors.join()).toMatch(/HTTP 401 UNAUTHORIZED/);
  } finally {
    await other.close();
  }

  const everything = seen.join("\n");
  expect(everything.length).toBeGreaterThan(10_000); // the search covered real material
  expect(everything).toContain("__provider");
  expect(everything).not.toContain(KEY);
  expect(everything).not.toContain("CANARY");
});
