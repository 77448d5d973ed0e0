#!/usr/bin/env node
// `npm run demo`: examples/basic through preview, up, a change, drift, refresh
// and destroy, against the bundled simulator, narrated. No Pipecat Cloud account
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

async function narrate(sim: Simulator): Promise<void> {
  console.log(bold(`Pipecat Cloud simulator on ${sim.url} (its deploys take about 2 s).`));
  console.log("It already holds the two secret sets examples/basic refers to: my-agent-secrets, dockerhub-credentials.");

  const statePath = join(root, ".scratch", "demo-state.json");
  rmSync(statePath, { force: true });
  const settings = (image?: string): StackSettings => ({
    programDir: join(root, "examples", "basic"),
    projectDir: root,
    project: "pipecat-agents",
    stack: "demo",
    statePath,
    config: { "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url, ...(image ? { "pipecat-agents:image": image } : {}) },
    secretKeys: ["pipecat:apiKey"],
  });

  await step("1. pulumi preview", "Nothing exists yet: the plan is one agent to create.", () => preview(settings()), true);
  await step("2. pulumi up", "Creates the agent and waits until its deployment is ready.", () => up(settings()), false);
  await step(
    "3. pulumi config set image your-username/my-agent:v2 && pulumi preview",
    "A new image tag: the plan is a one-line in-place update.",
    () => preview(settings("your-username/my-agent:v2")),
    true,
  );
  await step("4. pulumi up", "Deploys v2 and waits for the new deployment, not the old one.", () => up(settings("your-username/my-agent:v2")), false);

  console.log(`\n${bold("5. Meanwhile, a teammate hotfixes the agent with the pcc CLI")}`);
  const res = await fetch(`${sim.url}/v1/agents/my-agent`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ image: "your-username/my-agent:hotfix", autoScaling: { minAgents: 1, maxAgents: 5 } }),
  });
  console.log(`  POST /v1/agents/my-agent {image: ":hotfix", autoScaling: {minAgents: 1, maxAgents: 5}} → HTTP ${res.status}`);
  await res.body?.cancel();

  await step("6. pulumi refresh", "Reads the live agent: the drift shows, and the stack state now matches reality.", () => refresh(settings("your-username/my-agent:v2")), false);
  await step("7. pulumi preview", "The program still says v2 with default scaling: the plan puts it back.", () => preview(settings("your-username/my-agent:v2")), true);
  await step("8. pulumi destroy", "Deletes the agent.", () => destroy(settings("your-username/my-agent:v2")), false);

  const left = sim.agents().map((a) => a.name);
  console.log(`\nAgents left in the simulator: ${left.length === 0 ? "none" : left.join(", ")}`);
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
