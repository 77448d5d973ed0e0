import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "../../src/simulator/catalog";
import { ApiError } from "../../src/simulator/errors";
import { NO_CHANGE_WARNING, SimulatorStore } from "../../src/simulator/store";
import type { ServiceDetails, SimulatorTimings } from "../../src/simulator/types";
import { parseCreateAgent, parseSecretSetPut, parseUpdateAgent } from "../../src/simulator/validation";

const T0 = Date.UTC(2026, 0, 1);
const timings: SimulatorTimings = {
  reconcileMs: 100,
  validatingMs: 300,
  readyMs: 1000,
  failMs: 600,
  drainingMs: 500,
  secretReadyMs: 200,
};
const BUILD = "123e4567-e89b-12d3-a456-426614174000";

let clock = T0;
let store: SimulatorStore;

beforeEach(() => {
  clock = T0;
  store = new SimulatorStore({
    now: () => clock,
    timings,
    defaultRegion: "us-west",
    builds: [{ id: BUILD, region: "us-west", status: "success" }],
    secretSets: [],
    websocketAuthDefault: "token",
    echoWebsocketAuth: true,
  });
});

const at = (ms: number) => {
  clock = T0 + ms;
};
const create = (body: Record<string, unknown>) => store.createAgent(parseCreateAgent({ serviceName: "bot", ...body }));
const update = (body: Record<string, unknown>) => store.updateAgent("bot", parseUpdateAgent(body));
const get = () => store.getAgent("bot");

/** The lifecycle fields that matter, flattened for table assertions. */
function summary(d: ServiceDetails) {
  return {
    reconciled: d.reconciledDeploymentId === d.desiredDeploymentId ? "desired" : d.reconciledDeploymentId,
    current: d.currentRevision?.phase ?? null,
    previous: d.previousRevision?.phase ?? null,
    ready: d.ready,
    available: d.available,
    errors: d.errors.map((e) => e.code),
  };
}

