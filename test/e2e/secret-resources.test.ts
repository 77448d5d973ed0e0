// PipecatSecretSet and PipecatImagePullSecret through the real dynamic-provider
// host, as installed from the tarball: each resource method, drift, replacement,
// failure, and no value in anything the host says.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HostCallError, startProviderHost, type ProviderHost, type Props } from "../../src/runner/host";
import type { Simulator } from "../../src/simulator";
import { startInstalledSimulator } from "../helpers/installed-simulator";

const consumerDir = inject("consumerDir");
const API_KEY = "pk_e2e_secret_resources_5c1d";
const SET_URN = "urn:pulumi:dev::consumer::pulumi-nodejs:dynamic/pipecat:PipecatSecretSet::keys";
const PULL_URN = "urn:pulumi:dev::consumer::pulumi-nodejs:dynamic/pipecat:PipecatImagePullSecret::registry";
// Recognisable values: none may ever show up in what the host prints or a failure says.
const VALUES = { OPENAI_API_KEY: "sk-canary-openai-91e2", DEEPGRAM_API_KEY: "dg-canary-deepgram-7f0a" };
const PASSWORD = "dckr_pat_canary_33b8";

/** Serializes both classes in a tiny program under mocks, as a Pulumi program would. */
function serializeLikeAProgram(): { secretSet: string; imagePullSecret: string; secretOutputs: Record<string, string[]> } {
  const program = `
    const pulumi = require("@pulumi/pulumi");
    const out = { secretOutputs: {} };
    pulumi.runtime.setMocks({
      newResource(args) { out[args.type.endsWith("SecretSet") ? "secretSet" : "imagePullSecret"] = args.inputs.__provider; return { id: "x", state: args.inputs }; },
      call(args) { return args.inputs; },
    }, "consumer", "dev", false);
    const monitor = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => { out.secretOutputs[req.getName()] = req.getAdditionalsecretoutputsList(); register(req, cb); };
    const { PipecatSecretSet, PipecatImagePullSecret } = require("pulumi-pipecat-cloud");
    new PipecatSecretSet("keys", { setName: "keys", secrets: { A: "b" } }, { additionalSecretOutputs: ["keys"] });
    new PipecatImagePullSecret("registry", { setName: "registry", username: "u", password: "p" });
    process.on("beforeExit", () => { process.stdout.write(JSON.stringify(out)); process.exit(0); });
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", program], { cwd: consumerDir, encoding: "utf8" }));
}

let sim: Simulator;
let host: ProviderHost;
let providers: ReturnType<typeof serializeLikeAProgram>;

beforeAll(async () => {
  providers = serializeLikeAProgram();
  sim = await startInstalledSimulator(consumerDir, { apiKey: API_KEY, secretSets: [] });
  host = await startProviderHost({ projectDir: consumerDir, project: "consumer", env: { PIPECAT_API_KEY: "" } });
  await host.configure({ "pipecat:apiKey": API_KEY, "pipecat:apiUrl": sim.url }, ["pipecat:apiKey"]);
});

afterAll(async () => {
  await host?.close();
  await sim?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then((r) => r.status);

describe("the serialized providers", () => {
  it("are small, load the implementation by package name, and list the derived secret outputs", () => {
    // Installed from node_modules, each kind is stored as a one-line require of its entry module.
    for (const [text, kind] of [[providers.secretSet, "secretSet"], [providers.imagePullSecret, "imagePullSecret"]] as const) {
      expect(text.length).toBeLessThanOrEqual(300);
      expect(new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))).toEqual(new Set([`pulumi-pipecat-cloud/provider/${kind}`]));
    }
    // The user's own additionalSecretOutputs are kept.
    expect(providers.secretOutputs.keys!.sort()).toEqual(["contentHash", "keys", "secrets"]);
    expect(providers.secretOutputs.registry!.sort()).toEqual(["contentHash", "password"]);
  });
});

describe("PipecatSecretSet through the real host", () => {
  const news = (inputs: Props): Props => ({ ...inputs, __provider: providers.secretSet });
  const program = { setName: "voice-keys", secrets: { ...VALUES } };
  let outputs: Props;

  it("bad inputs fail in check, each naming its property and never a value", async () => {
    const bad = await host.check(SET_URN, {}, news({ setName: "Voice_Keys", reigon: "us-west", secrets: { "OPENAI KEY": VALUES.OPENAI_API_KEY, N: 5 } }));
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["reigon", "secrets.N", "secrets.OPENAI KEY", "setName"]);
    expect(bad.failures.find((f) => f.property === "reigon")!.reason).toMatch(/did you mean "region"/);
    expect(JSON.stringify(bad.failures)).not.toContain(VALUES.OPENAI_API_KEY);
    const empty = await host.check(SET_URN, {}, news({ setName: "voice-keys", secrets: {} }));
    expect(empty.failures).toEqual([{ property: "secrets", reason: expect.stringMatching(/at least one key/) }]);
    const missing = await host.check(SET_URN, {}, news({ setName: "voice-keys" }));
    expect(missing.failures.map((f) => f.property)).toEqual(["secrets"]);
    // Preview: a value not known yet is no failure.
    const unknown = await host.check(SET_URN, {}, news({ setName: "voice-keys", secrets: { A: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }));
    expect(unknown.failures).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it("create PUTs every key, waits until ready, and reports keys, region and a content hash", async () => {
    const { inputs } = await host.check(SET_URN, {}, news(program));
    const created = await host.create(SET_URN, inputs);
    expect(created.id).toBe("voice-keys");
    outputs = created.properties;
    expect(outputs).toMatchObject({ setName: "voice-keys", region: "us-west", requestedRegion: null, status: "ready", keys: ["DEEPGRAM_API_KEY", "OPENAI_API_KEY"] });
    expect(outputs.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sim.secretSets()).toMatchObject([{ name: "voice-keys", status: "ready", keys: expect.arrayContaining(Object.keys(VALUES)) }]);
  });

  it("no change: same program, and pinning the region it got", async () => {
    const same = await host.check(SET_URN, outputs, news(program));
    expect(await host.diff(SET_URN, "voice-keys", outputs, same.inputs)).toMatchObject({ changes: "none" });
    const pinned = await host.check(SET_URN, outputs, news({ ...program, region: "us-west" }));
    expect(await host.diff(SET_URN, "voice-keys", outputs, pinned.inputs)).toMatchObject({ changes: "none" });
  });

  it("a new name or region replaces the set (a region move deletes first: names are unique)", async () => {
    const renamed = await host.check(SET_URN, outputs, news({ ...program, setName: "voice-keys-2" }));
    expect(await host.diff(SET_URN, "voice-keys", outputs, renamed.inputs)).toEqual({ changes: "some", replaces: ["setName"], deleteBeforeReplace: false });
    const moved = await host.check(SET_URN, outputs, news({ ...program, region: "eu-central" }));
    expect(await host.diff(SET_URN, "voice-keys", outputs, moved.inputs)).toEqual({ changes: "some", replaces: ["region"], deleteBeforeReplace: true });
  });

  it("rotating a value re-sends that key only and changes the hash", async () => {
    const start = sim.requests.length;
    const rotated = await host.check(SET_URN, outputs, news({ ...program, secrets: { ...VALUES, OPENAI_API_KEY: "sk-canary-openai-rotated" } }));
    expect(await host.diff(SET_URN, "voice-keys", outputs, rotated.inputs)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await host.update(SET_URN, "voice-keys", outputs, rotated.inputs);
    const puts = sim.requests.slice(start).filter((r) => r.method === "PUT");
    expect(puts.map((r) => (r.body as { secrets: Array<{ secretKey: string }> }).secrets.map((s) => s.secretKey))).toEqual([["OPENAI_API_KEY"]]);
    expect(updated.properties.contentHash).not.toBe(outputs.contentHash);
    outputs = updated.properties;
  });

  it("removing a key deletes it upstream", async () => {
    const start = sim.requests.length;
    const { inputs } = await host.check(SET_URN, outputs, news({ setName: "voice-keys", secrets: { OPENAI_API_KEY: "sk-canary-openai-rotated" } }));
    const updated = await host.update(SET_URN, "voice-keys", outputs, inputs);
    expect(sim.requests.slice(start).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /v1/secrets/voice-keys/DEEPGRAM_API_KEY"]);
    expect(updated.properties.keys).toEqual(["OPENAI_API_KEY"]);
    expect(sim.secretSets()[0]!.keys).toEqual(["OPENAI_API_KEY"]);
    outputs = updated.properties;
  });

  it("keys added or removed out of band show as drift on read, and the next update puts the program's keys back", async () => {
    expect(await api("PUT", "/secrets/voice-keys", { secrets: [{ secretKey: "ROGUE", secretValue: "x" }] })).toBe(202);
    expect(await api("DELETE", "/secrets/voice-keys/OPENAI_API_KEY")).toBe(200);
    const read = await host.read(SET_URN, "voice-keys", outputs);
    expect(read.properties.keys).toEqual(["ROGUE"]);
    expect(Object.keys(read.inputs!.secrets as object)).toEqual(["ROGUE"]);
    const desired = await host.check(SET_URN, read.properties, news({ setName: "voice-keys", secrets: { OPENAI_API_KEY: "sk-canary-openai-rotated" } }));
    expect(await host.diff(SET_URN, "voice-keys", read.properties, desired.inputs)).toMatchObject({ changes: "some" });
    const fixed = await host.update(SET_URN, "voice-keys", read.properties, desired.inputs);
    expect(fixed.properties.keys).toEqual(["OPENAI_API_KEY"]);
    expect(sim.secretSets()[0]).toMatchObject({ keys: ["OPENAI_API_KEY"], status: "ready" });
    outputs = fixed.properties;
  });

  it("delete removes the set; deleting it again, and reading it, say gone", async () => {
    await host.delete(SET_URN, "voice-keys", outputs);
    expect(sim.secretSets()).toEqual([]);
    await expect(host.delete(SET_URN, "voice-keys", outputs)).resolves.toBeUndefined();
    expect((await host.read(SET_URN, "voice-keys", outputs)).id).toBe("");
  });

  it("a set that fails to provision stays in state (init failure) with its errorMessage, and no value", async () => {
    const value = "sk-provision-fail-canary-0d4e";
    const { inputs } = await host.check(SET_URN, {}, news({ setName: "broken-keys", secrets: { KEY: value } }));
    const error = (await host.create(SET_URN, inputs).catch((e) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(/Secret set "broken-keys" failed to provision: Failed to provision secret set 'broken-keys'/);
    expect(error.initFailure).toMatchObject({ id: "broken-keys", properties: { status: "failed", setName: "broken-keys" } });
    expect(error.message).not.toContain(value);
    expect(error.initFailure!.reasons.join()).not.toContain(value);
    await host.delete(SET_URN, "broken-keys", error.initFailure!.properties);
  });

  it("a create does not take over a set that already exists", async () => {
    expect(await api("PUT", "/secrets/someone-elses", { secrets: [{ secretKey: "K", secretValue: "v" }] })).toBe(202);
    const { inputs } = await host.check(SET_URN, {}, news({ setName: "someone-elses", secrets: { K: "mine" } }));
    await expect(host.create(SET_URN, inputs)).rejects.toThrow(/already exists in Pipecat Cloud/);
    expect(sim.requests.filter((r) => r.method === "PUT" && r.path === "/v1/secrets/someone-elses")).toHaveLength(1);
    await api("DELETE", "/secrets/someone-elses");
  });
});

describe("PipecatImagePullSecret through the real host", () => {
  const news = (inputs: Props): Props => ({ ...inputs, __provider: providers.imagePullSecret });
  const program = { setName: "registry-creds", username: "acme", password: PASSWORD };
  let outputs: Props;

  it("bad inputs fail in check, each naming its property", async () => {
    const bad = await host.check(PULL_URN, {}, news({ setName: "ab", host: "not a url", username: "a:b", password: "" }));
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["host", "password", "setName", "username"]);
    const missing = await host.check(PULL_URN, {}, news({ setName: "registry-creds" }));
    expect(missing.failures.map((f) => f.property).sort()).toEqual(["password", "username"]);
  });

  it("create PUTs base64(username:password) for Docker Hub by default and reads the set through the list", async () => {
    const start = sim.requests.length;
    const { inputs } = await host.check(PULL_URN, {}, news(program));
    const created = await host.create(PULL_URN, inputs);
    outputs = created.properties;
    expect(outputs).toMatchObject({ setName: "registry-creds", host: "https://index.docker.io/v1/", region: "us-west", status: "ready" });
    const put = sim.requests.slice(start).find((r) => r.method === "PUT")!;
    expect(put.body).toEqual({ isImagePullSecret: true, host: "https://index.docker.io/v1/", secretValue: Buffer.from(`acme:${PASSWORD}`).toString("base64") });
    // Never a GET by name: upstream answers it with 400.
    expect(sim.requests.slice(start).filter((r) => r.method === "GET").map((r) => r.path)).toEqual(expect.arrayContaining(["/v1/secrets"]));
    expect(sim.requests.filter((r) => r.path === "/v1/secrets/registry-creds" && r.method === "GET")).toEqual([]);
  });

  it("no change, then a rotated password is an in-place update with a new hash", async () => {
    const same = await host.check(PULL_URN, outputs, news(program));
    expect(await host.diff(PULL_URN, "registry-creds", outputs, same.inputs)).toMatchObject({ changes: "none" });
    const rotated = await host.check(PULL_URN, outputs, news({ ...program, password: "dckr_pat_canary_rotated" }));
    expect(await host.diff(PULL_URN, "registry-creds", outputs, rotated.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await host.update(PULL_URN, "registry-creds", outputs, rotated.inputs);
    expect(updated.properties.contentHash).not.toBe(outputs.contentHash);
    outputs = updated.properties;
    const moved = await host.check(PULL_URN, outputs, news({ ...program, region: "eu-central" }));
    expect(await host.diff(PULL_URN, "registry-creds", outputs, moved.inputs)).toEqual({ changes: "some", replaces: ["region"], deleteBeforeReplace: true });
  });

  it("a failed credential stays in state with the reason; deleted out of band reads as gone", async () => {
    const { inputs } = await host.check(PULL_URN, outputs, news({ ...program, password: "provision-fail-canary" }));
    const error = (await host.update(PULL_URN, "registry-creds", outputs, inputs).catch((e) => e)) as HostCallError;
    expect(error.initFailure).toMatchObject({ id: "registry-creds", properties: { status: "failed" } });
    expect(error.message).not.toContain("provision-fail-canary");
    expect(await api("DELETE", "/secrets/registry-creds")).toBe(200);
    expect((await host.read(PULL_URN, "registry-creds", outputs)).id).toBe("");
    await expect(host.delete(PULL_URN, "registry-creds", outputs)).resolves.toBeUndefined();
  });
});

it("no secret value appears in anything the host printed", () => {
  const printed = host.output();
  for (const value of [...Object.values(VALUES), PASSWORD, "sk-canary-openai-rotated", "dckr_pat_canary_rotated", API_KEY]) expect(printed).not.toContain(value);
});
