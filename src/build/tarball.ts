// The build context as the `pcc` CLI packs it: a ustar archive as Python's
// tarfile writes it (pax `path` records for long or non-ASCII names), every
// member with mtime 0, uid/gid 0, no owner names and mode 0644 or 0755, then
// gzip with mtime 0. Deflate runs through pako at level 9, which produces the
// same bytes as CPython's zlib, so the hash equals the CLI's (and the server's)
// for the same folder. Written by hand (see README, "Dependencies"): no tar
// library lets a caller pin every header byte the way the CLI's hash needs.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { deflateRaw } from "pako";

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

export function tar(members: readonly TarMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    const ascii = /^[\x00-\x7f]*$/.test(m.name);
    if (!ascii || m.name.length > NAME_LENGTH) {
      const records = paxRecord("path", m.name);
      parts.push(header(Buffer.from("././@PaxHeader", "ascii"), 0, records.length, "x"), padded(records));
    }
    parts.push(header(ustarName(m.name), m.executable ? 0o755 : 0o644, m.content.length, "0"), padded(m.content));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (size % RECORD !== 0) parts.push(Buffer.alloc(RECORD - (size % RECORD)));
  return Buffer.concat(parts);
}

/** gzip as Python's GzipFile(mtime=0) writes it: no name, XFL 2 (best), OS 255 (unknown). */
export function gzip(data: Uint8Array): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data) >>> 0, 0);
  tail.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([head, deflateRaw(data, { level: 9 }), tail]);
}

/** The first 16 hex digits of the MD5 of the tar.gz: the context hash Pipecat Cloud computes. */
export function contextHashOf(tarball: Uint8Array): string {
  return createHash("md5").update(tarball).digest("hex").slice(0, 16);
}

export function readMembers(files: ReadonlyArray<{ name: string; absolutePath: string; executable: boolean }>): TarMember[] {
  return files.map((f) => ({ name: f.name, content: readFileSync(f.absolutePath), executable: f.executable }));
}