function apiError(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("create → Active", () => {
  it.each([
    [0, { reconciled: null, current: null, previous: null, ready: false, available: false, errors: [] }],
    [99, { reconciled: null, current: null, previous: null, ready: false, available: false, errors: [] }],
    [100, { reconciled: "desired", current: "Creating", previous: null, ready: false, available: false, errors: [] }],
    [299, { reconciled: "desired", current: "Creating", previous: null, ready: false, available: false, errors: [] }],
    [300, { reconciled: "desired", current: "Validating", previous: null, ready: false, available: false, errors: [] }],
    [999, { reconciled: "desired", current: "Validating", previous: null, ready: false, available: false, errors: [] }],
    [1000, { reconciled: "desired", current: "Active", previous: null, ready: true, available: true, errors: [] }],
    [99_000, { reconciled: "desired", current: "Active", previous: null, ready: true, available: true, errors: [] }],
  ])("at +%ims", (ms, expected) => {
    create({ image: "acme/bot:1", autoScaling: { minAgents: 2, maxAgents: 4 } });
    at(ms);
    expect(summary(get())).toEqual(expected);
  });

  it("reports health and replicas per phase", () => {
    create({ image: "acme/bot:1", autoScaling: { minAgents: 2, maxAgents: 4 } });
    at(150);
    expect(get().currentRevision).toEqual({
      deploymentID: get().desiredDeploymentId,
      phase: "Creating",
      readyReplicas: 0,
      phaseStartedAt: new Date(T0 + 100).toISOString(),
    });
    at(400);
    expect(get().currentRevision?.health).toEqual({ ready: false, state: "running", restartCount: 0, replicasStarted: 2 });
    at(1000);
    const d = get();
    expect(d.currentRevision).toEqual({
      deploymentID: d.desiredDeploymentId,
      phase: "Active",
      readyReplicas: 2,
      phaseStartedAt: new Date(T0 + 1000).toISOString(),
      health: { ready: true, state: "running", restartCount: 0, replicasStarted: 2 },
    });
    expect(d.activeDeploymentReady).toBe(true);
    expect(d.activeDeploymentId).toBe(d.desiredDeploymentId);
    expect(d.deployment.id).toBe(d.desiredDeploymentId);
  });

  it("applies platform defaults and omits maxSessionDurationSeconds", () => {
    const d = create({ image: "acme/bot:1" });
    expect(d.region).toBe("us-west");
    expect(d.autoScaling).toEqual({ maxReplicas: 50, minReplicas: 0 });
    expect(d.agentProfile).toBe("agent-1x");
    expect(d.krispViva).toEqual({ audioFilter: null });
    expect(d.deployment.manifest.spec).toEqual({
      dailyNodeType: "arm",
      image: "acme/bot:1",
      autoScaling: { minReplicas: 0, maxReplicas: 50 },
      resources: { cpu: "500m", memory: "1Gi" },
      krispViva: { audioFilters: false },
      // No set bound, said explicitly (omitOptionalFields leaves these out instead).
      imagePullSecretName: null,
      envFromSecretNames: [],
    });
  });

  it("scale-to-zero is ready and available with no replicas", () => {
    create({ image: "acme/bot:1" });
    at(1000);
    const d = get();
    expect([d.ready, d.available, d.currentRevision?.readyReplicas]).toEqual([true, true, 0]);
  });

  it("redacts the image of a build deploy", () => {
    const d = create({ buildId: BUILD, agentProfile: "agent-3x" });
    expect(d.deployment.manifest.spec.image).toBe("[REDACTED]");
    expect(d.deployment.manifest.spec.resources).toEqual({ cpu: "1500m", memory: "3Gi" });
  });
});

describe("rolling update", () => {
  it.each([
    // update at +2000: old Active keeps serving until the new one is Active, then drains.
    // Before the operator picks the update up, the old deployment's `ready` shows (the false-ready trap).
    [2050, { reconciled: "old", current: "Active", previous: null, ready: true, available: true, errors: [] }],
    [2100, { reconciled: "desired", current: "Creating", previous: "Active", ready: false, available: true, errors: [] }],
    [2300, { reconciled: "desired", current: "Validating", previous: "Active", ready: false, available: true, errors: [] }],
    [3000, { reconciled: "desired", current: "Active", previous: "Draining", ready: true, available: true, errors: [] }],
    [3499, { reconciled: "desired", current: "Active", previous: "Draining", ready: true, available: true, errors: [] }],
    [3500, { reconciled: "desired", current: "Active", previous: null, ready: true, available: true, errors: [] }],
  ])("at +%ims", (ms, expected) => {
    const first = create({ image: "acme/bot:1" });
    at(2000);
    const updated = update({ image: "acme/bot:2" });
    expect(updated.desiredDeploymentId).not.toBe(first.desiredDeploymentId);
    at(ms);
    const s = summary(get());
    expect({ ...s, reconciled: s.reconciled === first.desiredDeploymentId ? "old" : s.reconciled }).toEqual(expected);
    if (s.previous) expect(get().previousRevision?.deploymentID).toBe(first.desiredDeploymentId);
  });

  it("while unreconciled, currentRevision still describes the old deployment", () => {
    const first = create({ image: "acme/bot:1" });
    at(2000);
    update({ image: "acme/bot:2" });
    at(2050);
    expect(get().currentRevision?.deploymentID).toBe(first.desiredDeploymentId);
  });
});

describe("failures", () => {
  it.each([
    [150, "Creating", false],
    [300, "Validating", false],
    [600, "Failed", false],
    [5000, "Failed", false],
  ])("crash on a new agent at +%ims → %s", (ms, phase, available) => {
    create({ image: "acme/bot:crash" });
    at(ms);
    const d = get();
    expect([d.currentRevision?.phase, d.ready, d.available]).toEqual([phase, false, available]);
  });

  it("crash reports health and errors[]", () => {
    create({ image: "acme/bot:v2-crash" });
    at(600);
    const d = get();
    expect(d.currentRevision?.health).toMatchObject({
      ready: false,
      state: "waiting",
      reason: "CrashLoopBackOff",
      restartCount: 3,
      lastExitCode: 1,
      lastTerminationReason: "Error",
    });
    expect(d.currentRevision?.health?.message).toContain("ModuleNotFoundError: No module named 'bot'");
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0].code).toBe("PCC_UNKNOWN_ERROR");
  });

  it("a failed update leaves the old revision serving", () => {
    const first = create({ image: "acme/bot:1" });
    at(2000);
    update({ image: "acme/bot:crash" });
    at(2600);
    const d = get();
    expect(summary(d)).toMatchObject({ current: "Failed", previous: "Active", ready: false, available: true });
    expect(d.previousRevision?.deploymentID).toBe(first.desiredDeploymentId);
    // A later good deploy replaces the old one, skipping the failed revision.
    update({ image: "acme/bot:3" });
    at(3600);
    expect(summary(get())).toMatchObject({ current: "Active", previous: "Draining", ready: true, errors: [] });
    expect(get().previousRevision?.deploymentID).toBe(first.desiredDeploymentId);
  });

  it("pullfail skips Validating and fails with ImagePullBackOff", () => {
    create({ image: "registry.local:5000/acme/bot:pullfail" });
    at(300);
    expect(get().currentRevision?.phase).toBe("Creating");
    at(600);
    const d = get();
    expect(d.currentRevision?.phase).toBe("Failed");
    expect(d.currentRevision?.health).toMatchObject({ reason: "ImagePullBackOff", state: "waiting", ready: false });
    expect(d.errors.map((e) => e.code)).toEqual(["PCC_IMAGE_NOT_FOUND"]);
  });

  it("a registry port or a repository name containing 'crash' is not a crash tag", () => {
    create({ image: "crash.registry:5000/crash/bot:1" });
    at(1000);
    expect(get().currentRevision?.phase).toBe("Active");
  });

  it("errors[] of an old failure is not repeated while a new deployment is unreconciled", () => {
    create({ image: "acme/bot:crash" });
    at(700);
    update({ image: "acme/bot:1" });
    at(750);
    const d = get();
    expect(d.currentRevision?.phase).toBe("Failed");
    expect(d.errors).toEqual([]);
  });
});

