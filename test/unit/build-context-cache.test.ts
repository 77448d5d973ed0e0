// The context cache (src/build/context-cache.ts, hashContext in pack.ts): an unchanged
// folder's hash comes without packing it, and every change packs again, so the cache
// never makes the hash wrong. The truth each answer is held to is packContext, which
// never uses the cache.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ContextFile } from "../../src/build/context";
import { cacheFileFor, contextCacheDir, isRacy, manifestDigest, RACY_MS, readCached, writeCached } from "../../src/build/context-cache";
import { archiveFiles, hashContext, packContext, type HashOptions } from "../../src/build/pack";

const root = mkdtempSync(join(tmpdir(), "pipecat-context-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the manifest digest", () => {
  const file = (over: Partial<ContextFile> = {}): ContextFile => ({
    name: "bot.py", absolutePath: "/x/bot.py", size: 10, executable: false, mtimeNs: 1_700_000_000_000_000_000n, ctimeNs: 1_700_000_000_000_000_000n, mode: 0o100644, ...over,
  });
  const base = manifestDigest(["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file()]);

  it("is the same for the same files, patterns and Dockerfile (the absolute path aside)", () => {
    expect(manifestDigest(["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ absolutePath: "/elsewhere/bot.py" })])).toBe(base);
  });

  it.each<[string, string[], string, ContextFile[]]>([
    ["a size", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ size: 11 })]],
    ["an mtime (by 1 ns)", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ mtimeNs: 1_700_000_000_000_000_001n })]],
    ["a ctime", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ ctimeNs: 1_700_000_000_000_000_001n })]],
    ["a mode", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ mode: 0o100600 })]],
    ["the executable bit as access(2) sees it", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ executable: true })]],
    ["a name", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file({ name: "bot2.py" })]],
    ["a file added", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" }), file(), file({ name: "new.py" })]],
    ["a file removed", ["*.log"], "Dockerfile", [file({ name: "Dockerfile" })]],
    ["the patterns", ["*.log", "data"], "Dockerfile", [file({ name: "Dockerfile" }), file()]],
    ["the Dockerfile", ["*.log"], "bot.py", [file({ name: "Dockerfile" }), file()]],
  ])("changes with %s", (_, patterns, dockerfile, files) => {
    expect(manifestDigest(patterns, dockerfile, files)).not.toBe(base);
  });
});

