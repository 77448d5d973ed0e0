// Packs a build context folder into the deterministic tar.gz Pipecat Cloud
// builds from, and names it by its hash. Runs in the program (so the hash is a
// planned input) and again in the provider host (to upload exactly what was planned).
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { excluder, exclusionsFor, listContextFiles, readDockerignore } from "./context";
import { contextHashOf, gzip, readMembers, tar } from "./tarball";

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

export function packContext(contextDir: string, options: PackOptions = {}): PackedContext {
  const dir = resolveContextDir(contextDir);
  const dockerfile = options.dockerfile ?? "Dockerfile";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`PipecatBuild contextDir: no folder at ${dir} (relative paths start at the Pulumi project directory, ${process.cwd()}; use path.join(__dirname, "…") for one next to the program file)`);
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
  const tarball = gzip(tar(readMembers(files)));
  return { tarball, contextHash: contextHashOf(tarball), files: files.map((f) => f.name), totalBytes };
}
