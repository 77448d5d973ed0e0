// The build context: which files go in (the CLI's rules), and the archive's
// bytes (deterministic, and identical to what the CLI's algorithm produces).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { excluder, exclusionsFor, globToRegExp, listContextFiles, normalizePattern, parseDockerignore, DEFAULT_EXCLUSIONS } from "../../src/build/context";
import { packContext, projectRelative } from "../../src/build/pack";
import { gzip, tar } from "../../src/build/tarball";
import { readContextArchive } from "../../src/simulator/tar";

const root = mkdtempSync(join(tmpdir(), "pipecat-context-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A folder with these files (created in the given order); `+x` after a name marks it executable. */
function folder(files: string[], contents: (name: string) => string = (f) => `content of ${f}\n`): string {
  const dir = join(root, `ctx-${n++}`);
  for (const spec of files) {
    const [name, flag] = spec.split(" ");
    mkdirSync(join(dir, name!, ".."), { recursive: true });
    writeFileSync(join(dir, name!), contents(name!));
    chmodSync(join(dir, name!), flag === "+x" ? 0o755 : 0o644);
  }
  return dir;
}

describe("patterns", () => {
  it.each([
    ["./build/", "build"],
    ["  logs/  ", "logs"],
    ["./a/b", "a/b"],
    ["*.wav", "*.wav"],
    ["/", ""],
  ])("%j normalizes to %j", (pattern, expected) => {
    expect(normalizePattern(pattern)).toBe(expected);
  });

  it.each([
    // fnmatch: * and ? cross "/", [..] classes, [!..] negation, literal dots.
    ["*.py", "bot.py", true],
    ["*.py", "src/bot.py", true],
    ["*.py", "bot.pyc", false],
    ["bot.?y", "bot.py", true],
    ["[!b]ot.py", "bot.py", false],
    ["[bc]ot.py", "cot.py", true],
    [".env.*", ".env.local", true],
    [".env.*", ".envrc", false],
    ["a.b", "axb", false],
    ["[abc", "[abc", true],
  ])("glob %j against %j: %s", (pattern, name, matches) => {
    expect(globToRegExp(pattern).test(name)).toBe(matches);
  });

  it("agrees with CPython's fnmatch on every pattern it accepts, odd brackets and empty ranges included", () => {
    const patterns = ["[]]", "[!]]x", "[z-a]", "[!z-a]", "[a-]", "[-a]", "[!-a]", "[\\]", "[^a]", "a[b", "[--z]", "[a-c-e]", "[a-cx-z]", "[]-a]", "[!]-a]x", "*[0-9].log", "[[]", "[.]py", "?[!.]*"];
    const names = ["]", "a", "b", "x", "]x", "ax", "-", "\\", "^", "a[b", "d", "+", "[", ".py", "bpy", "debug1.log", "y", "z", "e", "!x", "ab"];
    const python = spawnSync("python3", ["-c", "import fnmatch,json,sys; p,n=json.load(sys.stdin); print(json.dumps([[fnmatch.fnmatchcase(x, q) for x in n] for q in p]))"], {
      input: JSON.stringify([patterns, names]),
      encoding: "utf8",
    });
    expect(python.stderr).toBe("");
    const expected: boolean[][] = JSON.parse(python.stdout);
    const ours = patterns.map((pattern) => names.map((name) => globToRegExp(pattern).test(name)));
    expect(Object.fromEntries(patterns.map((p, i) => [p, ours[i]]))).toEqual(Object.fromEntries(patterns.map((p, i) => [p, expected[i]])));
  });

  it("a pattern matches any component of the path, or the whole relative path", () => {
    const excluded = excluder(["node_modules", "data/*.csv", "*.log"]);
    expect(excluded("web/node_modules/x/index.js")).toBe(true);
    expect(excluded("data/big.csv")).toBe(true);
    expect(excluded("other/data/big.csv")).toBe(false);
    expect(excluded("deep/down/run.log")).toBe(true);
    expect(excluded("src/bot.py")).toBe(false);
  });

  it(".dockerignore: comments and blank lines skipped, patterns normalized", () => {
    expect(parseDockerignore("# comment\n\n./tmp/\n*.wav\r\n  secrets/  \n")).toEqual(["tmp", "*.wav", "secrets"]);
  });

  it(".dockerignore replaces the defaults and exclude; without it they add up", () => {
    expect(exclusionsFor("*.wav\n", ["extra"])).toEqual(["*.wav"]);
    expect(exclusionsFor(undefined, ["./extra/"])).toEqual([...DEFAULT_EXCLUSIONS, "extra"]);
  });
});

describe("walking a context folder", () => {
  const files = [
    "Dockerfile", "bot.py", "run.sh +x", ".env", ".env.local", ".git/HEAD", "__pycache__/bot.cpython-312.pyc",
    "node_modules/pkg/index.js", "src/util.py", "src/deep/nested/helper.py", "src/deep/debug.log", "data/a.wav", "tmp/scratch.txt",
  ];

  it.each([
    ["defaults", [], undefined, ["Dockerfile", "bot.py", "data/a.wav", "run.sh", "src/deep/nested/helper.py", "src/util.py", "tmp/scratch.txt"]],
    ["defaults + exclude (./ and trailing-slash forms)", ["./tmp/", "*.wav"], undefined, ["Dockerfile", "bot.py", "run.sh", "src/deep/nested/helper.py", "src/util.py"]],
    ["defaults + a nested directory", ["src/deep"], undefined, ["Dockerfile", "bot.py", "data/a.wav", "run.sh", "src/util.py", "tmp/scratch.txt"]],
    [
      ".dockerignore wins: exclude and the defaults no longer apply",
      ["*.py"],
      "./tmp/\n# keep the rest\nnode_modules\n.git\n",
      [".dockerignore", ".env", ".env.local", "Dockerfile", "__pycache__/bot.cpython-312.pyc", "bot.py", "data/a.wav", "run.sh", "src/deep/debug.log", "src/deep/nested/helper.py", "src/util.py"],
    ],
  ])("%s", (_, exclude, dockerignore, expected) => {
    const dir = folder(files);
    if (dockerignore !== undefined) writeFileSync(join(dir, ".dockerignore"), dockerignore);
    const packed = packContext(dir, { exclude });
    expect(packed.files).toEqual(expected);
  });

  it("marks executables, follows symlinked files and skips symlinked directories (as os.walk does)", () => {
    const dir = folder(["Dockerfile", "run.sh +x", "lib/real.py"]);
    symlinkSync(join(dir, "lib"), join(dir, "linked-dir"));
    symlinkSync(join(dir, "lib", "real.py"), join(dir, "alias.py"));
    const listed = listContextFiles(dir, []);
    expect(listed.map((f) => [f.name, f.executable])).toEqual([
      ["Dockerfile", false], ["alias.py", false], ["lib/real.py", false], ["run.sh", true],
    ]);
    const members = readContextArchive(packContext(dir).tarball);
    expect(members.get("alias.py")!.toString()).toBe("content of lib/real.py\n");
  });

  it("sorts by code point, as Python does", () => {
    const dir = folder(["Dockerfile", "B.py", "a.py", "a/b.py", "a-b.py", "\u{1F600}.txt", "\uFF21.txt"]);
    expect(packContext(dir).files).toEqual(["B.py", "Dockerfile", "a-b.py", "a.py", "a/b.py", "\uFF21.txt", "\u{1F600}.txt"]);
  });

  it.each([
    ["no folder", (d: string) => join(d, "missing"), {}, /no folder at/],
    ["no Dockerfile", (d: string) => d, { dockerfile: "Dockerfile.prod" }, /Dockerfile.prod does not exist/],
    ["a Dockerfile excluded by .dockerignore", (d: string) => (writeFileSync(join(d, ".dockerignore"), "*.py\nDocker*\n"), d), {}, /"Dockerfile" is excluded from the build context by .*\.dockerignore \(pattern "Docker\*"\), so Pipecat Cloud would build without it and fail\. Remove that pattern/],
    ["a Dockerfile excluded by exclude", (d: string) => d, { exclude: ["Dockerfile"] }, /excluded from the build context by the exclusions \(the defaults plus exclude\) \(pattern "Dockerfile"\)/],
    // A sparse file: the size is checked from the listing, before anything is read.
    ["a context over 500 MB", (d: string) => (writeFileSync(join(d, "model.bin"), ""), truncateSync(join(d, "model.bin"), 501 * 2 ** 20), d), {}, /501\.0 MB, over Pipecat Cloud's 500 MB limit/],
  ])("fails clearly for %s", (_, path, options, message) => {
    const dir = folder(["Dockerfile", "bot.py"]);
    expect(() => packContext(path(dir), options)).toThrow(message);
  });

  it("stores paths relative to the project directory", () => {
    expect(projectRelative("/home/me/project/bot", "/home/me/project")).toBe("bot");
    expect(projectRelative("bot", "/home/me/project")).toBe("bot");
    expect(projectRelative("/home/me/shared/bot", "/home/me/project")).toBe("../shared/bot");
    expect(projectRelative("/home/me/project", "/home/me/project")).toBe(".");
  });
});

describe("the archive", () => {
  it("is byte-for-byte the same across runs and file creation orders", () => {
    const names = ["Dockerfile", "bot.py", "z/last.txt", "a/first.txt", "run.sh +x"];
    const one = packContext(folder(names));
    const two = packContext(folder([...names].reverse()));
    expect(two.tarball.equals(one.tarball)).toBe(true);
    expect(two.contextHash).toBe(one.contextHash);
    expect(packContext(folder(names)).contextHash).toBe(one.contextHash);
  });

  it.each([
    ["a file's content", (d: string) => writeFileSync(join(d, "bot.py"), "print('changed')\n")],
    ["a file's mode", (d: string) => chmodSync(join(d, "bot.py"), 0o755)],
    ["a new file", (d: string) => writeFileSync(join(d, "new.py"), "")],
  ])("changes when %s changes", (_, change) => {
    const dir = folder(["Dockerfile", "bot.py"]);
    const before = packContext(dir).contextHash;
    change(dir);
    expect(packContext(dir).contextHash).not.toBe(before);
  });

  it("does not change when an excluded file changes", () => {
    const dir = folder(["Dockerfile", "bot.py", ".env", "__pycache__/x.pyc"]);
    const before = packContext(dir).contextHash;
    writeFileSync(join(dir, ".env"), "SECRET=other\n");
    writeFileSync(join(dir, "__pycache__/x.pyc"), "other");
    expect(packContext(dir).contextHash).toBe(before);
  });

  it("has ustar headers like Python's tarfile: mtime 0, root-owned, normalized modes, NUL device fields", () => {
    const archive = gunzipSync(gzip(tar([{ name: "run.sh", content: Buffer.from("#!/bin/sh\n"), executable: true }])));
    const header = archive.subarray(0, 512);
    const text = (offset: number, length: number) => header.subarray(offset, offset + length).toString("latin1");
    expect(text(0, 7)).toBe("run.sh\0");
    expect(text(100, 8)).toBe("0000755\0");
    expect(text(108, 16)).toBe("0000000\x000000000\0");
    expect(text(124, 12)).toBe("00000000012\0");
    expect(text(136, 12)).toBe("00000000000\0");
    expect(text(156, 1)).toBe("0");
    expect(text(257, 8)).toBe("ustar\x0000");
    expect(header.subarray(265, 512).every((b) => b === 0)).toBe(true); // uname, gname, devmajor, devminor, prefix
    expect(archive.length % 10240).toBe(0);
  });

  it("writes a ././@PaxHeader path record for names over 100 bytes or not ASCII", () => {
    const long = `${"d/".repeat(60)}bot.py`;
    const archive = gunzipSync(gzip(tar([
      { name: long, content: Buffer.from("x"), executable: false },
      { name: "héllo.txt", content: Buffer.from("y"), executable: false },
    ])));
    expect(archive.subarray(0, 14).toString("latin1")).toBe("././@PaxHeader");
    expect(archive.subarray(156, 157).toString()).toBe("x");
    expect(archive.subarray(512, 1024).toString("utf8")).toContain(`${long.length + 10} path=${long}\n`);
    expect([...readContextArchive(gzip(tar([
      { name: long, content: Buffer.from("x"), executable: false },
      { name: "héllo.txt", content: Buffer.from("y"), executable: false },
    ]))).keys()]).toEqual([long, "héllo.txt"]);
  });

  it("gzip header as Python's GzipFile(mtime=0): no name, XFL 2, OS 255", () => {
    expect([...gzip(Buffer.from("abc")).subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  });

  it.each([
    ["the default exclusions", undefined, ["*.wav"]],
    ["a .dockerignore", "./data/\n*.md\n", []],
  ])("is byte-identical to the CLI's algorithm (Python os.walk, fnmatch, tarfile, gzip) with %s", (_, dockerignore, exclude) => {
    const dir = folder(
      [
        "Dockerfile", "bot.py", "run.sh +x", "empty.txt", `deep/${"n".repeat(120)}.py`, "data/héllo wörld.txt", "data/numbers.txt",
        "data/blob.bin", "data/a.wav", ".env", ".git/config", "venv/lib/site.py", "docs/README.md", "src/__pycache__/m.pyc", "src/m.py",
      ],
      (name) => (name === "empty.txt" ? "" : name.endsWith("numbers.txt") ? Array.from({ length: 40_000 }, (_, i) => i).join("\n") : name.endsWith(".bin") ? blob(200_000) : `# ${name}\nprint(1)\n`),
    );
    if (dockerignore !== undefined) writeFileSync(join(dir, ".dockerignore"), dockerignore);
    const packed = packContext(dir, { exclude });
    const out = join(root, `cli-${n++}.tar.gz`);
    const patterns = exclusionsFor(dockerignore, exclude);
    const run = spawnSync("python3", [join(__dirname, "../helpers/cli_pack.py"), dir, out], { input: patterns.join("\n"), encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual(packed.files);
    expect(packed.files.length).toBeGreaterThan(5);
    expect(readFileSync(out).equals(packed.tarball)).toBe(true);
    expect(packed.contextHash).toBe(run.stdout.trim());
  });
});

/** Pseudo-random bytes, the same every run. */
function blob(size: number): string {
  let x = 12345;
  return Array.from({ length: size }, () => String.fromCharCode(((x = (x * 1103515245 + 12345) % 2 ** 31) >> 16) & 0x7f)).join("");
}