describe("where the cache lives", () => {
  it.each([
    ["PULUMI_PIPECAT_CACHE_DIR first", { PULUMI_PIPECAT_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x" }, "/c/contexts"],
    ["then $XDG_CACHE_HOME/pulumi-pipecat-cloud", { XDG_CACHE_HOME: "/x" }, "/x/pulumi-pipecat-cloud/contexts"],
    ["then ~/.cache/pulumi-pipecat-cloud", {}, "/home/me/.cache/pulumi-pipecat-cloud/contexts"],
    ["an empty variable counts as unset", { PULUMI_PIPECAT_CACHE_DIR: "", XDG_CACHE_HOME: "" }, "/home/me/.cache/pulumi-pipecat-cloud/contexts"],
  ])("%s", (_, env, expected) => {
    expect(contextCacheDir(env, () => "/home/me")).toBe(expected);
  });

  it("no home directory (os.homedir() throws): no cache, no error", () => {
    expect(contextCacheDir({}, () => { throw new Error("ENOENT: no passwd entry"); })).toBeNull();
  });

  it("one file per folder, dockerfile and exclude", () => {
    const a = cacheFileFor("/cache", "/p/bot", "Dockerfile", undefined);
    expect(a).toMatch(/^\/cache\/[0-9a-f]{32}\.json$/);
    expect(cacheFileFor("/cache", "/p/bot", "Dockerfile", [])).toBe(a);
    expect(new Set([a, cacheFileFor("/cache", "/p/bot2", "Dockerfile", undefined), cacheFileFor("/cache", "/p/bot", "Dockerfile.arm", undefined), cacheFileFor("/cache", "/p/bot", "Dockerfile", ["*.wav"])]).size).toBe(4);
  });

  it.each([
    ["the folder itself", "/p/bot", undefined],
    ["inside it", "/p/bot/.cache", undefined],
    ["next to it", "/p/bot-cache", "file"],
    ["a folder named ..x inside it", "/p/bot/..x", undefined],
    ["above it", "/p", "file"],
  ])("never inside the context folder: a cache at %s", (_, cacheDir, expected) => {
    expect(cacheFileFor(cacheDir, "/p/bot", "Dockerfile", undefined) === undefined ? undefined : "file").toBe(expected);
  });
});

describe("reading and writing an entry", () => {
  const digest = "d".repeat(64);
  const good = { contextHash: "0123456789abcdef", archiveBytes: 10_240 };

  it("reads back what was written, for the same digest only", () => {
    const file = join(root, "rw", "entry.json");
    writeCached(file, digest, good);
    expect(readCached(file, digest)).toEqual(good);
    expect(readCached(file, "e".repeat(64))).toBeUndefined();
    expect(readdirSync(join(root, "rw"))).toEqual(["entry.json"]); // no temporary file left
  });

  it.each([
    ["missing", null],
    ["not JSON", "{\"digest\": \"ddd"],
    ["JSON, not an object", "42"],
    ["no hash", JSON.stringify({ digest, archiveBytes: 1 })],
    ["a hash that is not 16 hex digits", JSON.stringify({ digest, contextHash: "0123", archiveBytes: 1 })],
    ["a size that is not a positive integer", JSON.stringify({ digest, contextHash: good.contextHash, archiveBytes: -1 })],
    ["a folder where the file should be", "dir"],
  ])("ignores an entry that is %s", (_, content) => {
    const file = join(root, `bad-${Math.random().toString(36).slice(2)}.json`);
    if (content === "dir") mkdirSync(file);
    else if (content !== null) writeFileSync(file, content);
    expect(readCached(file, digest)).toBeUndefined();
  });

  it("a cache that cannot be written is no error", () => {
    const blocker = join(root, "blocker");
    writeFileSync(blocker, "a file, not a folder");
    expect(() => writeCached(join(blocker, "contexts", "x.json"), digest, good)).not.toThrow();
  });
});

describe("racy files", () => {
  const at = (ms: number) => [{ ctimeNs: BigInt(ms) * 1_000_000n } as ContextFile];
  it.each([
    ["changed long before the listing", 1_000_000 - RACY_MS - 1, false],
    ["changed just before the listing", 1_000_000 - RACY_MS + 1, true],
    ["changed after the listing began", 1_000_001, true],
  ])("a file %s (ctime %s, listed at 1000000): racy %s", (_, ctimeMs, racy) => {
    expect(isRacy(at(ctimeMs), 1_000_000)).toBe(racy);
  });
});

// ---- hashContext on real folders ----------------------------------------------------

let n = 0;
const PAST = new Date("2024-01-02T03:04:05Z");

/** A context folder; the files' mtimes are set in the past, as an untouched checkout's are. */
function folder(files: Record<string, string> = {}): string {
  const dir = join(root, `ctx-${n++}`);
  const all = { Dockerfile: "FROM python:3.12-slim\n", "Dockerfile.arm": "FROM arm64v8/python:3.12-slim\n", "bot.py": "print('hello')\n", "data/a.wav": "RIFF....", ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o644);
    utimesSync(join(dir, name), PAST, PAST);
  }
  return dir;
}

/**
 * hashContext with its own cache folder, a packer that counts, and a clock past the
 * racy window (the files were written moments ago; their ctime cannot be set back).
 */
function hasher() {
  let packs = 0;
  const options: HashOptions = {
    cacheDir: join(root, `cache-${n++}`),
    now: () => Date.now() + 10 * RACY_MS,
    archive: (files) => (packs++, archiveFiles(files)),
  };
  return {
    hash: (dir: string, extra: Pick<HashOptions, "dockerfile" | "exclude"> = {}) => hashContext(dir, { ...options, ...extra }),
    packs: () => packs,
    cacheDir: options.cacheDir!,
  };
}

/**
 * Waits until the file system's clock has moved past `file`'s ctime, so that a change
 * now gets a different ctime (the racy check guards this in real runs; these tests
 * move the clock past it).
 */
function nextCtimeTick(file: string): void {
  const probe = join(root, "tick");
  const before = statSync(file, { bigint: true }).ctimeNs;
  do writeFileSync(probe, "");
  while (statSync(probe, { bigint: true }).ctimeNs <= before);
}

describe("hashContext", () => {
  it("an unchanged folder: the identical hash, sizes and files, without packing", () => {
    const dir = folder();
    const h = hasher();
    const first = h.hash(dir);
    expect(h.packs()).toBe(1);
    expect(first.cached).toBe(false);
    const truth = packContext(dir);
    expect(first.contextHash).toBe(truth.contextHash);
    expect(first.archiveBytes).toBe(truth.tarball.length);

    const again = h.hash(dir);
    expect(h.packs()).toBe(1);
    expect(again).toEqual({ ...first, cached: true });
  });

  it.each<[string, (dir: string) => Pick<HashOptions, "dockerfile" | "exclude"> | void]>([
    ["content changed, same size, new mtime", (d) => {
      writeFileSync(join(d, "bot.py"), "print('HELLO')\n");
      utimesSync(join(d, "bot.py"), PAST, new Date(PAST.getTime() + 1_000));
    }],
    ["content changed, same size, mtime put back (ctime moves)", (d) => {
      nextCtimeTick(join(d, "bot.py"));
      writeFileSync(join(d, "bot.py"), "print('HELLO')\n");
      utimesSync(join(d, "bot.py"), PAST, PAST);
    }],
    ["a new file", (d) => writeFileSync(join(d, "new.py"), "")],
    ["a new file in a new folder", (d) => (mkdirSync(join(d, "lib")), writeFileSync(join(d, "lib", "x.py"), "x = 1\n"))],
    ["a deleted file", (d) => unlinkSync(join(d, "data/a.wav"))],
    ["a mode change", (d) => chmodSync(join(d, "bot.py"), 0o755)],
    ["a grown file", (d) => writeFileSync(join(d, "bot.py"), "print('hello, world')\n")],
    ["exclude", () => ({ exclude: ["*.wav"] })],
    ["the dockerfile", () => ({ dockerfile: "Dockerfile.arm" })],
    ["a .dockerignore appears", (d) => writeFileSync(join(d, ".dockerignore"), "data\n")],
  ])("%s: packs again and gives the fresh hash", (_, change) => {
    const dir = folder();
    const h = hasher();
    const before = h.hash(dir);
    expect(h.hash(dir).cached).toBe(true);
    const options = change(dir) ?? {};
    const after = h.hash(dir, options);
    expect(h.packs()).toBe(2);
    expect(after.cached).toBe(false);
    expect(after.contextHash).toBe(packContext(dir, options).contextHash);
    // The Dockerfile's path is sent beside the archive, not in it: that archive is the same.
    if (!options.dockerfile) expect(after.contextHash).not.toBe(before.contextHash);
    expect(h.hash(dir, options)).toEqual({ ...after, cached: true }); // and the new state is remembered
  });

  it("a .dockerignore that excludes itself: a change to its patterns still packs again", () => {
    const dir = folder({ ".dockerignore": ".dockerignore\n*.wav\n" });
    const h = hasher();
    const before = h.hash(dir);
    writeFileSync(join(dir, ".dockerignore"), ".dockerignore\n*.py\n");
    const after = h.hash(dir);
    expect(h.packs()).toBe(2);
    expect(after.contextHash).toBe(packContext(dir).contextHash);
    expect(after.files).not.toEqual(before.files);
  });

  it("a change to an excluded file: the same hash, without packing", () => {
    const dir = folder({ ".env": "A=1\n" });
    const h = hasher();
    const before = h.hash(dir);
    writeFileSync(join(dir, ".env"), "A=2\n");
    expect(h.hash(dir)).toEqual({ ...before, cached: true });
    expect(h.packs()).toBe(1);
  });

  it.each([
    ["corrupt", (file: string) => writeFileSync(file, "{ not json")],
    ["unreadable (a folder)", (file: string) => (rmSync(file), mkdirSync(file))],
  ])("a cache file that is %s is ignored", (_, spoil) => {
    const dir = folder();
    const h = hasher();
    const first = h.hash(dir);
    const [file] = readdirSync(h.cacheDir);
    spoil(join(h.cacheDir, file!));
    const again = h.hash(dir);
    expect(h.packs()).toBe(2);
    expect(again).toEqual(first);
  });

  it("files changed within the racy window are not remembered: the next run packs again", () => {
    const dir = folder();
    const h = hasher();
    const options = { cacheDir: join(root, `cache-${n++}`), archive: (files: readonly ContextFile[]) => archiveFiles(files) };
    hashContext(dir, options); // the real clock: the files were written just now
    expect(() => readdirSync(options.cacheDir)).toThrow(/ENOENT/);
    h.hash(dir);
    expect(readdirSync(h.cacheDir)).toHaveLength(1);
  });

  it("cacheDir null: no cache, every call packs", () => {
    const dir = folder();
    let packs = 0;
    const options: HashOptions = { cacheDir: null, now: () => Date.now() + 10 * RACY_MS, archive: (files) => (packs++, archiveFiles(files)) };
    hashContext(dir, options);
    hashContext(dir, options);
    expect(packs).toBe(2);
  });

  it("a cache folder inside the context is not used (it would change the context)", () => {
    const dir = folder({ ".dockerignore": "" });
    let packs = 0;
    const options: HashOptions = { cacheDir: join(dir, "cache"), now: () => Date.now() + 10 * RACY_MS, archive: (files) => (packs++, archiveFiles(files)) };
    const first = hashContext(dir, options);
    expect(hashContext(dir, options).contextHash).toBe(first.contextHash);
    expect(packs).toBe(2);
    expect(readdirSync(dir)).not.toContain("cache");
  });

  it("the cache file holds a digest, the hash and the size: no paths or contents of the context", () => {
    const dir = folder({ "secret-name.py": "TOKEN = 'abc'\n" });
    const h = hasher();
    const { contextHash, archiveBytes } = h.hash(dir);
    const [file] = readdirSync(h.cacheDir);
    const entry = JSON.parse(readFileSync(join(h.cacheDir, file!), "utf8"));
    expect(Object.keys(entry).sort()).toEqual(["archiveBytes", "contextHash", "digest"]);
    expect(entry).toMatchObject({ contextHash, archiveBytes });
    expect(statSync(join(h.cacheDir, file!)).size).toBeLessThan(200);
  });
});
