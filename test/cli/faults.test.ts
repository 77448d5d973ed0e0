// Faults a CLI user meets, run for real with the `pulumi` binary against examples/basic:
// an interrupted `pulumi up` (SIGINT, SIGKILL) while the agent waits to be ready, a wrong or
// missing API key, and the API going away mid-`up`. Each ends with the recovery the README's
// Troubleshooting documents, and a stack holding exactly one ready agent.
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";
import { cliScratch, finished, installProject, PulumiProject } from "../helpers/pulumi-cli";

const cliDir = inject("cliDir");
const API_KEY = "pk_cli_faults_key_93ab";
const AGENT_TYPE = "pulumi-nodejs:dynamic/pipecat:PipecatAgent";

/** A TCP relay in front of the simulator: closing it is the API going down (connections refused), reopening it on the same port brings it back with the same agents. */
class Outage {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: number) {}
  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Every process below PID (children, grandchildren, …), read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parents) if (parent === p) (found.push(child), walk(child));
  };
  walk(pid);
  return found;
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!cliDir)("faults a CLI user meets (examples/basic)", () => {
  let sim: Simulator;
  let project: PulumiProject;
  let stack = 0;

  const agentsInState = async () => (await project.exportState()).resources.filter((r) => r.type === AGENT_TYPE);
  const creates = () => sim.requests.filter((r) => r.method === "POST" && r.path === "/v1/agents").length;

  beforeAll(async () => {
    // Slow enough to interrupt an `up` while it waits for readiness.
    sim = await startInstalledSimulator(inject("consumerDir"), { apiKey: API_KEY, timings: { reconcileMs: 50, validatingMs: 1500, readyMs: 4000, failMs: 250, secretReadyMs: 100 } });
    const dir = path.join(cliScratch, "faults");
    installProject(path.resolve(__dirname, "../../examples/basic"), dir, inject("tarball"));
    project = new PulumiProject(dir, cliDir);
  });
  afterAll(() => sim?.close());

  /** A fresh stack (and an empty simulator) for each case. */
  async function newStack(apiUrl = sim.url): Promise<void> {
    sim.reset();
    const name = `faults-${++stack}`;
    await project.ok(["stack", "init", name]);
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", API_KEY]);
    await project.ok(["config", "set", "pipecat:apiUrl", apiUrl]);
    await project.ok(["config", "set", "pipecat:pollIntervalSeconds", "1"]);
  }
  afterEach(async () => {
    await project.run(["destroy", "--yes", "--skip-preview"]);
    await project.run(["stack", "rm", "--yes", "--force"]);
  });

  /** `pulumi up`, interrupted with SIGNAL once the agent exists upstream and is not ready yet. */
  async function interruptedUp(signal: NodeJS.Signals) {
    const child = project.start(["up", "--yes", "--skip-preview"]);
    const done = finished(child);
    await until(() => sim.agents().length === 1, "the agent to be created");
    expect(sim.agents()[0].status.ready).toBe(false);
    child.kill(signal);
    return done;
  }

  it("SIGINT while the agent waits to be ready: the next up ends with exactly one ready agent in state", async () => {
    await newStack();
    const interrupted = await interruptedUp("SIGINT");
    expect(interrupted.code).not.toBe(0);
    // Pulumi let the running create finish and recorded it.
    fs.writeFileSync(path.join(project.dir, "after-sigint.log"), interrupted.output);
    expect(await agentsInState()).toHaveLength(1);
    const recovered = await project.ok(["up", "--yes", "--skip-preview"]);
    const agents = await agentsInState();
    expect(agents).toHaveLength(1);
    expect(agents[0].outputs).toMatchObject({ ready: true, agentName: "my-agent" });
    expect(sim.agents().map((a) => a.name)).toEqual(["my-agent"]);
    expect(creates()).toBe(1);
    expect(recovered.output).not.toMatch(/already exists/);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("SIGKILL of the whole process tree while the agent waits to be ready: after the documented recovery, exactly one ready agent in state", async () => {
    await newStack();
    const child = project.start(["up", "--yes", "--skip-preview"]);
    const done = finished(child);
    await until(() => sim.agents().length === 1, "the agent to be created");
    // As a cancelled CI job or a lost machine: pulumi and every plugin it started, at once.
    const tree = [child.pid!, ...descendants(child.pid!)];
    for (const pid of tree) process.kill(pid, "SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    expect(sim.agents()[0].status.ready).toBe(false);

    // What the CLI says next: the stack is locked, then the create is pending, its outcome unknown.
    const locked = await project.run(["up", "--yes", "--skip-preview"]);
    expect(locked.output).toMatch(/locked/);
    // The README's recovery, step by step.
    await project.ok(["cancel", "--yes"]);
    const refreshed = await project.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    expect(refreshed.output).not.toMatch(/error/i);
    const refused = await project.run(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/already exists[\s\S]*pipecat:adoptExisting true/);
    await project.ok(["config", "set", "pipecat:adoptExisting", "true"]);
    await project.ok(["up", "--yes", "--skip-preview"]);
    await project.ok(["config", "rm", "pipecat:adoptExisting"]);

    const agents = await agentsInState();
    expect(agents).toHaveLength(1);
    expect(agents[0].outputs).toMatchObject({ ready: true, agentName: "my-agent" });
    expect(sim.agents().map((a) => a.name)).toEqual(["my-agent"]);
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("a wrong API key: up fails with the provider's message and creates nothing; preview needs no key", async () => {
    await newStack();
    await project.ok(["config", "set", "--secret", "pipecat:apiKey", "pk_wrong_key"]);
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/HTTP 401/);
    expect(failed.output).not.toContain("pk_wrong_key");
    expect(sim.agents()).toEqual([]);
    expect(await agentsInState()).toEqual([]);
    await project.ok(["config", "rm", "pipecat:apiKey"]);
    const before = sim.requests.length;
    const preview = await project.ok(["preview"]);
    expect(preview.stdout).toMatch(/\+ +pulumi-nodejs:dynamic\/pipecat:PipecatAgent my-agent create/);
    expect(sim.requests.slice(before)).toEqual([]);
  });

  it("the API going down during up: the error names the URL, and the next up converges", async () => {
    const outage = new Outage(sim.port);
    await outage.up();
    try {
      const url = `http://127.0.0.1:${outage.port}`;
      await newStack(url);
      const child = project.start(["up", "--yes", "--skip-preview"]);
      const done = finished(child);
      await until(() => sim.agents().length === 1, "the agent to be created");
      await outage.down();
      const failed = await done;
      expect(failed.code).not.toBe(0);
      expect(failed.output).toContain(`127.0.0.1:${outage.port}`);
      await outage.up();
      await project.ok(["up", "--yes", "--skip-preview"]);
      const agents = await agentsInState();
      expect(agents).toHaveLength(1);
      expect(agents[0].outputs).toMatchObject({ ready: true });
      expect(creates()).toBe(1);
    } finally {
      await outage.down();
    }
  });
});
