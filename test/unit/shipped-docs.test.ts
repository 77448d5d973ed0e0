// The Markdown the package ships (README.md and docs/) is read from an installed
// package, not from a clone: every relative link must resolve inside the package
// (anchors included), repository material is linked by the repository's URL (and
// that file must exist here), and no bare repository path is named as if it were
// at hand.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")) as { files: string[]; repository: { url: string }; homepage: string; bugs: { url: string } };
const repoUrl = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
const blobPrefix = `${repoUrl}/blob/main/`;
const treePrefix = `${repoUrl}/tree/main/`;

const docs = readdirSync(path.join(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
const shipped = ["README.md", ...docs];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of markdown.replace(/```[\s\S]*?```/g, "").split("\n")) {
    const m = /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function stripCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "``");
}

function linksOf(markdown: string): string[] {
  return [...stripCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** Whether a path inside the package (after `npm pack`) is shipped: README, LICENSE, package.json or under a `files` entry. */
function inPackage(rel: string): boolean {
  if (["README.md", "LICENSE", "package.json"].includes(rel)) return true;
  return pkg.files.some((f) => !f.startsWith("!") && (rel === f || rel.startsWith(`${f}/`))) && !rel.startsWith("dist/runner");
}

describe.each(shipped)("%s", (file) => {
  const text = readFileSync(path.join(repo, file), "utf8");

  it("has relative links that resolve inside the package, anchors included", () => {
    const broken: string[] = [];
    for (const link of linksOf(text)) {
      if (/^(https?:|mailto:)/.test(link)) continue;
      const [target, anchor] = link.split("#") as [string, string | undefined];
      const rel = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (!inPackage(rel) || !existsSync(path.join(repo, rel))) {
        broken.push(`${link}: ${rel} is not in the package`);
        continue;
      }
      if (anchor !== undefined && rel.endsWith(".md") && !anchorsOf(readFileSync(path.join(repo, rel), "utf8")).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${rel}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("links repository files by the repository URL, to files that exist", () => {
    const missing = linksOf(text)
      .filter((l) => l.startsWith(blobPrefix) || l.startsWith(treePrefix))
      .map((l) => l.slice(l.startsWith(blobPrefix) ? blobPrefix.length : treePrefix.length).split("#")[0]!)
      .filter((rel) => !existsSync(path.join(repo, rel)));
    expect(missing).toEqual([]);
  });

  it("names no repository path as if it were in the package", () => {
    const withoutRepoLinks = text.replaceAll(/\[[^\]]*\]\(https:[^)]*\)/g, (link) => (link.includes(`](${repoUrl}/`) ? "" : link));
    const bare = [...withoutRepoLinks.matchAll(/(?<![\w/.:-])(?:src|test|bench|examples|\.ci)\/[\w./-]*/g)]
      .map((m) => m[0]);
    expect(bare).toEqual([]);
  });
});

it("package.json names the repository, homepage and issue tracker; LICENSE and docs/ ship", () => {
  expect(repoUrl).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w.-]+$/);
  expect(pkg.homepage.startsWith(repoUrl)).toBe(true);
  expect(pkg.bugs.url).toBe(`${repoUrl}/issues`);
  expect(inPackage("docs/_index.md")).toBe(true);
  expect(existsSync(path.join(repo, "LICENSE"))).toBe(true);
  for (const page of ["_index.md", "installation-configuration.md", "agent.md", "secret-set.md", "image-pull-secret.md", "build.md", "organization-settings.md", "lookups.md"]) {
    expect(docs, page).toContain(`docs/${page}`);
  }
});

it("the anchor rule matches GitHub's", () => {
  expect([...anchorsOf("# A `B`: c\n## Region moves\n## Region moves\n```\n# not a heading\n```")]).toEqual(["a-b-c", "region-moves", "region-moves-1"]);
});
