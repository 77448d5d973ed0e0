// Pure parts of the two secret resources and the agent's wiring to them, as tables.
import { describe, expect, it } from "vitest";
import { waitForSetReady } from "../../src/secret-common/wait-for-ready";
import { toUpdateBody, inputsFromState as agentInputsFromState } from "../../src/agent/mapping";
import { secretRegionFailures, secretsRotated } from "../../src/agent/secret-refs";
import { closest } from "../../src/core/check";
import { checkImagePullSecretInputs } from "../../src/image-pull-secret/check";
import { toPutBody as pullPutBody, inputsFromState as pullInputs } from "../../src/image-pull-secret/mapping";
import { diffSet } from "../../src/secret-common/diff";
import { contentHash } from "../../src/secret-common/hash";
import { checkSecretSetInputs } from "../../src/secret-set/check";
import { inputsFromLive, inputsFromState, planUpdate, toPutBody, UNKNOWN_VALUE } from "../../src/secret-set/mapping";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("planUpdate: send new and changed values only, delete removed keys", () => {
  it.each([
    [{ A: "1" }, { A: "1" }, {}, []],
    [{ A: "1" }, { A: "2" }, { A: "2" }, []],
    [{ A: "1" }, { A: "1", B: "2" }, { B: "2" }, []],
    [{ A: "1", B: "2" }, { A: "1" }, {}, ["B"]],
    [{ A: "1", B: "2" }, { C: "3" }, { C: "3" }, ["A", "B"]],
  ])("%j → %j", (previous, next, put, remove) => {
    expect(planUpdate(previous, next)).toEqual({ put, remove });
  });
});

