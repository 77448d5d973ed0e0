// The context cache: what the program remembers between runs so that an unchanged
// context folder is not packed again only to find the same hash. One small JSON
// file per (folder, dockerfile, exclude), outside the folder, maps a digest of the
// folder's manifest (every included file's name, size, mtime, ctime and mode, the
// exclusion patterns in force, the Dockerfile) to the hash and size packing gave.
// Any difference in the manifest is a miss, and a miss packs in full; the file is
// only ever a shortcut, so one that cannot be read or parsed counts as a miss.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, relative, sep } from "node:path";
import type { ContextFile } from "./context";

/** Bump whenever the archive's bytes change for the same files, so that older entries stop matching. */
export const CACHE_FORMAT = 1;

/**
 * A file changed this close to the listing may change again within the same
 * timestamp tick without its stat changing (git calls this "racily clean"), so
 * such a manifest is not trusted: the folder is packed again on the next run.
 */
export const RACY_MS = 2_000;

export interface CachedHash {
  contextHash: string;
  /** The tar.gz's size in bytes. */
  archiveBytes: number;
}

/**
 * The cache folder: `PULUMI_PIPECAT_CACHE_DIR`, else `$XDG_CACHE_HOME` or `~/.cache`, then
 * `pulumi-pipecat-cloud` (as the CLI cache of .ci/pulumi-cli), then `contexts`; null (no
 * cache) when there is no home directory to put it in.
 */
export function contextCacheDir(env: NodeJS.ProcessEnv = process.env, home: () => string = homedir): string | null {
  try {
    const root = env.PULUMI_PIPECAT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(home(), ".cache"), "pulumi-pipecat-cloud");
    return join(root, "contexts");
  } catch {
    return null; // os.homedir() throws for a user with neither HOME nor a passwd entry
  }
}

/**
 * The cache file for one folder and its settings, or undefined when it would lie
 * inside the folder (writing it would change the very files it describes).
 */
export function cacheFileFor(cacheDir: string, contextDir: string, dockerfile: string, exclude: readonly string[] | undefined): string | undefined {
  const rel = relative(contextDir, cacheDir);
  const outside = rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  if (!outside) return undefined;
  const key = createHash("sha256").update(JSON.stringify([contextDir, dockerfile, exclude ?? []])).digest("hex").slice(0, 32);
  return join(cacheDir, `${key}.json`);
}

/** Everything the archive depends on, as one digest: a different digest means pack again. */
export function manifestDigest(patterns: readonly string[], dockerfile: string, files: readonly ContextFile[]): string {
  const entries = files.map((f) => [f.name, f.size, String(f.mtimeNs), String(f.ctimeNs), f.mode, f.executable]);
  return createHash("sha256").update(JSON.stringify([CACHE_FORMAT, patterns, dockerfile, entries])).digest("hex");
}

/** True when a file changed within RACY_MS of `listedAtMs` (or after it): its stat cannot vouch for its bytes yet. */
export function isRacy(files: readonly ContextFile[], listedAtMs: number): boolean {
  // ctime, not mtime: no one can set it, so it is never in the future or restored to an old value.
  return files.some((f) => Number(f.ctimeNs / 1_000_000n) > listedAtMs - RACY_MS);
}

/** The entry stored for `digest`, or undefined: missing, unreadable, corrupt or for another manifest all read as a miss. */
export function readCached(file: string, digest: string): CachedHash | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (entry.digest !== digest) return undefined;
    const { contextHash, archiveBytes } = entry;
    if (typeof contextHash !== "string" || !/^[0-9a-f]{16}$/.test(contextHash)) return undefined;
    if (typeof archiveBytes !== "number" || !Number.isSafeInteger(archiveBytes) || archiveBytes <= 0) return undefined;
    return { contextHash, archiveBytes };
  } catch {
    return undefined;
  }
}

/** Stores the entry; a cache that cannot be written only costs the next run a pack, so failures are ignored. */
export function writeCached(file: string, digest: string, value: CachedHash): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    // Written aside, then renamed: a reader never sees half a file.
    writeFileSync(temp, JSON.stringify({ digest, ...value }) + "\n");
    renameSync(temp, file);
  } catch {
    // e.g. a read-only home directory
  }
}
