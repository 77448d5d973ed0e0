// Packs a build context folder into the deterministic tar.gz Pipecat Cloud
// builds from, and names it by its hash. Runs in the program (so the hash is a
// planned input: hashContext, which skips packing an unchanged folder through the
// context cache) and again in the provider host (packContextToFile, always in full,
// to upload exactly what was planned).
import { closeSync, existsSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { cacheFileFor, contextCacheDir, isRacy, manifestDigest, readCached, writeCached, type CachedHash } from "./context-cache";
import { excluder, exclusionsFor, listContextFiles, readDockerignore, type ContextFile } from "./context";
import { contextHasher, gzipPieces, tarPieces, type TarEntry } from "./tarball";

/** Pipecat Cloud refuses build contexts over 500 MB. */
export const MAX_CONTEXT_BYTES = 500 * 1024 * 1024;

export interface PackOptions {
  dockerfile?: string;
  exclude?: readonly string[];
}

export interface PackedContext {
  tarball: Buffer;
  contextHash: string;
  /** Member names, in archive order. */
  files: string[];
  /** Sum of the files' sizes, before compression. */
  totalBytes: number;
}

/**
 * Where a context folder lives, as stored in state: relative to the Pulumi
 * project directory (the working directory of both the program and the
 * provider host), `/`-separated, so state holds no machine's absolute path.
 */
export function projectRelative(contextDir: string, projectDir = process.cwd()): string {
  const rel = relative(projectDir, resolve(projectDir, contextDir));
  return rel === "" ? "." : rel.split(sep).join("/");
}

export function resolveContextDir(contextDir: string, projectDir = process.cwd()): string {
  return isAbsolute(contextDir) ? contextDir : resolve(projectDir, contextDir);
}

/** A context folder's files as the CLI would send them, after the checks that refuse a context before packing. */
export interface ListedContext {
  dir: string;
  dockerfile: string;
  /** The folder has a `.dockerignore`, so `exclude` is not used. */
  dockerignore: boolean;
  patterns: string[];
  files: ContextFile[];
  totalBytes: number;
}

export function listContext(contextDir: string, options: PackOptions = {}): ListedContext {
  const dir = resolveContextDir(contextDir);
  const dockerfile = options.dockerfile ?? "Dockerfile";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    // No __dirname advice: compiled to bin/ for tests, __dirname moves and this error would follow.
    throw new Error(`PipecatBuild contextDir: no folder at ${dir}. A relative contextDir starts at the current directory, ${process.cwd()}: run pulumi and your tests from the project directory (where Pulumi.yaml is) and give the folder relative to it, for example "bot"`);
  }
  if (!existsSync(join(dir, dockerfile))) {
    throw new Error(`PipecatBuild dockerfile: ${join(dir, dockerfile)} does not exist; add a Dockerfile to the context or set dockerfile to its path inside contextDir`);
  }
  const dockerignore = readDockerignore(dir);
  const patterns = exclusionsFor(dockerignore, options.exclude);
  const files = listContextFiles(dir, patterns);
  const name = dockerfile.replace(/^\.\//, "");
  if (!files.some((f) => f.name === name)) {
    // The pcc CLI would upload an archive without it, and the build would fail remotely: refuse here, naming the pattern.
    const culprit = patterns.find((p) => excluder([p])(name));
    const by = dockerignore === undefined ? "the exclusions (the defaults plus exclude)" : `${join(dir, ".dockerignore")}`;
    throw new Error(
      `PipecatBuild dockerfile: "${dockerfile}" is excluded from the build context by ${by}${culprit ? ` (pattern "${culprit}")` : ""}, ` +
        "so Pipecat Cloud would build without it and fail. Remove that pattern, or set dockerfile to a file the context keeps",
    );
  }
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  if (totalBytes > MAX_CONTEXT_BYTES) {
    throw new Error(
      `PipecatBuild contextDir: the context is ${(totalBytes / 2 ** 20).toFixed(1)} MB, over Pipecat Cloud's 500 MB limit; ` +
        `exclude large files with a .dockerignore or the exclude input`,
    );
  }
  return { dir, dockerfile, dockerignore: dockerignore !== undefined, patterns, files, totalBytes };
}

/** Read in pieces of this size, so a large file is never in memory whole. */
const READ_CHUNK = 1024 * 1024;

function* fileChunks(path: string, size: number): Generator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(size, READ_CHUNK));
    for (let offset = 0; offset < size; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - offset), offset);
      if (n === 0) return; // shorter than listed: tarPieces names the file
      offset += n;
      yield buffer.subarray(0, n); // consumed before the next read (the gzip copies it)
    }
  } finally {
    closeSync(fd);
  }
}

