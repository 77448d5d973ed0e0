// Every operation in the OpenAPI spec is served by the simulator: each path and method of the
// spec (test/fixtures/spec-operations.json, read from it), called with real names and ids, is
// answered by a route (never "API endpoint not found"), with a 2xx for the calls made right.
// Also the behaviours of the endpoints added for it: logs, sessions, start, the proxy.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "pk_test_spec_coverage_0123456789";
const BUILD = "123e4567-e89b-42d3-a456-426614174000";
const operations: Array<{ method: string; path: string }> = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/spec-operations.json"), "utf8"));
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    timings: { reconcileMs: 10, validatingMs: 20, readyMs: 50, failMs: 40 },
    secretSets: [{ name: "spec-set", secrets: { A: "1", B: "2" } }],
    builds: [{ id: BUILD, region: "us-west", status: "success" }],
  });
});
afterAll(() => sim.close());

async function call(method: string, urlPath: string, body?: unknown) {
  const res = await fetch(`${sim.url}/v1${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe("every operation of the spec", () => {
  it("the fixture lists the spec's operations", () => {
    expect(operations.length).toBeGreaterThanOrEqual(29);
    expect(operations).toContainEqual({ method: "GET", path: "/agents/{agentName}/logs" });
  });

  it("is answered by a route, with a 2xx when called right", async () => {
    await call("POST", "/agents", { serviceName: "spec-agent", image: "acme/bot:1", autoScaling: { maxAgents: 5 } });
    const started = await call("POST", "/spec-agent/start", { createDailyRoom: true });
    const second = await call("POST", "/spec-agent/start", {});
    await call("PUT", "/secrets/spec-doomed", { secrets: [{ secretKey: "X", secretValue: "1" }] });
    const ids: Record<string, string> = { agentName: "spec-agent", serviceName: "spec-agent", sessionId: started.json.sessionId, buildId: BUILD, setName: "spec-set", secretKey: "B", path: "ping" };
    const bodies: Record<string, unknown> = {
      "POST /agents": { serviceName: "spec-other", image: "acme/bot:1" },
      "POST /agents/{agentName}": { image: "acme/bot:2" },
      "POST /builds": { uploadId: "none", region: "us-west" }, // refused (no such upload), but served
      "POST /builds/upload-url": { region: "us-west" },
      "PATCH /properties": { defaultRegion: "us-west" },
      "PUT /secrets/{setName}": { secrets: [{ secretKey: "C", secretValue: "3" }] },
      "POST /{agentName}/start": {},
    };
    const answers: Record<string, number> = {};
    // Deletions last, each on something of its own.
    const order = [...operations].sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
    for (const op of order) {
      const key = `${op.method} ${op.path}`;
      const own = { ...ids, ...(key === "DELETE /agents/{agentName}/sessions/{sessionId}" ? { sessionId: second.json.sessionId } : {}), ...(key === "DELETE /agents/{agentName}" ? { agentName: "spec-other" } : {}), ...(key === "DELETE /secrets/{setName}" ? { setName: "spec-doomed" } : {}) };
      const concrete = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(own[name]!));
      const res = await call(op.method, concrete, bodies[key] ?? (["POST", "PUT", "PATCH"].includes(op.method) ? {} : undefined));
      expect(res.json?.error, key).not.toBe("API endpoint not found");
      answers[key] = res.status;
    }
    const failed = Object.entries(answers).filter(([key, status]) => status >= 300 && key !== "POST /builds");
    expect(failed).toEqual([]);
    expect(answers["POST /builds"]).toBe(400);
  });
});

describe("logs, sessions, start and the proxy", () => {
  it("a deployment writes its logs: filtered by deployment, newest first, limit and offset", async () => {
    await call("POST", "/agents", { serviceName: "logged", image: "acme/bot:1" });
    await call("POST", "/agents/logged", { image: "acme/bot:crash" });
    const [first, second] = sim.agents().find((a) => a.name === "logged")!.deploymentIds;
    const all = (await call("GET", "/agents/logged/logs?limit=100")).json;
    expect(all.total).toEqual({ value: all.logs.length, relation: "eq" });
    expect(all.logs[0].deploymentId).toBe(second); // newest first
    const crash = (await call("GET", `/agents/logged/logs?deploymentId=${second}&limit=2`)).json;
    expect(crash.logs.map((l: { log: string }) => l.log)).toEqual(["Container exited with code 1; restarting (CrashLoopBackOff)", "ModuleNotFoundError: No module named 'bot'"]);
    const next = (await call("GET", `/agents/logged/logs?deploymentId=${second}&limit=2&offset=2`)).json;
    expect(next.logs[0].log).toBe("    import bot");
    const older = (await call("GET", `/agents/logged/logs?deploymentId=${first}&limit=100`)).json;
    expect(older.logs.every((l: { deploymentId: string }) => l.deploymentId === first)).toBe(true);
    expect((await call("GET", "/agents/nobody/logs")).status).toBe(404);
  });

  it("start makes a session (429 at maxAgents); the proxy answers only an active one; stopping ends it", async () => {
    await call("POST", "/agents", { serviceName: "busy", image: "acme/bot:1", autoScaling: { maxAgents: 1 } });
    const session = (await call("POST", "/public/busy/start", { transport: "websocket" })).json;
    expect(session).toEqual({ sessionId: expect.any(String), wsUrl: expect.stringContaining(session.sessionId) });
    expect(sim.agents().find((a) => a.name === "busy")!.activeSessionCount).toBe(1);
    const full = await call("POST", "/busy/start", {});
    expect(full.status).toBe(429);
    expect((await call("POST", `/busy/sessions/${session.sessionId}/api/offer`, { sdp: "x" })).json).toEqual({ status: "OK", proxied: { method: "POST", path: "/api/offer", sessionId: session.sessionId } });
    expect((await call("GET", "/busy/sessions/00000000-0000-4000-8000-000000000000/x")).status).toBe(404);
    expect((await call("GET", "/agents/busy/sessions?status=active")).json).toMatchObject({ total_count: 1, sessions: [{ sessionId: session.sessionId, endedAt: null }] });
    expect((await call("DELETE", `/agents/busy/sessions/${session.sessionId}`)).json).toEqual({ status: "terminated", session_id: session.sessionId });
    expect((await call("GET", `/busy/sessions/${session.sessionId}/x`)).status).toBe(404);
    expect((await call("GET", "/agents/busy/sessions?status=ended")).json.total_count).toBe(1);
    expect((await call("GET", `/agents/busy/sessions/${session.sessionId}`)).json).toMatchObject({ completionStatus: "TERMINATED" });
  });

  it("the control endpoint seeds logs and sessions", async () => {
    await call("POST", "/agents", { serviceName: "seeded", image: "acme/bot:1" });
    const control = (route: string, body: unknown) => fetch(`${sim.url}/_simulator/${route}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());
    await control("logs", { agent: "seeded", lines: ["one", "two"] });
    expect((await call("GET", "/agents/seeded/logs?limit=2")).json.logs.map((l: { log: string }) => l.log)).toEqual(["two", "one"]);
    const seeded = await control("sessions", { agent: "seeded", count: 2 });
    expect(seeded.sessionIds).toHaveLength(2);
    expect(sim.agents().find((a) => a.name === "seeded")!.activeSessionCount).toBe(2);
  });
});
