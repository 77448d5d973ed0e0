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
  const fullStack = path.join(consumerDir, "examples", "secrets-full-stack");
  rmSync(fullStack, { recursive: true, force: true });
  cpSync(path.resolve(__dirname, "../../examples/full-stack"), fullStack, { recursive: true });
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

// ---------------------------------------------------------------------------
// Every secret value of both secret resources, through whole programs
// (examples/full-stack): values may appear in the state only inside Pulumi's
// secret envelope, and nowhere else at all.
// ---------------------------------------------------------------------------

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const CANARIES = {
  "consumer:openaiApiKey": "sk-CANARY-openai-1-4b1f",
  "consumer:deepgramApiKey": "dg-CANARY-deepgram-1-9a2c",
  "consumer:cartesiaApiKey": "ca-CANARY-cartesia-1-61de",
  "consumer:registryToken": "dckr_pat_CANARY_registry_1_0e7b",
};
const ROTATED = {
  "consumer:openaiApiKey": "sk-CANARY-openai-2-c3d9",
  "consumer:registryToken": "dckr_pat_CANARY_registry_2_58aa",
};
const FAILING = "sk-CANARY-provision-fail-77e0";

/** Secret envelopes replaced by a marker: what is left must hold no value. */
function withoutSealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSealed);
  if (value !== null && typeof value === "object") {
    if ((value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG) return "[sealed]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSealed(v)]));
  }
  return value;
}

it("no secret value of a secret set or an image pull secret appears outside Pulumi's secret envelope", async () => {
  const printed: string[] = [];
  const rawStates: string[] = [];
  const logged: string[] = [];
  const sets = await startInstalledSimulator(consumerDir, { apiKey: KEY, log: (line) => logged.push(line) });
  const statePath = path.join(consumerDir, "state", "secrets-full-stack.json");
  const stack = (config: Record<string, string> = {}): StackSettings => ({
    programDir: path.join(consumerDir, "examples", "secrets-full-stack"),
    projectDir: consumerDir,
    project: "consumer",
    stack: "secrets-full-stack",
    statePath,
    config: { "pipecat:apiKey": KEY, "pipecat:apiUrl": sets.url, "consumer:registryUsername": "acme", ...CANARIES, ...config },
    secretKeys: ["pipecat:apiKey", ...Object.keys(CANARIES)],
    onEvent: (event) => printed.push(JSON.stringify(event)),
    onOutput: (text) => printed.push(text),
  });
  const step = (result: StepResult): StepResult => {
    printed.push(JSON.stringify(withoutSealed(result)));
    if (existsSync(statePath)) rawStates.push(readFileSync(statePath, "utf8"));
    return result;
  };
  try {
    rmSync(statePath, { force: true });
    expect(step(await preview(stack())).errors).toEqual([]);
    const created = step(await up(stack()));
    expect(created.errors).toEqual([]);
    // The derived secret outputs are sealed too.
    for (const resource of created.state.resources.filter((r) => !r.type.endsWith("PipecatAgent"))) {
      expect(resource.outputs.contentHash).toMatchObject({ [SIG_KEY]: SECRET_SIG });
    }
    expect(created.state.resources.find((r) => r.type.endsWith("PipecatAgent"))!.outputs.secretSetHash).toMatchObject({ [SIG_KEY]: SECRET_SIG });
    expect(step(await preview(stack(ROTATED))).errors).toEqual([]);
    expect(step(await up(stack(ROTATED))).errors).toEqual([]);
    const failed = step(await up(stack({ ...ROTATED, "consumer:openaiApiKey": FAILING })));
    expect(failed.errors.join()).toMatch(/failed to provision/);
    expect(step(await refresh(stack(ROTATED))).errors).toEqual([]);
    const control = await fetch(`${sets.url}/_simulator/state`).then((r) => r.text());
    expect(step(await destroy(stack(ROTATED))).errors).toEqual([]);

    const values = [...Object.values(CANARIES), ...Object.values(ROTATED), FAILING];
    const credentials = [CANARIES["consumer:registryToken"], ROTATED["consumer:registryToken"]].map((t) => Buffer.from(`acme:${t}`).toString("base64"));
    // The state did hold them, sealed: the search below looks where they would be.
    expect(rawStates.join("\n")).toContain(ROTATED["consumer:openaiApiKey"]);
    const outside = [
      ...printed,
      ...rawStates.map((text) => JSON.stringify(withoutSealed(JSON.parse(text)))),
      ...logged,
      control,
    ].join("\n");
    expect(outside.length).toBeGreaterThan(10_000);
    expect(outside).toContain("voice-bot-secrets");
    for (const value of [...values, ...credentials]) expect(outside).not.toContain(value);
    expect(outside).not.toContain("CANARY");
  } finally {
    await sets.close();
  }
}, 600_000); // seven whole-program steps
