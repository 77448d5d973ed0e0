// Smoke test of the host harness (src/runner/host.ts) with a trivial provider, serialized
// exactly as `dynamic.Resource` does and run by the real dynamic-provider host in the consumer.
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HostCallError, startProviderHost, type ProviderHost } from "../../src/runner/host";

const consumerDir = inject("consumerDir");
const URN = "urn:pulumi:stack::myproj::pulumi-nodejs:dynamic/trivial:Thing::thing";
const SECRET = "s3cret-VALUE-that-must-not-leak";

// A local module of the consumer project: serialized by value, like a user's own provider file.
// It echoes which config keys it saw as booleans, never their values.
const TRIVIAL_PROVIDER = `
const store = {};
let seq = 0;
module.exports = {
  async configure(req) {
    const key = req.config.get("pipecat:apiKey");
    this.seen = {
      apiKey: typeof key === "string" && key.length > 0,
      region: req.config.get("pipecat:region") === "us-west",
      projectScoped: req.config.get("greeting") !== undefined,
      missing: req.config.get("pipecat:nope") !== undefined,
    };
  },
  async check(olds, news) {
    const failures = typeof news.name === "string" ? [] : [{ property: "name", reason: "name is required" }];
    return { inputs: { ...news, checked: true }, failures };
  },
  async diff(id, olds, news) {
    if (news.noOpinion) return {};
    const replaces = olds.name !== news.name ? ["name"] : [];
    const changes = replaces.length > 0 || olds.size !== news.size;
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && news.dbr === true };
  },
  async create(props) {
    if (props.failInit) {
      throw { message: "init failed", id: "partial-1", properties: { __provider: props.__provider, half: true }, reasons: ["not ready", "timed out"] };
    }
    if (props.failPlain) throw new Error("plain failure");
    const id = "obj-" + ++seq;
    const { __provider, ...rest } = props;
    store[id] = rest;
    return { id, outs: { ...rest, seen: this.seen } };
  },
  async read(id, props) {
    if (!store[id]) return {};
    return { id, props: { ...store[id], refreshed: true }, inputs: { name: store[id].name } };
  },
  async update(id, olds, news) {
    const { __provider, ...rest } = news;
    store[id] = rest;
    return { outs: { ...rest, updated: true } };
  },
  async delete(id) {
    delete store[id];
  },
};
`;

// The very call dynamic.Resource makes (dynamic/index.js serializeFunctionMaybeSecret).
const SERIALIZE = `
const provider = require("./trivial-provider.js");
require("@pulumi/pulumi/runtime/closure/serializeClosure")
  .serializeFunction(() => provider, { allowSecrets: true })
  .then((sf) => process.stdout.write(sf.text), (e) => { console.error(e); process.exit(1); });
`;

function serializeTrivialProvider(): Promise<string> {
  fs.writeFileSync(path.join(consumerDir, "trivial-provider.js"), TRIVIAL_PROVIDER);
  fs.writeFileSync(path.join(consumerDir, "serialize-trivial.js"), SERIALIZE);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["serialize-trivial.js"], { cwd: consumerDir }, (err, stdout, stderr) =>
      err ? reject(new Error(`serialize failed: ${stderr}`)) : resolve(stdout),
    ),
  );
}

function groupStates(pgid: number): string[] {
  const ps = spawnSync("ps", ["-e", "-o", "pgid=,stat="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([g]) => Number(g) === pgid)
    .map(([, st]) => st);
}

async function rejection(p: Promise<unknown>): Promise<HostCallError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HostCallError);
  return e as HostCallError;
}

