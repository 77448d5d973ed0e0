// Which files of a build context are sent, by the rules of the `pcc` CLI: a
// `.dockerignore` replaces the default exclusions; otherwise the defaults plus
// the user's `exclude` apply. Patterns are shell globs (Python's fnmatch) tested
// against every component of a path and against the whole relative path, so
// `*.log` excludes `logs/a.log` and `node_modules` excludes it at any depth.
import { accessSync, constants, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the CLI leaves out when the context has no `.dockerignore`. */
export const DEFAULT_EXCLUSIONS: readonly string[] = [
  ".git", ".gitignore", ".gitattributes",
  ".env", ".env.*", "*.pem", "*.key",
  "__pycache__", "*.pyc", "*.pyo", "*.pyd", "*.so", ".Python",
  ".venv", "venv", "ENV", "env",
  ".pytest_cache", ".coverage", "htmlcov", ".tox", ".nox",
  ".mypy_cache", ".ruff_cache",
  ".vscode", ".idea", "*.swp", "*.swo",
  "dist", "build", "*.egg-info", "*.egg", ".eggs",
  "node_modules", ".github", ".claude", ".codex", ".cursor",
  "pcc-deploy.toml", ".ipynb_checkpoints", ".cache",
  ".DS_Store", "Thumbs.db", "*.log",
];

/** A `./` prefix anchors nothing and a trailing `/` means nothing to fnmatch: both are dropped, as the CLI does. */
export function normalizePattern(pattern: string): string {
  let p = pattern.trim();
  if (p.startsWith("./")) p = p.slice(2);
  return p.replace(/\/+$/, "");
}

/** `.dockerignore` text → patterns: blank lines and `#` comments skipped. */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map(normalizePattern)
    .filter((p) => p !== "");
}

/** The patterns in force: `.dockerignore` (its own rules, nothing else) or the defaults plus `extra`. */
export function exclusionsFor(dockerignore: string | undefined, extra: readonly string[] = []): string[] {
  if (dockerignore !== undefined) return [...new Set(parseDockerignore(dockerignore))];
  return [...new Set([...DEFAULT_EXCLUSIONS, ...extra.map(normalizePattern).filter((p) => p !== "")])];
}

/**
 * Python's fnmatch.translate (CPython 3.11) on POSIX: `*` and `?` also match `/`; `[!…]` negates;
 * case-sensitive. Every pattern it accepts works here too, odd brackets included (`[]]`,
 * `[!]]x`, an empty range such as `[z-a]` that matches nothing).
 */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern[i++]!;
    if (c === "*") out += "[\\s\\S]*";
    else if (c === "?") out += "[\\s\\S]";
    else if (c === "[") {
      let j = i;
      if (j < n && pattern[j] === "!") j++;
      if (j < n && pattern[j] === "]") j++;
      while (j < n && pattern[j] !== "]") j++;
      if (j >= n) {
        out += "\\[";
        continue;
      }
      out += bracket(pattern, i, j);
      i = j + 1;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "u");
}

/** `pattern[start..end)` is a bracket's inside: the regex for it, range by range as CPython builds it. */
function bracket(pattern: string, start: number, end: number): string {
  const negated = pattern[start] === "!";
  const body = pattern.slice(start, end);
  let items: Array<{ text: string; range: boolean }>;
  if (!body.includes("-")) {
    items = [...(negated ? body.slice(1) : body)].map((ch) => ({ text: ch, range: false }));
  } else {
    // Split at the hyphens that make ranges; drop empty ranges (`z-a`), which match nothing.
    const chunks: string[] = [];
    let i = start;
    let k = negated ? start + 2 : start + 1;
    for (;;) {
      k = pattern.indexOf("-", k);
      if (k < 0 || k >= end) break;
      chunks.push(pattern.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const last = pattern.slice(i, end);
    if (last) chunks.push(last);
    else chunks[chunks.length - 1] += "-";
    for (let m = chunks.length - 1; m > 0; m--) {
      if (chunks[m - 1]!.slice(-1) > chunks[m]![0]!) {
        chunks[m - 1] = chunks[m - 1]!.slice(0, -1) + chunks[m]!.slice(1);
        chunks.splice(m, 1);
      }
    }
    if (negated) chunks[0] = chunks[0]!.slice(1);
    // Between chunks a hyphen is a range; inside one it is a literal.
    items = chunks.flatMap((chunk, m) => [...(m > 0 ? [{ text: "-", range: true }] : []), ...[...chunk].map((ch) => ({ text: ch, range: false }))]);
  }
  const inside = items.map((item) => (item.range ? "-" : escapeInClass(item.text))).join("");
  if (inside === "") return negated ? "[\\s\\S]" : "(?!)";
  return negated ? `[^${inside}]` : `[${inside}]`;
}

function escapeInClass(ch: string): string {
  return /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
}

/** A matcher for a relative path (`/`-separated) against the exclusion patterns. */
export function excluder(patterns: readonly string[]): (relPath: string) => boolean {
  const regexps = patterns.map(globToRegExp);
  return (relPath) => {
    const parts = relPath.split("/");
    return regexps.some((re) => re.test(relPath) || parts.some((part) => re.test(part)));
  };
}

export interface ContextFile {
  /** Path inside the context, `/`-separated: the tar member name. */
  name: string;
  absolutePath: string;
  size: number;
  executable: boolean;
  /** What the context cache compares (see context-cache.ts): nanoseconds, as stat(2) gives them. */
  mtimeNs: bigint;
  ctimeNs: bigint;
  mode: number;
}

/** By code point, as Python sorts strings (JavaScript's default sort compares UTF-16 units). */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The files sent for `dir`, sorted by name. Like the CLI (os.walk): symbolic
 * links to files are followed, symbolic links to directories are skipped.
 */
export function listContextFiles(dir: string, patterns: readonly string[]): ContextFile[] {
  const excluded = excluder(patterns);
  const files: ContextFile[] = [];
  const walk = (absDir: string, relDir: string) => {
    for (const entry of readdirSync(absDir, { withFileTypes: true })) {
      const name = relDir ? `${relDir}/${entry.name}` : entry.name;
      const absolutePath = join(absDir, entry.name);
      if (excluded(name)) continue;
      if (entry.isDirectory()) {
        walk(absolutePath, name);
        continue;
      }
      let stats;
      try {
        stats = statSync(absolutePath, { bigint: true });
      } catch {
        throw new Error(`Build context: "${name}" is a broken symbolic link; remove it or exclude it`);
      }
      if (stats.isDirectory()) continue; // a symlinked directory: os.walk does not descend into it
      if (!stats.isFile()) throw new Error(`Build context: "${name}" is not a regular file; exclude it`);
      files.push({
        name, absolutePath, size: Number(stats.size), executable: isExecutable(absolutePath),
        mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, mode: Number(stats.mode),
      });
    }
  };
  walk(dir, "");
  return files.sort((a, b) => byCodePoint(a.name, b.name));
}

/** access(2) with X_OK, as the CLI asks (`os.access`). */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `.dockerignore` text of `dir`, or undefined when there is none. */
export function readDockerignore(dir: string): string | undefined {
  const path = join(dir, ".dockerignore");
  try {
    return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined; // none (or unreadable: the CLI then falls back to the defaults too)
  }
}
