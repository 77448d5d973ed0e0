// Both secret providers against the simulator over real HTTP, under both
// readings of the undocumented PUT semantics (merge or replace the keys).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretSetNotReadyError } from "../../src/client/errors/SecretSetNotReadyError";
import { PipecatImagePullSecretProvider } from "../../src/image-pull-secret/provider";
import type { SecretProviderOptions } from "../../src/secret-common/provider-base";
import { PipecatSecretSetProvider } from "../../src/secret-set/provider";
import { startSimulator, type SecretPutSemantics, type Simulator } from "../../src/simulator";

const KEY = "pk_test_secret_sets_3e9a";

function setup(secretPut: SecretPutSemantics) {
  let sim!: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: KEY, timings: { secretReadyMs: 30 }, secretPut });
  });
  afterAll(() => sim.close());
  const configure = async <P extends PipecatSecretSetProvider | PipecatImagePullSecretProvider>(p: P) => {
    const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": sim.url };
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
    return p;
  };
  const options: SecretProviderOptions = { env: {}, poll: { initialMs: 10, maxMs: 20 } };
  return {
    sim: () => sim,
    secretSet: (extra: SecretProviderOptions = {}) => configure(new PipecatSecretSetProvider({ ...options, ...extra })),
    imagePullSecret: () => configure(new PipecatImagePullSecretProvider(options)),
  };
}

async function checked(p: PipecatSecretSetProvider | PipecatImagePullSecretProvider, news: Record<string, unknown>) {
  const result = await p.check({}, { ...news, __provider: "serialized" });
  expect(result.failures ?? []).toEqual([]);
  return { ...result.inputs, __provider: "serialized" } as Record<string, unknown>;
}

describe.each(["merge", "replace"] as const)("a secret set when PUT semantics are %s", (semantics) => {
  const env = setup(semantics);

  it("rotating one key and removing another leaves exactly the program's keys", async () => {
    const p = await env.secretSet();
    const sim = env.sim();
    const created = await p.create(await checked(p, { setName: `rotate-${semantics}`, secrets: { A: "1", B: "2", C: "3" } }));
    const next = await checked(p, { setName: `rotate-${semantics}`, secrets: { A: "1", B: "22" } });
    const start = sim.requests.length;
    const updated = await p.update(created.id, created.outs, next);
    expect(updated.outs).toMatchObject({ keys: ["A", "B"], status: "ready" });
    expect(sim.secretSets().find((s) => s.name === `rotate-${semantics}`)!.keys.sort()).toEqual(["A", "B"]);
    const puts = sim.requests.slice(start).filter((r) => r.method === "PUT").map((r) => (r.body as { secrets: Array<{ secretKey: string }> }).secrets.map((s) => s.secretKey));
    // Merge: only the changed key is sent. Replace: the partial PUT dropped A, so the whole set follows once.
    expect(puts).toEqual(semantics === "merge" ? [["B"]] : [["B"], ["A", "B"]]);
  });

  // Drift repair without a refresh first: the update's own deletions, and the repair step after it.
  const keysOf = (name: string) => env.sim().secretSets().find((s) => s.name === name)!.keys.sort();
  const outOfBandPut = (name: string, key: string) =>
    fetch(`${env.sim().url}/v1/secrets/${name}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ secrets: [{ secretKey: key, secretValue: "oob" }] }),
    }).then((r) => r.body?.cancel());

  it("a key added out of band is deleted by the next update, with no refresh first (the repair step)", async () => {
    const p = await env.secretSet();
    const name = `repair-${semantics}`;
    const created = await p.create(await checked(p, { setName: name, secrets: { A: "1", B: "2" } }));
    await outOfBandPut(name, "EXTRA");
    if (semantics === "merge") expect(keysOf(name)).toEqual(["A", "B", "EXTRA"]);
    // A rotation of A only: the update itself sends A, and nothing it knows of says EXTRA exists.
    const start = env.sim().requests.length;
    const updated = await p.update(name, created.outs, await checked(p, { setName: name, secrets: { A: "11", B: "2" } }));
    expect(keysOf(name)).toEqual(["A", "B"]);
    expect(updated.outs).toMatchObject({ keys: ["A", "B"] });
    const deletes = env.sim().requests.slice(start).filter((r) => r.method === "DELETE").map((r) => r.path);
    expect(deletes).toEqual(semantics === "merge" ? [`/v1/secrets/${name}/EXTRA`] : []);
  });

  it("a key removed from the program is deleted by the update itself (its own deletion path)", async () => {
    const p = await env.secretSet();
    const name = `remove-${semantics}`;
    const created = await p.create(await checked(p, { setName: name, secrets: { A: "1", B: "2" } }));
    const start = env.sim().requests.length;
    await p.update(name, created.outs, await checked(p, { setName: name, secrets: { A: "1" } }));
    const sent = env.sim().requests.slice(start).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    // Nothing to put (A is unchanged): B's DELETE is the update's, not the repair step's.
    expect(sent).toEqual([`DELETE /v1/secrets/${name}/B`]);
    expect(keysOf(name)).toEqual(["A"]);
  });
});

describe("secret set failures and retries", () => {
  const env = setup("merge");

  it("a 409 'modified concurrently' on PUT is retried", async () => {
    const sleeps: number[] = [];
    const p = await env.secretSet({ client: { sleep: async (ms) => void sleeps.push(ms) } });
    const sim = env.sim();
    await fetch(`${sim.url}/_simulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "PUT", path: "/v1/secrets/busy-set", fault: { kind: "status", status: 409, body: { error: "Secret set 'busy-set' was modified concurrently. Please retry.", code: "CONFLICT" } } }),
    });
    const { outs } = await p.create(await checked(p, { setName: "busy-set", secrets: { K: "v" } }));
    expect(outs).toMatchObject({ status: "ready" });
    expect(sim.requests.filter((r) => r.method === "PUT").map((r) => r.status)).toEqual([409, 202]);
    expect(sleeps.length).toBeGreaterThan(0);
  });

  it("a set still pending at the deadline fails with a timeout and stays in state", async () => {
    // The simulator's clock stands still, so the set never leaves pending; the provider's clock is fake too.
    const frozen = await startSimulator({ apiKey: KEY, now: () => 1_000_000 });
    try {
      let clock = 0;
      const config: Record<string, string> = { "pipecat:apiKey": KEY, "pipecat:apiUrl": frozen.url };
      const p = new PipecatSecretSetProvider({ env: {}, now: () => clock, sleep: async (ms) => void (clock += ms) });
      await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
      const error = await p.create(await checked(p, { setName: "slow-set", secrets: { K: "v" }, readyTimeoutSeconds: 5 })).catch((e) => e);
      expect(error).toBeInstanceOf(SecretSetNotReadyError);
      expect(error).toMatchObject({ code: "PIPECAT_ERR_SECRET_SET_TIMEOUT", id: "slow-set", properties: { status: "pending" } });
      expect(error.message).toMatch(/still "pending" after 5 s/);
      expect(clock).toBeGreaterThanOrEqual(5_000);
    } finally {
      await frozen.close();
    }
  });

  it("a failed set reports the API's errorMessage", async () => {
    const p = await env.secretSet();
    const error = await p.create(await checked(p, { setName: "bad-set", secrets: { K: "provision-fail" } })).catch((e) => e);
    expect(error).toBeInstanceOf(SecretSetNotReadyError);
    expect(error.code).toBe("PIPECAT_ERR_SECRET_SET_FAILED");
    expect(error.message).toMatch(/the secret store rejected a value/);
    expect(error.properties).toMatchObject({ setName: "bad-set", status: "failed" });
  });
});