describe("update semantics", () => {
  it("no-op update: same deployment, warning", () => {
    const first = create({ image: "acme/bot:1", autoScaling: { minAgents: 1, maxAgents: 3 } });
    at(5000);
    const d = update({ image: "acme/bot:1", autoScaling: { minAgents: 1 } });
    expect(d.desiredDeploymentId).toBe(first.desiredDeploymentId);
    expect(d.warning).toBe(NO_CHANGE_WARNING);
    expect(d.updatedAt).toBe(first.updatedAt);
    expect(store.agentSnapshots()[0].deploymentIds).toHaveLength(1);
  });

  it("forceRedeploy with the same config creates a deployment", () => {
    const first = create({ image: "acme/bot:latest" });
    const d = update({ forceRedeploy: true });
    expect(d.desiredDeploymentId).not.toBe(first.desiredDeploymentId);
    expect(d).not.toHaveProperty("warning");
  });

  it("scaling-only update: config changes in place, no deployment, no warning", () => {
    const first = create({ image: "acme/bot:1" });
    at(1500);
    const d = update({ autoScaling: { minAgents: 2, maxAgents: 5 } });
    expect(d.desiredDeploymentId).toBe(first.desiredDeploymentId);
    expect(d).not.toHaveProperty("warning");
    expect(d.autoScaling).toEqual({ minReplicas: 2, maxReplicas: 5 });
    expect(d.deployment.manifest.spec.autoScaling).toEqual({ minReplicas: 2, maxReplicas: 5 });
    expect(d.currentRevision?.readyReplicas).toBe(2);
    expect(d.ready).toBe(true);
  });

  it.each([
    ["image", { image: "acme/bot:2" }],
    ["buildId", { buildId: BUILD }],
    ["agentProfile", { agentProfile: "agent-2x" }],
    ["maxSessionDuration", { maxSessionDuration: 600 }],
    ["krispViva", { krispViva: { audioFilter: "pro" } }],
    ["enableKrisp", { enableKrisp: true }],
  ])("%s change creates a deployment", (_, body) => {
    const first = create({ image: "acme/bot:1" });
    expect(update(body).desiredDeploymentId).not.toBe(first.desiredDeploymentId);
  });

  it("omitted fields keep their values; null clears back to the default", () => {
    store.putSecretSet("env-a", parseSecretSetPut({ secrets: [{ secretKey: "K", secretValue: "v" }] }));
    store.putSecretSet("pull-a", parseSecretSetPut({ isImagePullSecret: true, host: "https://ghcr.io", secretValue: "dTpw" }));
    at(1000);
    create({
      image: "acme/bot:1",
      secretSet: "env-a",
      imagePullSecretSet: "pull-a",
      maxSessionDuration: 3600,
      krispViva: { audioFilter: "tel" },
      agentProfile: "agent-2x",
    });
    let d = update({ image: "acme/bot:2" });
    expect(d.deployment.manifest.spec).toMatchObject({
      envFromSecretNames: ["env-a"],
      imagePullSecretName: "pull-a",
      maxSessionDurationSeconds: 3600,
      krispViva: { audioFilters: true },
    });
    expect(d.agentProfile).toBe("agent-2x");

    d = update({ secretSet: null, imagePullSecretSet: null, maxSessionDuration: null, krispViva: { audioFilter: null } });
    const spec = d.deployment.manifest.spec;
    expect(spec.envFromSecretNames).toEqual([]);
    expect(spec.imagePullSecretName).toBeNull();
    expect(spec).not.toHaveProperty("maxSessionDurationSeconds");
    expect(spec.krispViva).toEqual({ audioFilters: false });
    expect(d.krispViva).toEqual({ audioFilter: null });
    expect(d.agentProfile).toBe("agent-2x");
    expect(store.agentSnapshots()[0].config).toMatchObject({
      secretSet: null,
      imagePullSecretSet: null,
      maxSessionDuration: null,
      krispViva: { audioFilter: null },
    });
  });

  it("partial autoScaling keeps the other bound and checks min <= max", () => {
    create({ image: "acme/bot:1", autoScaling: { minAgents: 1, maxAgents: 3 } });
    expect(update({ autoScaling: { maxAgents: 8 } }).autoScaling).toEqual({ minReplicas: 1, maxReplicas: 8 });
    expect(apiError(() => update({ autoScaling: { minAgents: 9 } }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("autoScaling.minAgents"),
    });
  });

  it("region and serviceName in an update body are ignored", () => {
    create({ image: "acme/bot:1" });
    const d = update({ region: "eu-central", serviceName: "other", image: "acme/bot:2" });
    expect([d.name, d.region]).toEqual(["bot", "us-west"]);
  });
});

describe("secret set references", () => {
  beforeEach(() => {
    store.putSecretSet("env-west", parseSecretSetPut({ secrets: [{ secretKey: "K", secretValue: "v" }] }));
    store.putSecretSet("env-east", parseSecretSetPut({ region: "us-east", secrets: [{ secretKey: "K", secretValue: "v" }] }));
    store.putSecretSet("pull-west", parseSecretSetPut({ isImagePullSecret: true, host: "https://ghcr.io", secretValue: "dTpw" }));
  });

  it("a pending set is 409 until secretReadyMs has passed", () => {
    expect(apiError(() => create({ image: "a/b:1", secretSet: "env-west" }))).toEqual({
      status: 409,
      code: "CONFLICT",
      message: "Secret set 'env-west' is not yet ready. Retry once it has been provisioned.",
    });
    at(200);
    expect(create({ image: "a/b:1", secretSet: "env-west" }).deployment.manifest.spec.envFromSecretNames).toEqual(["env-west"]);
  });

  it.each([
    [{ secretSet: "nope" }, 404, "Secret set not found"],
    [
      { secretSet: "env-east" },
      400,
      "Secret set 'env-east' is in region 'us-east' but service will be created in region 'us-west'. Secrets must be in the same region as the service.",
    ],
    [{ secretSet: "pull-west" }, 400, "Secret set 'pull-west' is an image pull secret set; reference it as imagePullSecretSet"],
    [{ imagePullSecretSet: "env-west" }, 400, "Image pull secret set 'env-west' is a regular secret set; reference it as secretSet"],
  ])("create with %j → %i", (refs, status, message) => {
    at(500);
    expect(apiError(() => create({ image: "a/b:1", ...refs }))).toMatchObject({ status, message });
  });

  it("update region mismatch uses the 'service is in region' wording", () => {
    at(500);
    create({ image: "a/b:1" });
    expect(apiError(() => update({ secretSet: "env-east" })).message).toBe(
      "Secret set 'env-east' is in region 'us-east' but service is in region 'us-west'. Secrets must be in the same region as the service.",
    );
  });

  it("a new deployment re-checks a referenced set that went pending again", () => {
    at(500);
    create({ image: "a/b:1", secretSet: "env-west" });
    store.putSecretSet("env-west", parseSecretSetPut({ secrets: [{ secretKey: "K2", secretValue: "v" }] }));
    expect(apiError(() => update({ forceRedeploy: true })).status).toBe(409);
    // A scaling-only change does not bind the set again.
    expect(update({ autoScaling: { maxAgents: 4 } }).autoScaling.maxReplicas).toBe(4);
  });
});

describe("secret sets", () => {
  it("merges keys, goes pending on every change, never returns values", () => {
    expect(store.putSecretSet("env", parseSecretSetPut({ secrets: [{ secretKey: "A", secretValue: "1" }] }))).toEqual({
      status: "OK",
      region: "us-west",
    });
    expect(store.getSecretSet("env").status).toBe("pending");
    at(200);
    expect(store.getSecretSet("env").status).toBe("ready");
    store.putSecretSet("env", parseSecretSetPut({ secrets: [{ secretKey: "B", secretValue: "2" }] }));
    expect(store.getSecretSet("env")).toEqual({ region: "us-west", status: "pending", secrets: [{ fieldName: "A" }, { fieldName: "B" }] });
    at(400);
    store.deleteSecretKey("env", "A");
    expect(store.getSecretSet("env")).toEqual({ region: "us-west", status: "pending", secrets: [{ fieldName: "B" }] });
    expect(JSON.stringify(store.secretSetSnapshots())).not.toMatch(/"[12]"/);
  });

  it.each([
    [{ region: "us-east", secrets: [{ secretKey: "A", secretValue: "1" }] }, "Secret already exists in region 'us-west'. Cannot change region to 'us-east'."],
    [{ isImagePullSecret: true, host: "https://ghcr.io", secretValue: "x" }, "Cannot update existing regular secrets to image pull secrets"],
  ])("rejects %j on an existing regular set", (body, message) => {
    store.putSecretSet("env", parseSecretSetPut({ secrets: [{ secretKey: "A", secretValue: "1" }] }));
    expect(apiError(() => store.putSecretSet("env", parseSecretSetPut(body)))).toEqual({
      status: 400,
      code: "GENERIC_BAD_REQUEST",
      message,
    });
  });

  it("image pull sets: host gets a trailing slash, GET by name is 400", () => {
    store.putSecretSet("pull", parseSecretSetPut({ isImagePullSecret: true, host: "https://ghcr.io", secretValue: "x", region: "eu-central" }));
    expect(store.secretSetSnapshots()[0]).toMatchObject({ type: "imagePullSecret", region: "eu-central", host: "https://ghcr.io/", keys: [] });
    expect(apiError(() => store.getSecretSet("pull")).message).toBe("Cannot retrieve image pull secrets by name");
    expect(store.listSecretSets().sets).toEqual([{ name: "pull", type: "imagePullSecret", region: "eu-central", status: "pending" }]);
  });
});

describe("builds and names", () => {
  it.each([
    [{ buildId: "00000000-0000-4000-8000-000000000000" }, "Build not found"],
    [{ buildId: BUILD, region: "eu-central" }, "Build is in region 'us-west' but service is in region 'eu-central'. Builds must be in the same region as the service."],
    [{ image: "a/b:1", buildId: BUILD }, "Cannot specify both image and buildId. Use one or the other."],
    [{}, "Either image or buildId is required for service creation"],
  ])("create %j → 400", (body, message) => {
    expect(apiError(() => create(body))).toEqual({ status: 400, code: "GENERIC_BAD_REQUEST", message });
  });

  it("duplicate names are rejected across regions", () => {
    create({ image: "a/b:1" });
    expect(apiError(() => create({ image: "a/b:1", region: "eu-central" })).message).toBe("Service already exists");
  });

  it("uses the documented default timings", () => {
    expect(DEFAULT_TIMINGS).toEqual({
      reconcileMs: 300,
      validatingMs: 800,
      readyMs: 2000,
      failMs: 1500,
      drainingMs: 1000,
      secretReadyMs: 500,
      buildQueueMs: 300,
      buildRunMs: 1200,
    });
  });
});
