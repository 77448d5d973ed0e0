// Content hashes: change whenever any key or value changes, reveal neither.
// Stored only as secret outputs; the set's name salts them so equal values in
// two sets do not hash alike.
import { createHash } from "node:crypto";

export function contentHash(setName: string, entries: Record<string, string>): string {
  const hash = createHash("sha256").update(`pipecat-secret-set\0${setName}\0`);
  for (const key of Object.keys(entries).sort()) hash.update(`${key}\0${entries[key]}\0`);
  return hash.digest("hex");
}