describe("an image pull secret", () => {
  const env = setup("merge");

  it("is created, rotated in place, and survives a refresh; it is never read by name", async () => {
    const p = await env.imagePullSecret();
    const sim = env.sim();
    const created = await p.create(await checked(p, { setName: "ghcr-creds", host: "https://ghcr.io", username: "bot", password: "t1", region: "eu-central" }));
    expect(created.outs).toMatchObject({ region: "eu-central", requestedRegion: "eu-central", status: "ready", host: "https://ghcr.io" });
    expect(sim.secretSets()).toMatchObject([{ name: "ghcr-creds", type: "imagePullSecret", host: "https://ghcr.io/", region: "eu-central" }]);
    const rotated = await p.update("ghcr-creds", created.outs, await checked(p, { setName: "ghcr-creds", host: "https://ghcr.io", username: "bot", password: "t2", region: "eu-central" }));
    expect(rotated.outs.contentHash).not.toBe(created.outs.contentHash);
    const read = await p.read("ghcr-creds", rotated.outs);
    expect(read.inputs).toMatchObject({ setName: "ghcr-creds", region: "eu-central", password: "t2" });
    expect(sim.requests.filter((r) => r.method === "GET" && r.path === "/v1/secrets/ghcr-creds")).toEqual([]);
  });

  it("a change of host alone is sent to the API", async () => {
    const p = await env.imagePullSecret();
    const sim = env.sim();
    const args = { setName: "host-move", host: "https://ghcr.io", username: "bot", password: "t1" };
    const created = await p.create(await checked(p, args));
    const start = sim.requests.length;
    await p.update("host-move", created.outs, await checked(p, { ...args, host: "https://registry.gitlab.com" }));
    const puts = sim.requests.slice(start).filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0]!.body).toMatchObject({ host: "https://registry.gitlab.com" });
    expect(sim.secretSets().find((s) => s.name === "host-move")!.host).toBe("https://registry.gitlab.com/");
  });

  it("a name that is already taken is refused at create, and that set is left alone", async () => {
    const p = await env.imagePullSecret();
    const sim = env.sim();
    await (await env.secretSet()).create(await checked(await env.secretSet(), { setName: "taken-name", secrets: { A: "1" } }));
    const start = sim.requests.length;
    const error = await p.create(await checked(p, { setName: "taken-name", username: "bot", password: "t1" })).catch((e: Error) => e);
    expect(String(error)).toMatch(/A secret set named "taken-name" \(secret\) already exists in Pipecat Cloud/);
    expect(sim.requests.slice(start).filter((r) => r.method !== "GET")).toEqual([]);
    expect(sim.secretSets().find((s) => s.name === "taken-name")).toMatchObject({ type: "secret", keys: ["A"] });
  });
});