describe("contentHash", () => {
  const base = contentHash("set", { A: "1", B: "2" });
  it.each([
    ["a changed value", contentHash("set", { A: "1", B: "3" })],
    ["an added key", contentHash("set", { A: "1", B: "2", C: "" })],
    ["a removed key", contentHash("set", { A: "1" })],
    ["a renamed key", contentHash("set", { A: "1", C: "2" })],
    ["another set with the same values", contentHash("other", { A: "1", B: "2" })],
    ["a value moved between keys", contentHash("set", { A: "2", B: "1" })],
  ])("changes with %s", (_, other) => expect(other).not.toBe(base));
  it("does not depend on key order, and reveals no value", () => {
    expect(contentHash("set", { B: "2", A: "1" })).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("diffSet", () => {
  const olds = { setName: "s", region: "us-west", requestedRegion: null, secrets: { A: "1" }, readyTimeoutSeconds: 300 };
  it.each([
    ["same", { setName: "s", secrets: { A: "1" }, readyTimeoutSeconds: 300 }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["region pinned to the live one", { setName: "s", region: "us-west", secrets: { A: "1" }, readyTimeoutSeconds: 300 }, { changes: false, replaces: [] }],
    ["a value", { setName: "s", secrets: { A: "2" }, readyTimeoutSeconds: 300 }, { changes: true, replaces: [] }],
    ["an unknown value (preview)", { setName: "s", secrets: { A: UNKNOWN }, readyTimeoutSeconds: 300 }, { changes: true, replaces: [] }],
    ["the name", { setName: "t", secrets: { A: "1" }, readyTimeoutSeconds: 300 }, { changes: true, replaces: ["setName"], deleteBeforeReplace: false }],
    ["the region", { setName: "s", region: "eu-central", secrets: { A: "1" }, readyTimeoutSeconds: 300 }, { changes: true, replaces: ["region"], deleteBeforeReplace: true }],
  ])("%s", (_, news, expected) => {
    expect(diffSet(olds, news, ["secrets", "readyTimeoutSeconds"])).toMatchObject(expected);
  });
});

describe("checkSecretSetInputs", () => {
  it.each([
    [{ setName: "ok-set", secrets: { A_1: "x", "b-2": "y" } }, []],
    [{ setName: "ok-set", secrets: { A: UNKNOWN } }, []],
    [{ setName: "ok-set", secrets: UNKNOWN }, []],
    [{ setName: "ok", secrets: { A: "x" } }, ["setName"]],
    [{ setName: "Upper", secrets: { A: "x" } }, ["setName"]],
    [{ setName: "ok-set", secrets: {} }, ["secrets"]],
    [{ setName: "ok-set", secrets: { "a.b": "x" } }, ["secrets.a.b"]],
    [{ setName: "ok-set", secrets: { ["K".repeat(65)]: "x" } }, [`secrets.${"K".repeat(65)}`]],
    [{ setName: "ok-set", secrets: { A: 1 } }, ["secrets.A"]],
    [{ setName: "ok-set", secrets: { A: "x", EMPTY: "" } }, ["secrets.EMPTY"]],
    [{ setName: "ok-set", secrets: { A: "x" }, readyTimeoutSeconds: 0 }, ["readyTimeoutSeconds"]],
    [{ setName: "ok-set", secret: { A: "x" } }, ["secret", "secrets"]],
  ])("%j fails on %j", async (news, properties) => {
    const { failures } = await checkSecretSetInputs({ ...news, __provider: "p" });
    expect(failures.map((f) => f.property).sort()).toEqual(properties);
  });

  it("an empty value is refused before anything is sent, saying why and what to do", async () => {
    const { failures } = await checkSecretSetInputs({ setName: "ok-set", secrets: { EMPTY: "" }, __provider: "p" });
    expect(failures).toEqual([{ property: "secrets.EMPTY", reason: expect.stringMatching(/must not be empty: .* remove the key instead/) }]);
  });

  it("fills in the timeout and never quotes a value", async () => {
    const { inputs, failures } = await checkSecretSetInputs({ setName: "ok-set", secrets: { "bad key": "the-value-1234" } });
    expect(inputs.readyTimeoutSeconds).toBe(300);
    expect(JSON.stringify(failures)).not.toContain("the-value-1234");
  });
});

describe("checkImagePullSecretInputs", () => {
  it.each([
    [{ setName: "reg-creds", username: "u", password: "p" }, []],
    [{ setName: "reg-creds", host: "https://ghcr.io", username: "u", password: UNKNOWN }, []],
    [{ setName: "reg-creds", host: "ghcr.io", username: "u", password: "p" }, ["host"]],
    [{ setName: "reg-creds", username: "u:x", password: "p" }, ["username"]],
    [{ setName: "reg-creds", username: "u" }, ["password"]],
    [{ setName: "reg-creds", username: "u", password: "p", pasword: "p" }, ["pasword"]],
  ])("%j fails on %j", async (news, properties) => {
    expect((await checkImagePullSecretInputs(news)).failures.map((f) => f.property).sort()).toEqual(properties);
  });
  it("defaults to Docker Hub", async () => expect((await checkImagePullSecretInputs({ setName: "reg-creds", username: "u", password: "p" })).inputs.host).toBe("https://index.docker.io/v1/"));
});

describe("request bodies", () => {
  it("a regular set: the given entries, the region only when pinned", () => {
    const inputs = inputsFromState({ setName: "s", secrets: { A: "1" } });
    expect(toPutBody(inputs, { A: "1" })).toEqual({ secrets: [{ secretKey: "A", secretValue: "1" }] });
    expect(toPutBody({ ...inputs, region: "eu-central" }, {})).toEqual({ secrets: [], region: "eu-central" });
  });
  it("an image pull secret: base64 of username:password", () => {
    const body = pullPutBody(pullInputs({ setName: "s", username: "bot", password: "pä:ss", region: "us-east" }));
    expect(body).toEqual({ isImagePullSecret: true, host: "https://index.docker.io/v1/", secretValue: Buffer.from("bot:pä:ss").toString("base64"), region: "us-east" });
  });
  it("stored outputs: the requested region, not the live one", () => {
    expect(inputsFromState({ setName: "s", region: "us-west", requestedRegion: null, secrets: {} }).region).toBeUndefined();
    expect(inputsFromState({ setName: "s", region: "us-west", requestedRegion: "us-west", secrets: {} }).region).toBe("us-west");
  });
});

describe("inputsFromLive: drift in key names", () => {
  it("keeps known values, drops keys gone upstream, marks keys added out of band", () => {
    const previous = inputsFromState({ setName: "s", secrets: { A: "1", B: "2" } });
    expect(inputsFromLive(previous, { region: "us-west", keys: ["A", "C"] }).secrets).toEqual({ A: "1", C: UNKNOWN_VALUE });
  });
});

describe("agent wiring", () => {
  it.each([
    [{}, {}, false],
    [{ secretSetHash: "a" }, {}, false], // older state, or a plain name: no redeploy
    [{}, { secretSetHash: "a" }, false], // back from a PipecatSecretSet to a plain name: a missing hash is no change
    [{}, { imagePullSecretSetHash: "a" }, false],
    [{ secretSetHash: "a" }, { secretSetHash: "a" }, false],
    [{ secretSetHash: "b" }, { secretSetHash: "a" }, true],
    [{ imagePullSecretSetHash: "b" }, { imagePullSecretSetHash: "a" }, true],
  ])("secretsRotated(%j, previous %j) = %s", (inputs, previous, rotated) => {
    expect(secretsRotated(inputs, previous)).toBe(rotated);
  });

  it("a rotated set sends forceRedeploy, and keeps redeployTrigger's meaning", () => {
    const previous = agentInputsFromState({ agentName: "a", image: "i:1", secretSet: "s", secretSetHash: "h1" });
    expect(toUpdateBody({ ...previous, secretSetHash: "h2" }, previous)).toMatchObject({ forceRedeploy: true, secretSet: "s" });
    expect(toUpdateBody(previous, previous)).not.toHaveProperty("forceRedeploy");
    expect(toUpdateBody({ ...previous, redeployTrigger: "x" }, previous)).toMatchObject({ forceRedeploy: true });
    // The wiring inputs are never sent to the API.
    expect(Object.keys(toUpdateBody({ ...previous, secretSetHash: "h2", secretSetRegion: "us-west" }, previous))).not.toEqual(expect.arrayContaining(["secretSetHash", "secretSetRegion"]));
  });

  it.each([
    [{ region: "us-west", secretSet: "s", secretSetRegion: "us-west" }, [], []],
    [{ region: "us-west", secretSet: "s", secretSetRegion: "eu-central" }, [], ["secretSet"]],
    [{ region: "us-west", imagePullSecretSet: "r", imagePullSecretSetRegion: "ap-south" }, [], ["imagePullSecretSet"]],
    [{ secretSet: "s", secretSetRegion: "eu-central" }, [], []], // the agent's region is the organization default: unknown here
    [{ region: "us-west", secretSet: "s" }, ["secretSetRegion"], []], // preview: the set's region is not known yet
  ])("%j (unknown %j) fails on %j", (known, unknownPaths, properties) => {
    const failures = secretRegionFailures(known, unknownPaths);
    expect(failures.map((f) => f.property)).toEqual(properties);
    for (const f of failures) expect(f.reason).toMatch(/region "(eu-central|ap-south)" but the agent is in region "us-west"/);
  });
});

describe("closest: the property a misspelt input meant", () => {
  it.each([
    ["reigon", "region"],
    ["SECRETS", "secrets"],
    ["setname", "setName"],
    ["secret", "secrets"],
    ["colour", undefined],
  ])("%s → %s", (typo, meant) => expect(closest(typo, ["setName", "region", "secrets", "readyTimeoutSeconds"])).toBe(meant));
});

describe("waitForSetReady: what each reported status means", () => {
  /** Polls a sequence of statuses (the last one repeats) in virtual time; returns the outcome and the polls made. */
  async function wait(statuses: Array<string | undefined>) {
    let now = 0;
    let polls = 0;
    const outcome = await waitForSetReady({
      setName: "bot-keys",
      read: async () => ({ status: statuses[Math.min(polls++, statuses.length - 1)], errorMessage: "bad value" }),
      timeoutSeconds: 30,
      sleep: async (ms) => void (now += ms),
      now: () => now,
    }).then(
      (set) => ({ ok: set.status ?? "none" }),
      (error: Error & { code?: string }) => ({ error: error.code, message: error.message }),
    );
    return { outcome, polls };
  }

  it.each([
    ["ready", ["ready"], { ok: "ready" }, 1],
    ["pending, then ready", ["pending", "pending", "ready"], { ok: "ready" }, 3],
    ["no status at all: usable now, as before the API had the field", [undefined], { ok: "none" }, 1],
    ["failed: at once", ["failed"], { error: "PIPECAT_ERR_SECRET_SET_FAILED" }, 1],
  ] as Array<[string, Array<string | undefined>, Record<string, unknown>, number]>)("%s", async (_name, statuses, expected, polls) => {
    const result = await wait(statuses);
    expect(result.outcome).toMatchObject(expected);
    expect(result.polls).toBe(polls);
  });

  it("an unknown status is in progress until the timeout (never an instant failure), and the error quotes it", async () => {
    const result = await wait(["provisioning"]);
    expect(result.outcome).toMatchObject({ error: "PIPECAT_ERR_SECRET_SET_TIMEOUT" });
    expect((result.outcome as { message: string }).message).toMatch(/still "provisioning" after 30 s \(a status this provider does not know/);
    expect(result.polls).toBeGreaterThan(5);
  });

  it("an unknown status that turns ready is ready", async () => {
    expect((await wait(["provisioning", "ready"])).outcome).toEqual({ ok: "ready" });
  });
});
