// The simulator's edges: 405 (with Allow) for a known path and the wrong method, 413 with its own
// code past the body limit (and every documented request well within it), and the CLI's start-up
// lines: the address actually bound, the port 0 picked, the seeded builds.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator";
import { MAX_BODY_BYTES } from "../../src/simulator/server";

const KEY = "pk_test_polish";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: KEY, timings: { secretReadyMs: 0 } });
});
afterAll(() => sim.close());

async function call(method: string, urlPath: string, body?: string) {
  const res = await fetch(`${sim.url}${urlPath}`, { method, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, allow: res.headers.get("allow"), contentType: res.headers.get("content-type"), json: text.startsWith("{") ? JSON.parse(text) : undefined, text };
}

describe("405 for a known path called with the wrong method", () => {
  it.each([
    ["PUT", "/v1/agents/my-agent", "DELETE, GET, POST"],
    ["DELETE", "/v1/agents", "GET, POST"],
    ["POST", "/v1/secrets/my-set", "DELETE, GET, PUT"],
    ["DELETE", "/v1/builds", "GET, POST"],
    ["PATCH", "/v1/builds/upload-url", "GET, POST"], // also GET /v1/builds/{id}
    ["PUT", "/v1/regions", "GET"],
    ["GET", "/v1/my-agent/start", "POST"],
  ])("%s %s → 405, Allow: %s", async (method, urlPath, allow) => {
    const res = await call(method, urlPath, method === "GET" ? undefined : "{}");
    expect(res.status).toBe(405);
    expect(res.allow).toBe(allow);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.json).toEqual({ error: `Method not allowed; allowed: ${allow}`, code: "METHOD_NOT_ALLOWED" });
  });

  it("an unknown path is still 404, whatever the method", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await call(method, "/v1/no-such-thing/at/all", method === "GET" ? undefined : "{}");
      expect(res.status).toBe(404);
      expect(res.allow).toBeNull();
      expect(res.json).toEqual({ error: "API endpoint not found", code: "NOT_FOUND" });
    }
  });

  it("a path with malformed percent-encoding names no resource: 404, not 405", async () => {
    const res = await call("GET", "/v1/agents/%E0%A4%A");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "API endpoint not found", code: "NOT_FOUND" });
  });

  it("the right method on the same path is served (405 changed nothing)", async () => {
    expect((await call("GET", "/v1/regions")).status).toBe(200);
    expect((await call("GET", "/v1/agents/nobody")).status).toBe(404);
  });

  it("control routes: 405 with Allow for a known one, 404 for an unknown one", async () => {
    const reset = await fetch(`${sim.url}/_simulator/reset`);
    expect(reset.status).toBe(405);
    expect(reset.headers.get("allow")).toBe("POST");
    expect(await reset.json()).toEqual({ error: "Method not allowed; allowed: POST", code: "METHOD_NOT_ALLOWED" });
    const faults = await fetch(`${sim.url}/_simulator/faults`, { method: "PUT" });
    expect(faults.status).toBe(405);
    expect(faults.headers.get("allow")).toBe("DELETE, GET, POST");
    const unknown = await fetch(`${sim.url}/_simulator/nothing`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "Unknown simulator control route", code: "NOT_FOUND" });
  });

  it("the upload URL takes POST only (S3's XML error, with Allow)", async () => {
    const res = await fetch(`${sim.url}/_uploads`, { method: "PUT", body: "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.text()).toContain("<Code>MethodNotAllowed</Code>");
  });
});

describe("body limit", () => {
  it("a body past the limit is 413 with code PAYLOAD_TOO_LARGE", async () => {
    const res = await call("PUT", "/v1/secrets/too-big", JSON.stringify({ secrets: [{ secretKey: "BIG", secretValue: "x".repeat(MAX_BODY_BYTES) }] }));
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: "Request body too large (limit 10 MiB)", code: "PAYLOAD_TOO_LARGE" });
    expect(sim.secretSets().map((s) => s.name)).not.toContain("too-big");
  });

  it("a secret set as large as a Kubernetes Secret holds (1 MiB), JSON-escaped at worst, is accepted", async () => {
    // Every byte a control character: six bytes each once JSON-escaped (\u0001).
    const body = JSON.stringify({ secrets: [{ secretKey: "CERT", secretValue: "\u0001".repeat(1024 * 1024) }] });
    expect(body.length).toBeGreaterThan(6 * 1024 * 1024);
    const res = await call("PUT", "/v1/secrets/big-but-fine", body);
    expect(res.status).toBe(202);
    expect(sim.secretSets().find((s) => s.name === "big-but-fine")?.keys).toEqual(["CERT"]);
  });
});

describe("CLI start-up lines", () => {
  const cli = path.resolve(__dirname, "../../src/simulator/cli.ts");
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  });

  /** Starts the CLI and resolves with its stdout lines once the Auth line (the last start-up line) is out. */
  const start = (args: string[]) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", cli, ...args], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, PIPECAT_API_KEY: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const lines: string[] = [];
    return new Promise<string[]>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        lines.push(line);
        if (line.startsWith("Auth:")) resolve(lines);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("\n")}`)));
    });
  };

  it("--host 0.0.0.0 --port 0: the bound address and the real port, and a URL that works here", async () => {
    const [banner] = await start(["--host", "0.0.0.0", "--port", "0"]);
    const m = /^Pipecat Cloud simulator listening on http:\/\/0\.0\.0\.0:(\d+) \(every interface\); from this machine: (http:\/\/127\.0\.0\.1:(\d+))$/.exec(banner!);
    expect(m, banner).not.toBeNull();
    expect(m![1]).not.toBe("0");
    expect(m![3]).toBe(m![1]);
    expect((await fetch(`${m![2]}/v1/regions`, { headers: { authorization: "Bearer k" } })).status).toBe(200);
  });

  it("--host localhost: the address the name resolved to", async () => {
    const [banner] = await start(["--host", "localhost", "--port", "0"]);
    const m = /^Pipecat Cloud simulator listening on http:\/\/(127\.0\.0\.1|\[::1\]):(\d+); from this machine: http:\/\/localhost:(\d+)$/.exec(banner!);
    expect(m, banner).not.toBeNull();
    expect(m![2]).not.toBe("0");
    expect(m![3]).toBe(m![2]);
  });

  it("prints each seeded build, like the seeded secret sets", async () => {
    const ok = "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11";
    const failed = "0b1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c12";
    const lines = await start(["--port", "0", "--seed-secret-set", "env", "--seed-build", ok, "--seed-build", `${failed}:eu-central:failed`]);
    expect(lines).toEqual([
      expect.stringMatching(/^Pipecat Cloud simulator listening on http:\/\/127\.0\.0\.1:\d+$/),
      "Secret set env (secret, us-west): ready",
      `Build ${ok} (us-west): success`,
      `Build ${failed} (eu-central): failed`,
      "Auth: any bearer key is accepted",
    ]);
  });
});
