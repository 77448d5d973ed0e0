#!/usr/bin/env node
// `npm run demo`: examples/voice-stack (secret set → cloud build → agent)
// through preview, up, a rotated key (set updated, then the agent redeployed),
// drift, refresh and destroy, against the bundled simulator, narrated. No Pipecat Cloud account
// needed. With a Pulumi CLI (PULUMI_CLI_DIR, PATH, or `npm run pulumi-cli`'s cache) the real
// `pulumi` tells it; without one, this repository's runner does (`--engine=runner` forces it).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
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
  // Sets someone else manages, referred to by name; destroy must leave them, and nothing else.
  const seeded = [{ name: "my-agent-secrets", secrets: { OPENAI_API_KEY: "sk-demo" } }, { name: "dockerhub-credentials", type: "imagePullSecret" as const }];
  const sim = await startSimulator({ apiKey: API_KEY, secretSets: seeded });
  try {
    // The real Pulumi CLI when there is one; this repository's runner (Pulumi's own provider host, driven by our engine) otherwise.
    const cli = process.argv.includes("--engine=runner") ? undefined : locateCli();
    console.log(
      cli
        ? `Engine: the real Pulumi CLI (${cli.how}: ${cli.dir}).`
        : "Engine: this repository's program runner, which drives Pulumi's dynamic-provider host like the CLI does (no Pulumi CLI found: `npm run pulumi-cli` builds one; `--engine=runner` forces this).",
    );
    console.log(bold(`Pipecat Cloud simulator on ${sim.url} (its builds and deploys take about 2 s each).`));
    console.log("examples/voice-stack declares a secret set (LLM and TTS keys from stack config secrets), a cloud build of its bot/ folder, and an agent deploying that build with those keys.");
    await (cli ? narrateWithCli(sim, cli.dir) : narrate(sim));
    const left = [...sim.agents().map((a) => a.name), ...sim.secretSets().map((s) => s.name).filter((n) => !seeded.some((set) => set.name === n))];
    console.log(`\nAgents and secret sets left in the simulator: ${left.length === 0 ? "none" : left.join(", ")}`);
    if (left.length > 0) process.exitCode = 1;
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
  const writesSince = (from: number) => printWrites(sim, from);

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

  await teammateScalesUp(sim, "5. ");

  await step("6. pulumi refresh", "Reads everything live: the agent's drift shows, and the stack state now matches reality.", () => refresh(settings(rotated)), false);
  await step("7. pulumi preview", "The program still says default scaling: the plan puts it back.", () => preview(settings(rotated)), true);
  await step("8. pulumi destroy", "Deletes the agent, then the set; the build is forgotten (Pipecat Cloud keeps builds, and has no delete for them).", () => destroy(settings(rotated)), false);
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

/** The writes that reached the (simulated) API since request number `from`, in order. */
function printWrites(sim: Simulator, from: number): void {
  console.log("  What reached the API, in order:");
  for (const r of sim.requests.slice(from).filter((r) => r.method !== "GET")) {
    console.log(`    ${r.method} ${r.path}${(r.body as { forceRedeploy?: boolean } | null)?.forceRedeploy ? "  (forceRedeploy: true)" : ""}`);
  }
}

/** A change behind Pulumi's back, as the pcc CLI would make it: the drift refresh then shows. */
async function teammateScalesUp(sim: Simulator, number = ""): Promise<void> {
  console.log(`\n${bold(`${number}Meanwhile, a teammate scales the agent up with the pcc CLI`)}`);
  const res = await fetch(`${sim.url}/v1/agents/voice-stack`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ autoScaling: { minAgents: 1, maxAgents: 5 } }),
  });
  console.log(`  POST /v1/agents/voice-stack {autoScaling: {minAgents: 1, maxAgents: 5}} → HTTP ${res.status}`);
  await res.body?.cancel();
}

/** A Pulumi CLI that is there already (PULUMI_CLI_DIR, PATH, or the cache `npm run pulumi-cli` fills). */
function locateCli(): { dir: string; how: string } | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(root, ".ci", "pulumi-cli", "get.js")).locate();
}

/**
 * The same story told by the real `pulumi` CLI: examples/voice-stack copied to .scratch/demo
 * (it resolves this package and @pulumi/pulumi from the repository's node_modules), a local
 * backend, a passphrase, no update check, no plugin downloads.
 */
async function narrateWithCli(sim: Simulator, cliDir: string): Promise<void> {
  const dir = join(root, ".scratch", "demo");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, "examples", "voice-stack"), dir, { recursive: true });
  mkdirSync(join(dir, ".backend"));
  const env = {
    ...process.env,
    PATH: `${cliDir}:${process.env.PATH}`,
    PULUMI_HOME: join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${join(dir, ".backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PIPECAT_API_KEY: "",
  };
  // Asynchronous: the simulator answers from this very process.
  const pulumi = async (why: string | undefined, ...args: string[]) => {
    // A secret's value is never echoed (`pulumi config set --secret KEY VALUE`).
    const shown = args.includes("--secret") ? [...args.slice(0, -1), "…"] : args;
    console.log(`\n${bold(`$ pulumi ${shown.join(" ")}`)}${why ? `\n  ${why}` : ""}`);
    const quiet = args[0] === "config" || args[0] === "stack";
    const child = spawn(join(cliDir, "pulumi"), [...args, "--non-interactive"], { cwd: dir, env, stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"] });
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
    if (code !== 0) throw new Error(`pulumi ${args.join(" ")} failed${quiet ? `:\n${output}` : ""}`);
  };
  const writesSince = (from: number) => printWrites(sim, from);

  await pulumi(undefined, "stack", "init", "demo");
  await pulumi(undefined, "config", "set", "--secret", "pipecat:apiKey", API_KEY);
  await pulumi(undefined, "config", "set", "pipecat:apiUrl", sim.url);
  await pulumi(undefined, "config", "set", "pipecat:pollIntervalSeconds", "1");
  await pulumi(undefined, "config", "set", "--secret", "openaiApiKey", "sk-demo-openai-1");
  await pulumi(undefined, "config", "set", "--secret", "cartesiaApiKey", "ca-demo-1");
  await pulumi("Nothing exists yet: the plan is a secret set, a build and an agent. Values show as [secret]; nothing is sent.", "preview");
  let from = sim.requests.length;
  await pulumi("Creates the set and waits until it is ready; packs bot/, uploads it and waits for the build; then deploys the build with the set and waits for the agent.", "up", "--yes", "--skip-preview");
  writesSince(from);
  await pulumi("A rotated key: the set changes, and so does the agent (it must be redeployed to read the new value). The build is untouched.", "config", "set", "--secret", "openaiApiKey", "sk-demo-openai-2");
  await pulumi(undefined, "preview", "--diff");
  from = sim.requests.length;
  await pulumi("Updates the set (only the changed key is sent), waits until it is ready, then redeploys the agent.", "up", "--yes", "--skip-preview");
  writesSince(from);

  await teammateScalesUp(sim);

  await pulumi("Reads everything live: the agent's drift shows, and the stack state now matches reality.", "refresh", "--yes", "--skip-preview");
  await pulumi("The program still says default scaling: the plan puts it back.", "preview", "--diff");
  await pulumi("Deletes the agent, then the set; the build is forgotten (Pipecat Cloud keeps builds, and has no delete for them).", "destroy", "--yes", "--skip-preview");
  await pulumi(undefined, "stack", "rm", "--yes", "demo");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
