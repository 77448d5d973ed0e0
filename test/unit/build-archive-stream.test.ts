// The archive is built piece by piece (files read 1 MB at a time, deflate fed as the
// tar is written) and must be byte-identical to the one-shot archive it replaces,
// and to the pcc CLI's (see build-context.test.ts for the file rules).
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, gunzipSync } from "node:zlib";
import { deflateRaw } from "pako";
import { afterAll, describe, expect, it } from "vitest";
import { exclusionsFor, listContextFiles } from "../../src/build/context";
import { archiveFiles, hashContext, packContext, packContextToFile } from "../../src/build/pack";
import { gzipPieces } from "../../src/build/tarball";

const root = mkdtempSync(join(tmpdir(), "pipecat-archive-stream-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The gzip this package wrote before streaming: one deflateRaw call over the whole input. */
function oneShotGzip(data: Uint8Array): Buffer {
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data) >>> 0, 0);
  tail.writeUInt32LE(data.length, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]), deflateRaw(data, { level: 9 }), tail]);
}

function split(data: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) pieces.push(data.subarray(i, i + size));
  return pieces;
}

describe("gzip fed in pieces", () => {
  // Text (long matches) then random bytes (none) then text again, across deflate's 32 KB window.
  const text = Buffer.from(Array.from({ length: 8_000 }, (_, i) => `line ${i % 700} of the bot\n`).join(""));
  const data = Buffer.concat([text, randomBytes(100_000), text, Buffer.alloc(0)]);
  const expected = oneShotGzip(data);

  it.each([1_000_003, 65_536, 16_384, 512, 97, 7])("pieces of %i bytes give the one-shot bytes", (size) => {
    const out: Uint8Array[] = [];
    gzipPieces(size === 7 ? split(data.subarray(0, 60_000), 7) : split(data, size), (chunk) => out.push(chunk));
    expect(Buffer.concat(out).equals(size === 7 ? oneShotGzip(data.subarray(0, 60_000)) : expected)).toBe(true);
  });

  it("empty pieces change nothing", () => {
    const out: Uint8Array[] = [];
    gzipPieces([Buffer.alloc(0), data, Buffer.alloc(0)], (chunk) => out.push(chunk));
    expect(Buffer.concat(out).equals(expected)).toBe(true);
  });
});

describe("a context with files larger than one read", () => {
  const dir = join(root, "big");
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(join(dir, "Dockerfile"), "FROM python:3.12-slim\n");
  writeFileSync(join(dir, "bot.py"), "print('hello')\n");
  writeFileSync(join(dir, "models", "weights.bin"), randomBytes(2 * 1024 * 1024 + 777)); // 2 reads and a bit
  writeFileSync(join(dir, "models", "exact.bin"), randomBytes(1024 * 1024)); // exactly one read
  writeFileSync(join(dir, "empty.txt"), "");

  it("is byte-identical to the CLI's algorithm (Python tarfile + gzip)", () => {
    const packed = packContext(dir);
    const out = join(root, "cli.tar.gz");
    const run = spawnSync("python3", [join(__dirname, "../helpers/cli_pack.py"), dir, out], { input: exclusionsFor(undefined).join("\n"), encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(readFileSync(out).equals(packed.tarball)).toBe(true);
    expect(packed.contextHash).toBe(run.stdout.trim());
  });

  it("hashing alone (what the program does) gives the same hash and size as the full pack", () => {
    const packed = packContext(dir);
    const hashed = hashContext(dir, { cacheDir: null });
    expect(hashed).toMatchObject({ contextHash: packed.contextHash, archiveBytes: packed.tarball.length, files: packed.files });
    expect(createHash("md5").update(packed.tarball).digest("hex").slice(0, 16)).toBe(packed.contextHash);
  });

  it("packed into a file (as create uploads it): the same bytes", () => {
    const file = join(root, "to-file.tar.gz");
    const packed = packContextToFile(dir, {}, file);
    const inMemory = packContext(dir);
    expect(readFileSync(file).equals(inMemory.tarball)).toBe(true);
    expect(packed).toEqual({ contextHash: inMemory.contextHash, archiveBytes: inMemory.tarball.length });
  });

  it("an archive that ends on a record boundary gets no padding record, as with tarfile", () => {
    const exact = join(root, "exact-record");
    mkdirSync(exact);
    writeFileSync(join(exact, "Dockerfile"), "#".repeat(17 * 512)); // header + 17 blocks + 2 end blocks = one 20-block record
    const packed = packContext(exact);
    const out = join(root, "exact.tar.gz");
    const run = spawnSync("python3", [join(__dirname, "../helpers/cli_pack.py"), exact, out], { input: "", encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(gunzipSync(packed.tarball).length).toBe(10_240);
    expect(readFileSync(out).equals(packed.tarball)).toBe(true);
  });

  it("a file that shrinks after the listing is an error naming it, not a shifted archive", () => {
    const copy = join(root, "shrinks");
    mkdirSync(copy);
    writeFileSync(join(copy, "Dockerfile"), "FROM scratch\n");
    writeFileSync(join(copy, "data.bin"), randomBytes(3000));
    const files = listContextFiles(copy, []);
    truncateSync(join(copy, "data.bin"), 1000);
    expect(() => archiveFiles(files)).toThrow(/"data\.bin" changed while it was being packed \(3000 bytes listed, 1000 read\)/);
  });
});