/** Streams the archive of `files` through the context hash, handing each compressed piece to `keep` as well (when given). */
export function archiveFiles(files: readonly ContextFile[], keep?: (chunk: Uint8Array) => void): CachedHash {
  const hash = contextHasher();
  let archiveBytes = 0;
  // Each file's size as listed: like tarfile, the header gets the stat size and exactly that many bytes follow.
  const entries = files.map((f): TarEntry => ({ name: f.name, size: f.size, executable: f.executable, chunks: () => fileChunks(f.absolutePath, f.size) }));
  gzipPieces(tarPieces(entries), (chunk) => {
    hash.update(chunk);
    archiveBytes += chunk.length;
    keep?.(chunk);
  });
  return { contextHash: hash.digest(), archiveBytes };
}

/** The archive in memory (the compressed bytes only: the tar and the files are never whole). */
export function packContext(contextDir: string, options: PackOptions = {}): PackedContext {
  const listed = listContext(contextDir, options);
  const chunks: Uint8Array[] = [];
  const { contextHash } = archiveFiles(listed.files, (chunk) => chunks.push(chunk));
  return { tarball: Buffer.concat(chunks), contextHash, files: listed.files.map((f) => f.name), totalBytes: listed.totalBytes };
}

/** Packs into `file`, for the upload to stream: the archive is never in memory. */
export function packContextToFile(contextDir: string, options: PackOptions, file: string): CachedHash {
  const listed = listContext(contextDir, options);
  const fd = openSync(file, "w");
  try {
    return archiveFiles(listed.files, (chunk) => {
      for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
    });
  } finally {
    closeSync(fd);
  }
}

export interface HashedContext extends CachedHash {
  files: string[];
  totalBytes: number;
  dockerignore: boolean;
  /** The hash came from the context cache: nothing was packed. */
  cached: boolean;
}

export interface HashOptions extends PackOptions {
  /** The context cache's folder (default contextCacheDir()); null turns the cache off. */
  cacheDir?: string | null;
  /** The clock (ms), for the racy check; tests move it. */
  now?: () => number;
  /** What packs on a miss (tests count the calls). */
  archive?: (files: readonly ContextFile[]) => CachedHash;
}

/**
 * The context's hash as the program plans it: from the context cache when no
 * included file, pattern or Dockerfile changed since it was last packed, else
 * by packing (streamed: no archive is kept) and remembering the result.
 */
export function hashContext(contextDir: string, options: HashOptions = {}): HashedContext {
  const listedAt = (options.now ?? Date.now)(); // before the listing: a change during it counts as racy
  const listed = listContext(contextDir, options);
  const cacheDir = options.cacheDir === undefined ? contextCacheDir() : options.cacheDir;
  const file = cacheDir === null ? undefined : cacheFileFor(cacheDir, listed.dir, listed.dockerfile, options.exclude);
  const digest = manifestDigest(listed.patterns, listed.dockerfile, listed.files);
  const hit = file === undefined ? undefined : readCached(file, digest);
  const result = hit ?? (options.archive ?? archiveFiles)(listed.files);
  if (!hit && file !== undefined && !isRacy(listed.files, listedAt)) writeCached(file, digest, result);
  const { files, totalBytes, dockerignore } = listed;
  return { ...result, files: files.map((f) => f.name), totalBytes, dockerignore, cached: hit !== undefined };
}
