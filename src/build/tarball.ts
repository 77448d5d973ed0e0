// The build context as the `pcc` CLI packs it: a ustar archive as Python's
// tarfile writes it (pax `path` records for long or non-ASCII names), every
// member with mtime 0, uid/gid 0, no owner names and mode 0644 or 0755, then
// gzip with mtime 0. Deflate runs through pako at level 9, which produces the
// same bytes as CPython's zlib, so the hash equals the CLI's (and the server's)
// for the same folder. Written by hand (see README, "Dependencies"): no tar
// library lets a caller pin every header byte the way the CLI's hash needs.
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { Deflate } from "pako";

const BLOCK = 512;
/** tarfile pads the archive to whole records of 20 blocks. */
const RECORD = 20 * BLOCK;
const NAME_LENGTH = 100;

export interface TarMember {
  name: string;
  content: Uint8Array;
  executable: boolean;
}

/** An octal number field: zero-padded digits and a NUL. */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: Uint8Array, mode: number, size: number, type: string): Buffer {
  const block = Buffer.alloc(BLOCK); // every field not written stays NUL (devmajor/devminor included)
  block.set(name.subarray(0, NAME_LENGTH), 0);
  block.write(octal(mode, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii"); // uid
  block.write(octal(0, 8), 116, "ascii"); // gid
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(0, 12), 136, "ascii"); // mtime
  block.write("        ", 148, "ascii"); // checksum, counted as spaces
  block.write(type, 156, "ascii");
  block.write("ustar\u000000", 257, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0", 148, "ascii"); // the 8th byte stays a space
  return block;
}

function padded(data: Uint8Array): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? Buffer.from(data) : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** A pax record "LEN path=VALUE\n", LEN counting its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.from(` ${key}=${value}\n`, "utf8");
  let length = body.length;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length), "ascii"), body]);
}

/** The bytes tarfile puts in the 100-byte name field: ASCII, each other character as "?". */
function ustarName(name: string): Buffer {
  return Buffer.from([...name].map((c) => (c.codePointAt(0)! < 128 ? c : "?")).join(""), "ascii");
}

/** A member whose bytes arrive in pieces: `size` goes in the header before any of them. */
export interface TarEntry {
  name: string;
  size: number;
  executable: boolean;
  chunks: () => Iterable<Uint8Array>;
}

const roundUp = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

/** The archive piece by piece, so that no one needs all of it (or all of a file) in memory at once. */
export function* tarPieces(entries: Iterable<TarEntry>): Generator<Uint8Array> {
  let size = 0;
  for (const e of entries) {
    const ascii = /^[\x00-\x7f]*$/.test(e.name);
    if (!ascii || e.name.length > NAME_LENGTH) {
      const records = paxRecord("path", e.name);
      yield header(Buffer.from("././@PaxHeader", "ascii"), 0, records.length, "x");
      yield padded(records);
      size += BLOCK + roundUp(records.length);
    }
    yield header(ustarName(e.name), e.executable ? 0o755 : 0o644, e.size, "0");
    let written = 0;
    for (const chunk of e.chunks()) {
      written += chunk.length;
      yield chunk;
    }
    // The header promised e.size bytes: anything else would shift every later member.
    if (written !== e.size) throw new Error(`Build context: "${e.name}" changed while it was being packed (${e.size} bytes listed, ${written} read); run again`);
    yield Buffer.alloc(roundUp(e.size) - e.size);
    size += BLOCK + roundUp(e.size);
  }
  size += 2 * BLOCK;
  yield Buffer.alloc(2 * BLOCK + (RECORD - (size % RECORD)) % RECORD);
}

export function tar(members: readonly TarMember[]): Buffer {
  return Buffer.concat([...tarPieces(members.map((m) => ({ name: m.name, size: m.content.length, executable: m.executable, chunks: () => [m.content] })))]);
}

/**
 * gzip as Python's GzipFile(mtime=0) writes it (no name, XFL 2 (best), OS 255 (unknown)),
 * fed piece by piece; `out` gets the compressed bytes in order. Deflate without flushes
 * gives the same bytes however its input is split, so this equals a one-shot deflate.
 */
export function gzipPieces(pieces: Iterable<Uint8Array>, out: (chunk: Uint8Array) => void): void {
  out(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]));
  const deflate = new Deflate({ level: 9, raw: true });
  deflate.onData = (chunk) => out(chunk as Uint8Array); // a fresh array each time: pako does not reuse it
  let crc = 0;
  let length = 0;
  for (const piece of pieces) {
    crc = crc32(piece, crc);
    length += piece.length;
    deflate.push(piece, false);
  }
  deflate.push(new Uint8Array(0), true);
  if (deflate.err) throw new Error(`gzip of the build context failed: ${deflate.msg}`);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc >>> 0, 0);
  tail.writeUInt32LE(length % 2 ** 32, 4);
  out(tail);
}

export function gzip(data: Uint8Array): Buffer {
  const chunks: Uint8Array[] = [];
  gzipPieces([data], (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** The context hash Pipecat Cloud computes, the first 16 hex digits of the MD5 of the tar.gz, fed piece by piece. */
export function contextHasher(): { update(piece: Uint8Array): void; digest(): string } {
  const md5 = createHash("md5");
  return { update: (piece) => void md5.update(piece), digest: () => md5.digest("hex").slice(0, 16) };
}
