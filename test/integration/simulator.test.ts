import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { Agent, Client, request } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator";

const KEY = "sk_test_simulator";
const BUILD = "123e4567-e89b-12d3-a456-426614174000";
const T0 = Date.UTC(2026, 0, 1);

let clock = T0;
let sim: Simulator;
// One keep-alive pool for all requests, so close() is exercised with live sockets.
const dispatcher = new Agent({ keepAliveTimeout: 30_000 });

async function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${sim.url}${p}`, {
    method: method as "GET",
    dispatcher,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: KEY,
    now: () => clock,
    timings: { reconcileMs: 100, validatingMs: 200, readyMs: 500, failMs: 400, drainingMs: 100, secretReadyMs: 300 },
    builds: [{ id: BUILD, region: "us-west", status: "success" }],
  });
});
afterAll(async () => {
  await sim.close();
  await dispatcher.close();
});
beforeEach(() => {
  clock = T0;
  sim.reset();
});

describe("auth", () => {
  it.each([
    ["missing", {}],
    ["wrong key", { authorization: "Bearer nope" }],
    ["not bearer", { authorization: `Basic ${KEY}` }],
    ["empty bearer", { authorization: "Bearer " }],
  ])("%s → 401", async (_, headers) => {
    const res = await request(`${sim.url}/v1/agents`, { dispatcher, headers });
    expect(res.statusCode).toBe(401);
    expect(await res.body.json()).toEqual({ error: "Unauthorized", code: "UNAUTHORIZED" });
  });

  it("without apiKey any non-empty bearer is accepted", async () => {
    const open = await startSimulator();
    try {
      const ok = await request(`${open.url}/v1/regions`, { headers: { authorization: "Bearer whatever" } });
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      const none = await request(`${open.url}/v1/regions`);
      expect(none.statusCode).toBe(401);
      await none.body.dump();
    } finally {
      await open.close();
    }
  });

  it("never records the Authorization header", async () => {
    await call("GET", "/v1/agents");
    expect(JSON.stringify(sim.requests)).not.toContain(KEY);
  });
});

describe("agents", () => {
  it("create → get → list → update → delete", async () => {
    const created = await call("POST", "/v1/agents", {
      serviceName: "voice-bot",
      image: "acme/bot:1",
      region: "us-east",
      autoScaling: { minAgents: 1, maxAgents: 3 },
      krispViva: { audioFilter: "tel" },
      maxSessionDuration: 3600,
    });
    expect(created.status).toBe(200);
    const c = created.json;
    expect(Object.keys(c).sort()).toEqual(
      [
        "name", "region", "ready", "available", "createdAt", "updatedAt", "desiredDeploymentId", "activeDeploymentId",
        "reconciledDeploymentId", "activeDeploymentReady", "autoScaling", "activeSessionCount", "deployment",
        "agentProfile", "krispViva", "currentRevision", "previousRevision", "errors",
        // undocumented upstream; echoed unless echoWebsocketAuth is off
        "websocketAuth",
      ].sort(),
    );
    expect(c).toMatchObject({
      name: "voice-bot",
      region: "us-east",
      ready: false,
      available: false,
      reconciledDeploymentId: null,
      activeDeploymentReady: false,
      autoScaling: { minReplicas: 1, maxReplicas: 3 },
      activeSessionCount: 0,
      agentProfile: "agent-1x",
      krispViva: { audioFilter: "tel" },
      currentRevision: null,
      previousRevision: null,
      errors: [],
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    expect(c.desiredDeploymentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.activeDeploymentId).toBe(c.desiredDeploymentId);
    expect(c.deployment).toEqual({
      id: c.desiredDeploymentId,
      serviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      manifest: {
        apiVersion: "pipecatcloud.daily.co/v1",
        kind: "PCService",
        metadata: { name: "voice-bot", namespace: expect.any(String) },
        spec: {
          dailyNodeType: "arm",
          image: "acme/bot:1",
          autoScaling: { minReplicas: 1, maxReplicas: 3 },
          resources: { cpu: "500m", memory: "1Gi" },
          krispViva: { audioFilters: true },
          maxSessionDurationSeconds: 3600,
          imagePullSecretName: null,
          envFromSecretNames: [],
        },
      },
    });

    clock = T0 + 500;
    const got = await call("GET", "/v1/agents/voice-bot");
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      ready: true,
      available: true,
      reconciledDeploymentId: c.desiredDeploymentId,
      currentRevision: {
        deploymentID: c.desiredDeploymentId,
        phase: "Active",
        readyReplicas: 1,
        phaseStartedAt: "2026-01-01T00:00:00.500Z",
        health: { ready: true, state: "running", restartCount: 0, replicasStarted: 1 },
      },
    });

    const list = await call("GET", "/v1/agents");
    expect(list.json).toEqual({
      services: [
        {
          id: c.deployment.serviceId,
          name: "voice-bot",
          region: "us-east",
          desiredDeploymentId: c.desiredDeploymentId,
          activeDeploymentId: c.desiredDeploymentId,
          reconciledDeploymentId: c.desiredDeploymentId,
          organizationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          createdAt: "2026-01-01T00:00:00.000Z",
          updatedAt: "2026-01-01T00:00:00.000Z",
          deletedAt: null,
        },
      ],
    });
    expect((await call("GET", "/v1/agents?region=us-west")).json).toEqual({ services: [] });
    const withDeployment = await call("GET", "/v1/agents?region=us-east&includeActiveDeployment=true");
    expect(withDeployment.json.services[0].deployment.id).toBe(c.desiredDeploymentId);
    expect(sim.requests.at(-1)?.query).toEqual({ region: "us-east", includeActiveDeployment: "true" });

    clock = T0 + 1000;
    const updated = await call("POST", "/v1/agents/voice-bot", { image: "acme/bot:2" });
    expect(updated.status).toBe(200);
    expect(updated.json.desiredDeploymentId).not.toBe(c.desiredDeploymentId);
    // Not yet reconciled: the old deployment's readiness shows, as the real API reports it.
    expect(updated.json).toMatchObject({ ready: true, available: true, reconciledDeploymentId: c.desiredDeploymentId, updatedAt: "2026-01-01T00:00:01.000Z" });
    expect(updated.json.deployment.manifest.spec).toMatchObject({ image: "acme/bot:2", maxSessionDurationSeconds: 3600 });

    const noop = await call("POST", "/v1/agents/voice-bot", { image: "acme/bot:2" });
    expect(noop.json.desiredDeploymentId).toBe(updated.json.desiredDeploymentId);
    expect(noop.json.warning).toEqual(expect.stringContaining("forceRedeploy"));

    expect(await call("DELETE", "/v1/agents/voice-bot")).toMatchObject({ status: 200, json: { status: "OK" } });
    expect(await call("GET", "/v1/agents/voice-bot")).toMatchObject({
      status: 404,
      json: { error: "Not found", code: "NOT_FOUND" },
    });
  });

  it.each([
    ["GET", "/v1/agents/ghost", undefined, "Not found"],
    ["DELETE", "/v1/agents/ghost", undefined, "Not found"],
    ["POST", "/v1/agents/ghost", { image: "a/b:1" }, "Service not found"],
    ["POST", "/v1/agents/ghost", { maxSessionDuration: "bad" }, "Service not found"],
  ])("%s %s → 404 %s", async (method, p, body, error) => {
    expect(await call(method, p, body)).toMatchObject({ status: 404, json: { error, code: "NOT_FOUND" } });
  });

  it.each([
    ["PATCH", "/v1/agents/x/y"], // a known path with the wrong method is 405 (simulator-polish.test.ts)
    ["GET", "/v1/nope"],
    ["GET", "/v2/agents"],
  ])("unknown route %s %s → 404", async (method, p) => {
    const res = await call(method, p);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: expect.any(String), code: "NOT_FOUND" });
  });

  it.each<[string, unknown, RegExp]>([
    ["missing serviceName", { image: "a/b:1" }, /serviceName/],
    ["uppercase name", { serviceName: "Bot", image: "a/b:1" }, /serviceName/],
    ["one-character name", { serviceName: "b", image: "a/b:1" }, /serviceName/],
    ["55-character name", { serviceName: "a".repeat(55), image: "a/b:1" }, /serviceName must be at most 54/],
    ["unknown region", { serviceName: "bot", image: "a/b:1", region: "mars-1" }, /region 'mars-1'/],
    ["nodeType", { serviceName: "bot", image: "a/b:1", nodeType: "x86" }, /nodeType/],
    ["agentProfile", { serviceName: "bot", image: "a/b:1", agentProfile: "agent-9x" }, /agentProfile/],
    ["session too short", { serviceName: "bot", image: "a/b:1", maxSessionDuration: 59 }, /maxSessionDuration/],
    ["session not integer", { serviceName: "bot", image: "a/b:1", maxSessionDuration: 60.5 }, /maxSessionDuration/],
    ["session too long", { serviceName: "bot", image: "a/b:1", maxSessionDuration: 14401 }, /maxSessionDuration/],
    ["maxAgents 0", { serviceName: "bot", image: "a/b:1", autoScaling: { maxAgents: 0 } }, /autoScaling.maxAgents/],
    ["minAgents -1", { serviceName: "bot", image: "a/b:1", autoScaling: { minAgents: -1 } }, /autoScaling.minAgents/],
    ["min > max", { serviceName: "bot", image: "a/b:1", autoScaling: { minAgents: 5, maxAgents: 2 } }, /autoScaling.minAgents/],
    ["audioFilter", { serviceName: "bot", image: "a/b:1", krispViva: { audioFilter: "max" } }, /krispViva.audioFilter/],
    ["enableKrisp", { serviceName: "bot", image: "a/b:1", enableKrisp: "yes" }, /enableKrisp/],
    ["buildId not uuid", { serviceName: "bot", buildId: "b-1" }, /buildId/],
    ["neither", { serviceName: "bot" }, /^Either image or buildId is required for service creation$/],
    ["both", { serviceName: "bot", image: "a/b:1", buildId: BUILD }, /^Cannot specify both image and buildId/],
    ["unknown build", { serviceName: "bot", buildId: "00000000-0000-4000-8000-000000000000" }, /^Build not found$/],
    ["array body", [], /body/],
    ["bad JSON", "{nope", /JSON/],
  ])("create: %s → 400", async (_, body, message) => {
    const res = await call("POST", "/v1/agents", body);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("GENERIC_BAD_REQUEST");
    expect(res.json.error).toMatch(message);
    expect(sim.agents()).toEqual([]);
  });

  it("update: both image and buildId → 400; neither keeps the current image", async () => {
    await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
    const both = await call("POST", "/v1/agents/bot", { image: "a/b:2", buildId: BUILD });
    expect(both.json).toEqual({ error: "Cannot specify both image and buildId. Use one or the other.", code: "GENERIC_BAD_REQUEST" });
    const neither = await call("POST", "/v1/agents/bot", { agentProfile: "agent-2x" });
    expect(neither.json.deployment.manifest.spec).toMatchObject({ image: "a/b:1", resources: { cpu: "1", memory: "2Gi" } });
  });

  it("duplicate name → 400 Service already exists", async () => {
    expect((await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" })).status).toBe(200);
    expect(await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:2", region: "eu-central" })).toMatchObject({
      status: 400,
      json: { error: "Service already exists", code: "GENERIC_BAD_REQUEST" },
    });
  });

  it("accepts unknown and legacy fields, and records the ignored ones", async () => {
    const res = await call("POST", "/v1/agents", {
      serviceName: "bot",
      image: "a/b:1",
      enableKrisp: false,
      enableIntegratedKeysProxy: false,
      forceRedeploy: true,
      websocketAuth: "token",
      pulumiUrn: "urn:x",
      autoScaling: { minReplicas: 1 },
    });
    expect(res.status).toBe(200);
    expect(sim.requests.at(-1)?.ignoredFields).toEqual(["pulumiUrn", "autoScaling.minReplicas"]);
    await call("POST", "/v1/agents/bot", { region: "eu-central", serviceName: "bot" });
    expect(sim.requests.at(-1)?.ignoredFields).toEqual(["region", "serviceName"]);
  });

  it("crash image fails with health and errors[]; activeSessionCount can be set", async () => {
    await call("POST", "/v1/agents", { serviceName: "bot", image: "acme/bot:crash" });
    sim.setActiveSessions("bot", 2);
    clock = T0 + 400;
    const d = (await call("GET", "/v1/agents/bot")).json;
    expect(d).toMatchObject({
      ready: false,
      available: false,
      activeSessionCount: 2,
      currentRevision: { phase: "Failed", health: { reason: "CrashLoopBackOff", lastExitCode: 1 } },
      errors: [{ code: "PCC_UNKNOWN_ERROR", message: expect.any(String) }],
    });
  });

  it("regions and properties", async () => {
    expect((await call("GET", "/v1/regions")).json).toEqual({
      regions: [
        { code: "us-west", display_name: "US West (Oregon)" },
        { code: "us-east", display_name: "US East (Virginia)" },
        { code: "eu-central", display_name: "Europe (Frankfurt)" },
        { code: "ap-south", display_name: "Asia Pacific (Mumbai)" },
      ],
    });
    expect((await call("GET", "/v1/properties")).json).toEqual({ properties: { defaultRegion: "us-west" } });
  });
});

describe("secrets", () => {
  it("PUT 202 → pending → ready; 409 while pending; values never returned", async () => {
    const put = await call("PUT", "/v1/secrets/bot-env", {
      secrets: [
        { secretKey: "OPENAI_API_KEY", secretValue: "super-secret-1" },
        { secretKey: "DEEPGRAM_API_KEY", secretValue: "super-secret-2" },
      ],
    });
    expect(put).toMatchObject({ status: 202, json: { status: "OK", region: "us-west" } });
    expect((await call("GET", "/v1/secrets/bot-env")).json).toEqual({
      region: "us-west",
      status: "pending",
      secrets: [{ fieldName: "OPENAI_API_KEY" }, { fieldName: "DEEPGRAM_API_KEY" }],
    });

    expect(await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1", secretSet: "bot-env" })).toMatchObject({
      status: 409,
      json: { error: "Secret set 'bot-env' is not yet ready. Retry once it has been provisioned.", code: "CONFLICT" },
    });

    clock = T0 + 300;
    expect((await call("GET", "/v1/secrets")).json).toEqual({
      sets: [{ name: "bot-env", type: "secret", region: "us-west", status: "ready" }],
    });
    const created = await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1", secretSet: "bot-env" });
    expect(created.json.deployment.manifest.spec.envFromSecretNames).toEqual(["bot-env"]);

    // PUT merges: the new key is added, the others stay.
    await call("PUT", "/v1/secrets/bot-env", { secrets: [{ secretKey: "EXTRA", secretValue: "super-secret-3" }] });
    expect((await call("GET", "/v1/secrets/bot-env")).json.secrets).toHaveLength(3);
    expect(await call("DELETE", "/v1/secrets/bot-env/EXTRA")).toMatchObject({ status: 200, json: { status: "OK" } });
    expect(await call("DELETE", "/v1/secrets/bot-env/EXTRA")).toMatchObject({
      status: 404,
      json: { error: "Secret not found", code: "NOT_FOUND" },
    });

    const state = await request(`${sim.url}/_simulator/state`, { dispatcher });
    const stateText = await state.body.text();
    for (const text of [JSON.stringify(sim.secretSets()), stateText, JSON.stringify((await call("GET", "/v1/secrets")).json)]) {
      expect(text).not.toContain("super-secret");
    }

    expect(await call("DELETE", "/v1/secrets/bot-env")).toMatchObject({ status: 200, json: { status: "OK" } });
    expect(await call("GET", "/v1/secrets/bot-env")).toMatchObject({ status: 404, json: { error: "Set not found", code: "NOT_FOUND" } });
  });

  it("image pull secrets", async () => {
    const body = { isImagePullSecret: true, host: "https://index.docker.io/v1", secretValue: "dXNlcjp0b2tlbg==", region: "eu-central" };
    expect(await call("PUT", "/v1/secrets/dockerhub", body)).toMatchObject({ status: 202, json: { status: "OK", region: "eu-central" } });
    expect(await call("GET", "/v1/secrets/dockerhub")).toMatchObject({
      status: 400,
      json: { error: "Cannot retrieve image pull secrets by name", code: "GENERIC_BAD_REQUEST" },
    });
    expect((await call("GET", "/v1/secrets?region=eu-central")).json.sets).toEqual([
      { name: "dockerhub", type: "imagePullSecret", region: "eu-central", status: "pending" },
    ]);
    expect(sim.secretSets()[0].host).toBe("https://index.docker.io/v1/");
    expect(await call("PUT", "/v1/secrets/dockerhub", { ...body, region: "us-west" })).toMatchObject({
      status: 400,
      json: { error: "Secret already exists in region 'eu-central'. Cannot change region to 'us-west'." },
    });
    expect(await call("PUT", "/v1/secrets/dockerhub", { secrets: [{ secretKey: "A", secretValue: "b" }] })).toMatchObject({
      status: 400,
      json: { error: "Cannot update existing image pull secrets to regular secrets" },
    });
    expect(await call("PUT", "/v1/secrets/dockerhub", { isImagePullSecret: true, host: "https://x.io" })).toMatchObject({
      status: 400,
      json: { error: "Must provide isImagePullSecret, host, and secretValue to update an image pull secret" },
    });
  });

  it.each<[string, string, unknown, string]>([
    ["bad set name", "/v1/secrets/Bad_Name", { secrets: [{ secretKey: "A", secretValue: "b" }] }, "secret set name"],
    ["empty secrets", "/v1/secrets/env-x", { secrets: [] }, "secrets"],
    ["bad key", "/v1/secrets/env-x", { secrets: [{ secretKey: "A B", secretValue: "b" }] }, "secretKey"],
    ["unknown region", "/v1/secrets/env-x", { secrets: [{ secretKey: "A", secretValue: "b" }], region: "mars" }, "Invalid region"],
  ])("PUT %s → 400", async (_, p, body, message) => {
    const res = await call("PUT", p, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
  });
});

describe("faults", () => {
  it("status: 429 with Retry-After, once by default", async () => {
    sim.faults.add({ method: "get", path: "/v1/regions", fault: { kind: "status", status: 429, retryAfter: "1" } });
    const limited = await call("GET", "/v1/regions");
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("1");
    expect(limited.json).toEqual({ error: "Too Many Requests", code: "429" });
    expect((await call("GET", "/v1/regions")).status).toBe(200);
    expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, "status"],
      [200, undefined],
    ]);
  });

  it("status: custom body and headers; 5xx without processing; times", async () => {
    sim.faults.add({
      path: "/v1/agents",
      times: 2,
      fault: { kind: "status", status: 503, body: { error: "upstream down", code: "503" }, headers: { "x-test": "1" } },
    });
    for (let i = 0; i < 2; i++) {
      const res = await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
      expect([res.status, res.json, res.headers["x-test"]]).toEqual([503, { error: "upstream down", code: "503" }, "1"]);
    }
    expect(sim.agents()).toEqual([]);
    expect(sim.faults.pending()).toEqual([]);
    expect((await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" })).status).toBe(200);
  });

  it("default 500 body is the documented internal error", async () => {
    sim.faults.add({ fault: { kind: "status", status: 500 } });
    expect((await call("GET", "/v1/agents")).json).toEqual({ error: "Internal Server Error", code: "INTERNAL_SERVER_ERROR" });
  });

  it("reset before: connection dropped, nothing changed", async () => {
    sim.faults.add({ method: "POST", path: "/v1/agents", fault: { kind: "reset", when: "before" } });
    await expect(call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" })).rejects.toThrow();
    expect(sim.agents()).toEqual([]);
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: "reset" });
  });

  it("reset after: connection dropped, but the agent was created", async () => {
    sim.faults.add({ method: "POST", path: "/v1/agents", fault: { kind: "reset", when: "after" } });
    await expect(call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" })).rejects.toThrow();
    expect(sim.agents().map((a) => a.name)).toEqual(["bot"]);
    // A naive retry now hits the duplicate check.
    expect((await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" })).json.error).toBe("Service already exists");
  });

  it("delay: processed at once, answered later", async () => {
    sim.faults.add({ path: /^\/v1\/agents\/[^/]+$/, fault: { kind: "delay", ms: 1_000 } });
    await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
    let answered = false;
    const pending = call("DELETE", "/v1/agents/bot").then((res) => ((answered = true), res));
    // Order, not time: once the DELETE has arrived, the agent is gone while the client still waits.
    while (!sim.requests.some((r) => r.method === "DELETE")) await new Promise((r) => setImmediate(r));
    expect(sim.agents()).toEqual([]);
    expect(answered).toBe(false);
    expect((await pending).json).toEqual({ status: "OK" });
  });

  it("malformed: 200 with a body that is not JSON, after processing", async () => {
    sim.faults.add({ path: "/v1/agents", method: "POST", fault: { kind: "malformed" } });
    const res = await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(() => JSON.parse(res.text)).toThrow();
    expect(res.text.length).toBeGreaterThan(0);
    expect(sim.agents()).toHaveLength(1);
  });

  it("invalid-shape: documented fields get wrong types", async () => {
    await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
    sim.faults.add({ path: "/v1/agents/bot", fault: { kind: "invalid-shape" } });
    const res = await call("GET", "/v1/agents/bot");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ready: "no", available: "no", name: 42, activeSessionCount: "0", errors: "[]" });
  });

  it("rules match by method and path", async () => {
    sim.faults.add({ method: "DELETE", path: "/v1/regions", fault: { kind: "status", status: 502 } });
    sim.faults.add({ path: /^\/v1\/secrets/, fault: { kind: "status", status: 504 } });
    expect((await call("GET", "/v1/regions")).status).toBe(200);
    expect((await call("GET", "/v1/secrets?region=us-west")).status).toBe(504);
    expect(sim.faults.pending()).toEqual([
      { method: "DELETE", path: "/v1/regions", remaining: 1, fault: { kind: "status", status: 502 } },
    ]);
    sim.faults.clear();
    expect(sim.faults.pending()).toEqual([]);
  });

  it("rejects invalid rules", () => {
    expect(() => sim.faults.add({ times: 0, fault: { kind: "malformed" } })).toThrow(/times/);
    expect(() => sim.faults.add({ fault: { kind: "status", status: 9 } })).toThrow(/status/);
  });
});

describe("control endpoint", () => {
  const control = async (method: string, p: string, body?: unknown) => {
    const res = await request(`${sim.url}/_simulator/${p}`, {
      method: method as "GET",
      dispatcher,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, json: (await res.body.json()) as any };
  };

  it("faults, state, active sessions and reset without auth", async () => {
    const added = await control("POST", "faults", {
      method: "GET",
      pathRegex: "^/v1/agents/",
      times: "Infinity",
      fault: { kind: "status", status: 503 },
    });
    expect(added.status).toBe(201);
    expect(added.json.pending).toEqual([
      { method: "GET", pathRegex: new RegExp("^/v1/agents/").source, remaining: "Infinity", fault: { kind: "status", status: 503 } },
    ]);
    for (let i = 0; i < 3; i++) expect((await call("GET", "/v1/agents/x")).status).toBe(503);
    expect((await control("GET", "faults")).json.pending).toHaveLength(1);
    expect((await control("DELETE", "faults")).json).toEqual({ status: "OK" });
    expect((await call("GET", "/v1/agents/x")).status).toBe(404);

    expect((await control("POST", "faults", { fault: { kind: "explode" } })).status).toBe(400);

    await call("POST", "/v1/agents", { serviceName: "bot", image: "a/b:1" });
    await call("PUT", "/v1/secrets/env-1", { secrets: [{ secretKey: "K", secretValue: "hidden-value" }] });
    expect((await control("POST", "active-sessions", { agent: "bot", count: 3 })).status).toBe(200);
    const state = (await control("GET", "state")).json;
    expect(state.agents[0]).toMatchObject({
      name: "bot",
      config: { image: "a/b:1", autoScaling: { minAgents: 0, maxAgents: 50 } },
      activeSessionCount: 3,
    });
    expect(state.secretSets).toEqual([
      { name: "env-1", type: "secret", region: "us-west", status: "pending", keys: ["K"], updatedAt: "2026-01-01T00:00:00.000Z" },
    ]);
    const put = state.requests.find((r: any) => r.method === "PUT");
    expect(put.body.secrets[0]).toEqual({ secretKey: "K", secretValue: "[REDACTED]" });
    // The in-process log keeps what the test sent.
    expect((sim.requests.find((r) => r.method === "PUT")?.body as any).secrets[0].secretValue).toBe("hidden-value");

    expect((await control("POST", "reset")).json).toEqual({ status: "OK" });
    expect(sim.agents()).toEqual([]);
    expect(sim.secretSets()).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it("unknown control route → 404", async () => {
    expect((await control("GET", "nope")).status).toBe(404);
  });
});

describe("lifecycle", () => {
  it("counts accepted TCP connections (sim.connections)", async () => {
    const other = await startSimulator();
    // undici Clients each hold one keep-alive connection: three requests on one, one on the other.
    const [a, b] = [new Client(other.url), new Client(other.url)];
    for (const client of [a, a, a, b]) {
      await (await client.request({ path: "/v1/regions", method: "GET", headers: { authorization: "Bearer k" } })).body.dump();
    }
    expect([other.requests.length, other.connections]).toEqual([4, 2]);
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it("close() resolves with keep-alive connections open and delayed responses pending", async () => {
    const other = await startSimulator();
    const pool = new Agent({ keepAliveTimeout: 60_000 });
    const res = await request(`${other.url}/v1/regions`, { dispatcher: pool, headers: { authorization: "Bearer k" } });
    await res.body.dump();
    other.faults.add({ fault: { kind: "delay", ms: 60_000 } });
    const hanging = request(`${other.url}/v1/regions`, { dispatcher: pool, headers: { authorization: "Bearer k" } }).catch(
      (e: Error) => e,
    );
    while (other.requests.length < 2) await new Promise((r) => setImmediate(r));
    // The held response is due in 60 s: close() resolving at all (within the test's timeout) shows it did not wait.
    await other.close();
    expect(await hanging).toBeInstanceOf(Error);
    await pool.close();
  });

  it("real clock and seeded secret sets", async () => {
    const live = await startSimulator({
      timings: { reconcileMs: 10, validatingMs: 20, readyMs: 40 },
      secretSets: [{ name: "seeded-env", region: "us-west" }],
      defaultRegion: "eu-central",
    });
    try {
      const auth = { authorization: "Bearer k", "content-type": "application/json" };
      const body = JSON.stringify({ serviceName: "bot", image: "a/b:1", region: "us-west", secretSet: "seeded-env" });
      const created = await request(`${live.url}/v1/agents`, { method: "POST", headers: auth, body });
      expect(created.statusCode).toBe(200);
      await created.body.dump();
      await new Promise((r) => setTimeout(r, 60));
      expect(live.agents()[0].status.ready).toBe(true);
      const props = await request(`${live.url}/v1/properties`, { headers: auth });
      expect(await props.body.json()).toEqual({ properties: { defaultRegion: "eu-central" } });
    } finally {
      await live.close();
    }
  });
});

describe("CLI", () => {
  const cli = path.resolve(__dirname, "../../src/simulator/cli.ts");
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  });

  const run = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", cli, ...args], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, PIPECAT_API_KEY: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on("line", (l) => {
      lines.push(l);
      waiters.splice(0).forEach((w) => w());
    });
    const waitFor = async (re: RegExp): Promise<string> => {
      for (;;) {
        const hit = lines.find((l) => re.test(l));
        if (hit) return hit;
        if (child.exitCode !== null) throw new Error(`CLI exited: ${lines.join("\n")}`);
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    return { child, lines, waitFor, exit };
  };

  it("serves the API, logs one line per request, never prints the key, exits on SIGTERM", async () => {
    const secret = "cli-secret-key-123";
    const p = run(["--port", "0", "--ready-ms", "50", "--seed-secret-set", "seeded:us-east", "--seed-secret-set", "pull:us-east:imagePullSecret"], {
      PIPECAT_API_KEY: secret,
    });
    const banner = await p.waitFor(/listening on/);
    const url = /^Pipecat Cloud simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(banner)?.[1];
    expect(url).toBeDefined();

    const denied = await request(`${url}/v1/secrets`, { headers: { authorization: "Bearer wrong" } });
    expect(denied.statusCode).toBe(401);
    await denied.body.dump();
    const sets = await request(`${url}/v1/secrets`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await sets.body.json()).toEqual({
      sets: [
        { name: "seeded", type: "secret", region: "us-east", status: "ready" },
        { name: "pull", type: "imagePullSecret", region: "us-east", status: "ready" },
      ],
    });
    await p.waitFor(/^GET \/v1\/secrets 200 \d+ms$/);
    expect(p.lines).toContainEqual(expect.stringMatching(/^GET \/v1\/secrets 401 \d+ms$/));

    p.child.kill("SIGTERM");
    expect(await p.exit).toBe(0);
    expect(p.lines.join("\n")).not.toContain(secret);
  });

  it("--seed-build, --websocket-auth-default and --websocket-auth-echo reach the simulator", async () => {
    const build = "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11";
    const failed = "0b1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c12";
    const p = run(["--port", "0", "--seed-build", build, "--seed-build", `${failed}:us-west:failed`, "--websocket-auth-default", "none"]);
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await p.waitFor(/listening on/))![1];
    const post = (body: unknown) =>
      request(`${url}/v1/agents`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify(body) });
    const ok = await post({ serviceName: "by-build", buildId: build });
    expect(ok.statusCode).toBe(200);
    expect(await ok.body.json()).toMatchObject({ websocketAuth: "none" });
    const refused = await post({ serviceName: "by-failed", buildId: failed });
    expect(refused.statusCode).toBe(400);
    expect(await refused.body.json()).toMatchObject({ error: expect.stringMatching(/status: failed/) });
    p.child.kill("SIGTERM");
    expect(await p.exit).toBe(0);

    const quiet = run(["--port", "0", "--websocket-auth-echo", "off"]);
    const quietUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await quiet.waitFor(/listening on/))![1];
    const created = await request(`${quietUrl}/v1/agents`, { method: "POST", headers: { authorization: "Bearer k" }, body: JSON.stringify({ serviceName: "bot", image: "a/b:1", websocketAuth: "token" }) });
    expect(await created.body.json()).not.toHaveProperty("websocketAuth");
    quiet.child.kill("SIGTERM");
    await quiet.exit;
  });

  it.each([
    [["--seed-build", "not-a-uuid"], /--seed-build expects ID\[:REGION\[:STATUS\]\]/],
    [["--seed-build", "6f1c1a38-3c5e-4a0e-9a57-0a3f5b3d2c11:us-west:done"], /STATUS one of pending, building, success, failed, timeout/],
    [["--websocket-auth-default", "hmac"], /--websocket-auth-default expects token or none, got 'hmac'/],
    [["--websocket-auth-echo", "yes"], /--websocket-auth-echo expects on or off/],
  ])("%j exits 2 with the expected form", async (args, message) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", cli, ...args], { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("--help prints usage; a bad flag exits 2", async () => {
    const help = run(["--help"]);
    expect(await help.exit).toBe(0);
    expect(help.lines.join("\n")).toContain("--seed-secret-set");
    const bad = run(["--port", "abc"]);
    expect(await bad.exit).toBe(2);
  });
});
