// Reads an uploaded build context (tar.gz) the way a build server would: just
// enough ustar and pax to list the regular files and their contents.
import { gunzipSync } from "node:zlib";

const BLOCK = 512;

export class ContextArchiveError extends Error {}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** Regular files of a gzip-compressed tar, by member name. Throws ContextArchiveError on anything else. */
export function readContextArchive(gz: Buffer): Map<string, Buffer> {
  if (gz.length < 2 || gz[0] !== 0x1f || gz[1] !== 0x8b) throw new ContextArchiveError("the upload is not gzip-compressed");
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch (e) {
    throw new ContextArchiveError(`the upload is not valid gzip: ${(e as Error).message}`);
  }
  const files = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return files; // end of archive
    if (field(header, 257, 5) !== "ustar") throw new ContextArchiveError(`not a tar archive (no ustar header at byte ${offset})`);
    const stored = header.readUInt8(148) === 0 ? NaN : parseInt(field(header, 148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (stored !== sum) throw new ContextArchiveError(`tar header checksum mismatch at byte ${offset}`);
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!) || "0";
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    paxPath = undefined;
    // `tar -C dir .` names members `./Dockerfile`; a build server reads that as `Dockerfile`.
    if (type === "0" || type === "\0") files.set(name.replace(/^(\.\/)+/, ""), Buffer.from(body));
  }
  throw new ContextArchiveError("the tar archive has no end-of-archive marker");
}