describe("dynamic-provider host harness (trivial provider)", () => {
  let host: ProviderHost;
  let code: string;

  beforeAll(async () => {
    code = await serializeTrivialProvider();
    host = await startProviderHost({ projectDir: consumerDir, project: "myproj" });
  });
  afterAll(async () => {
    await host?.close();
  });

  it("serializes like a Pulumi program", () => {
    expect(code).toMatch(/exports\.handler = /);
    expect(code).toContain("plain failure"); // local module captured by value
  });

  it("getPluginInfo reports the consumer's @pulumi/pulumi version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(consumerDir, "node_modules/@pulumi/pulumi/package.json"), "utf8"));
    expect(await host.getPluginInfo()).toEqual({ version: pkg.version });
    expect(host.port).toBeGreaterThan(0);
    expect(host.pid).toBeGreaterThan(0);
  });

  it("configure sends the full namespaced config with secrets wrapped", async () => {
    const res = await host.configure(
      { "pipecat:apiKey": SECRET, "pipecat:region": "us-west", "myproj:greeting": "hi" },
      ["pipecat:apiKey"],
    );
    expect(res).toEqual({ acceptSecrets: false }); // the Node host always says false
  });

  it("check round-trips inputs and failures", async () => {
    const bad = await host.check(URN, {}, { __provider: code, size: 1 });
    expect(bad.failures).toEqual([{ property: "name", reason: "name is required" }]);
    const ok = await host.check(URN, {}, { __provider: code, name: "a", size: 1 });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toEqual({ __provider: code, name: "a", size: 1, checked: true });
  });

  it("diff round-trips changes, replaces and deleteBeforeReplace", async () => {
    const olds = { __provider: code, name: "a", size: 1 };
    expect(await host.diff(URN, "obj-x", olds, { ...olds })).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    expect(await host.diff(URN, "obj-x", olds, { ...olds, size: 2 })).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await host.diff(URN, "obj-x", olds, { ...olds, name: "b", dbr: true })).toEqual({
      changes: "some",
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    expect(await host.diff(URN, "obj-x", olds, { ...olds, noOpinion: true })).toMatchObject({ changes: "unknown" });
  });

  it("create / read / update / delete round-trip; read of a gone id returns id ''", async () => {
    const created = await host.create(URN, { __provider: code, name: "a", size: 1, nested: { list: [1, "x", null] } });
    expect(created.id).toMatch(/^obj-\d+$/);
    expect(created.properties).toEqual({
      __provider: code,
      name: "a",
      size: 1,
      nested: { list: [1, "x", null] },
      // configure ran lazily with the unwrapped secret; project-less keys got "myproj:"
      seen: { apiKey: true, region: true, projectScoped: true, missing: false },
    });

    const read = await host.read(URN, created.id, created.properties, { __provider: code, name: "a" });
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({ name: "a", refreshed: true, __provider: code });
    expect(read.inputs).toEqual({ name: "a", __provider: code });

    const updated = await host.update(URN, created.id, created.properties, { __provider: code, name: "a", size: 2 });
    expect(updated.properties).toEqual({ __provider: code, name: "a", size: 2, updated: true });

    await host.delete(URN, created.id, updated.properties);
    const gone = await host.read(URN, created.id, updated.properties);
    expect(gone.id).toBe("");
    expect(gone.inputs).toBeUndefined();
  });

  it("a create throwing {id, properties, reasons} decodes as initFailure", async () => {
    const e = await rejection(host.create(URN, { __provider: code, name: "p", failInit: true }));
    expect(e.grpcCode).toBe(2); // UNKNOWN, as grpcResponseFromError sets
    expect(e.message).toContain("init failed");
    expect(e.initFailure).toEqual({
      id: "partial-1",
      properties: { __provider: code, half: true },
      reasons: ["not ready", "timed out"],
    });
  });

  it("a plain throw gives a HostCallError without initFailure", async () => {
    const e = await rejection(host.create(URN, { __provider: code, name: "p", failPlain: true }));
    expect(e.grpcCode).toBe(2);
    expect(e.message).toContain("plain failure");
    expect(e.initFailure).toBeUndefined();
  });

  it("never prints the secret", () => {
    expect(host.output()).not.toContain(SECRET);
    expect(code).not.toContain(SECRET);
  });

  it("close() kills the whole process group", async () => {
    const pid = host.pid;
    expect(groupStates(pid).filter((st) => !st.startsWith("Z")).length).toBe(2); // sh shim + node host
    await host.close();
    // Only zombies awaiting reaping by PID 1 may remain.
    expect(groupStates(pid).filter((st) => !st.startsWith("Z"))).toEqual([]);
    await host.close(); // idempotent
  });
});

describe("startProviderHost errors", () => {
  it("fails clearly when the project has no @pulumi/pulumi", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
    try {
      await expect(startProviderHost({ projectDir: dir })).rejects.toThrow(/@pulumi\/pulumi/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
