#!/usr/bin/env node
// `npm run demo`: examples/voice-stack (secret set → cloud build → agent)
// through preview, up, a rotated key (set updated, then the agent redeployed),
// drift, refresh and destroy, against the bundled simulator, narrated. No Pipecat Cloud account
// and no Pulumi CLI needed. `npm run demo -- --cli` runs the same flow with a
// real `pulumi` CLI (local file backend) when one is on PATH.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startSimulator, type Simulator } from "../simulator";
import { formatEvent, formatOutputs, summarize } from "./format";
import { linkSelf } from "./link-self";
import { destroy, preview, refresh, up, type StackSettings, type StepResult } from "./runner";

const root = resolve(__dirname, "..", "..");
const API_KEY = "pk_demo_not_a_real_key";
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

async function main(): Promise<void> {
  const started = Date.now();
  linkSelf();
  // The seeded sets are what examples/basic (and the --cli flow) refer to by name.
  const sim = await startSimulator({
    apiKey: API_KEY,
    secretSets: [{ name: "my-agent-secrets", secrets: { OPENAI_API_KEY: "sk-demo" } }, { name: "dockerhub-credentials", type: "imagePullSecret" }],
  });
  try {
    if (process.argv.includes("--cli")) return runWithPulumiCli(sim);
    await narrate(sim);
  } finally {
    await sim.close();
  }
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Prove it: npm test`);
}

/** Stack config examples/voice-stack reads; the service keys are secrets, as with `pulumi config set --secret`. */
const KEYS = {
  "pipecat-agents:openaiApiKey": "sk-demo-openai-1",
  "pipecat-agents:cartesiaApiKey": "ca-demo-1",
};

async function narrate(sim: Simulator): Promise<void> {
  console.log(bold(`Pipecat Cloud simulator on ${sim.url} (its builds and deploys take about 2 s each).`));
  console.log("examples/voice-stack declares a secret set (LLM and TTS keys from stack config secrets), a cloud build of its bot/ folder, and an agent deploying that build with those keys.");

  const statePath = join(root, ".scratch", "demo-state.json");
  rmSync(statePath, { force: true });
  const settings = (keys: Record<string, string> = {}): StackSettings => ({
    programDir: join(root, "examples", "voice-stack"),
    projectDir: root,
    project: "pipecat-agents",
    stack: "demo",
    statePath,
    // The simulator builds and deploys in about 2 s: poll every second at most.
    config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, "pipecat:pollIntervalSeconds": "1", ...KEYS, ...keys },
    secretKeys: ["pipecat:apiKey", ...Object.keys(KEYS)],
  });
  const rotated = { "pipecat-agents:openaiApiKey": "sk-demo-openai-2" };
  const writesSince = (from: number) => {
    console.log("  What reached the API, in order:");
    for (const r of sim.requests.slice(from).filter((r) => r.method !== "GET")) {
      console.log(`    ${r.method} ${r.path}${(r.body as { forceRedeploy?: boolean } | null)?.forceRedeploy ? "  (forceRedeploy: true)" : ""}`);
    }
  };

  await step("1. pulumi preview", "Nothing exists yet: the plan is a secret set, a build and an agent. Values show as [secret]; nothing is sent.", () => preview(settings()), true);
  let from = sim.requests.length;
  await step("2. pulumi up", "Creates the set and waits until it is ready; packs bot/, uploads it and waits for the build; then deploys the build with the set and waits for the agent.", () => up(settings()), false);
  writesSince(from);
  await step(
    "3. pulumi config set --secret openaiApiKey sk-… && pulumi preview",
    "A rotated key: the set changes, and so does the agent (it must be redeployed to read the new value). The build is untouched.",
    () => preview(settings(rotated)),
    true,
  );
  from = sim.requests.length;
  await step("4. pulumi up", "Updates the set (only the changed key is sent), waits until it is ready, then redeploys the agent.", () => up(settings(rotated)), false);
  writesSince(from);

  console.log(`\n${bold("5. Meanwhile, a teammate scales the agent up with the pcc CLI")}`);
  const res = await fetch(`${sim.url}/v1/agents/voice-stack`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ autoScaling: { minAgents: 1, maxAgents: 5 } }),
  });
  console.log(`  POST /v1/agents/voice-stack {autoScaling: {minAgents: 1, maxAgents: 5}} → HTTP ${res.status}`);
  await res.body?.cancel();

  await step("6. pulumi refresh", "Reads everything live: the agent's drift shows, and the stack state now matches reality.", () => refresh(settings(rotated)), false);
  await step("7. pulumi preview", "The program still says default scaling: the plan puts it back.", () => preview(settings(rotated)), true);
  await step("8. pulumi destroy", "Deletes the agent, then the set; the build is forgotten (Pipecat Cloud keeps builds, and has no delete for them).", () => destroy(settings(rotated)), false);

  const seeded = ["my-agent-secrets", "dockerhub-credentials"];
  const left = [...sim.agents().map((a) => a.name), ...sim.secretSets().map((s) => s.name).filter((n) => !seeded.includes(n))];
  console.log(`\nAgents and secret sets left in the simulator: ${left.length === 0 ? "none" : left.join(", ")}`);
  if (left.length > 0) process.exitCode = 1;
}

async function step(title: string, why: string, run: () => Promise<StepResult>, dryRun: boolean): Promise<void> {
  console.log(`\n${bold(`$ ${title}`)}\n  ${why}`);
  const t0 = Date.now();
  const result = await run();
  for (const event of result.events) console.log(formatEvent(event, { details: event.op !== "refresh" || event.changes.length > 0 }));
  const isRefresh = result.events.every((e) => e.op === "refresh");
  if (!isRefresh) console.log(`  ${summarize(result.events, dryRun)}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!dryRun && Object.keys(result.outputs).length > 0 && result.events.some((e) => e.op !== "delete")) {
    console.log(`  Outputs:\n${formatOutputs(result.outputs)}`);
  }
  if (result.errors.length > 0) {
    for (const error of result.errors) console.error(`  error: ${error}`);
    throw new Error(`${title} failed`);
  }
}

/** The same flow with the real CLI: thin on purpose, since it cannot run where this was written. */
function runWithPulumiCli(sim: Simulator): void {
  if (spawnSync("pulumi", ["version"], { stdio: "ignore" }).status !== 0) {
    console.error("No `pulumi` CLI on PATH: install it from https://www.pulumi.com/docs/install/ or run `npm run demo` without --cli.");
    process.exitCode = 1;
    return;
  }
  const backend = join(root, ".scratch", "pulumi-backend");
  mkdirSync(backend, { recursive: true });
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "demo", PULUMI_SKIP_UPDATE_CHECK: "true" };
  const pulumi = (...args: string[]) => {
    console.log(`\n${bold(`$ pulumi ${args.join(" ")}`)}`);
    const result = spawnSync("pulumi", args, { cwd: root, env, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`pulumi ${args[0]} failed`);
  };
  pulumi("stack", "select", "--create", "demo");
  pulumi("config", "set", "--secret", "pipecat:apiKey", API_KEY);
  pulumi("config", "set", "pipecat:apiUrl", sim.url);
  pulumi("preview");
  pulumi("up", "--yes");
  pulumi("config", "set", "image", "your-username/my-agent:v2");
  pulumi("preview", "--diff");
  pulumi("up", "--yes");
  pulumi("refresh", "--yes");
  pulumi("destroy", "--yes");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
