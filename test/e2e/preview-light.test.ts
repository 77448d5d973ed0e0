// Preview runs check and diff in a fresh provider host for every resource kind:
// they must not load zod or undici (slow to load). The installed package, in a
// fresh process, as the host loads it.
import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");
/** Preview's sentinel for a value not known yet (core/unknowns.ts). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Runs `program` (CommonJS, top-level await allowed) in a fresh process in the consumer project; prints JSON. */
function inFreshProcess(program: string): Record<string, unknown> {
  const script = `
    (async () => {
      const out = await (async () => { ${program} })();
      const loaded = [...new Set(Object.keys(require.cache).map((f) => (/node_modules\\/(zod|undici)\\//.exec(f) || [])[1]).filter(Boolean))];
      process.stdout.write(JSON.stringify({ ...out, loaded }));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumerDir, encoding: "utf8" }));
}

interface Kind {
  /** `pulumi-pipecat-cloud/provider/<kind>`, as Pulumi stores it. */
  kind: string;
  valid: Record<string, unknown>;
  /** What create stored besides the checked inputs. */
  outputs: Record<string, unknown>;
  /** A change to diff against the stored outputs, and the diff expected. */
  change: Record<string, unknown>;
  expected: { changes: boolean; replaces: string[] };
  invalid: Record<string, unknown>;
  invalidProperty: string;
}

const KINDS: Kind[] = [
  {
    kind: "agent",
    valid: { agentName: "my-agent", image: "acme/bot:1", autoScaling: { minAgents: 1, maxAgents: 3 }, krispViva: { audioFilter: "tel" } },
    outputs: { region: "us-west", ready: true, available: true, desiredDeploymentId: "d1" },
    change: { image: "acme/bot:2" },
    expected: { changes: true, replaces: [] },
    invalid: { agentName: "My Agent", image: "acme/bot:1" },
    invalidProperty: "agentName",
  },
  {
    kind: "secretSet",
    valid: { setName: "my-secrets", secrets: { OPENAI_API_KEY: "sk-1", DEEPGRAM_API_KEY: UNKNOWN } },
    outputs: { region: "us-west", requestedRegion: null, status: "ready", keys: ["DEEPGRAM_API_KEY", "OPENAI_API_KEY"], contentHash: "0123" },
    change: { secrets: { OPENAI_API_KEY: "sk-2", DEEPGRAM_API_KEY: "dg-1" } },
    expected: { changes: true, replaces: [] },
    invalid: { setName: "ab", secrets: { OPENAI_API_KEY: "sk-1" } },
    invalidProperty: "setName",
  },
  {
    kind: "imagePullSecret",
    valid: { setName: "registry-creds", host: "https://ghcr.io", username: "robot", password: "pw-1" },
    outputs: { region: "us-west", requestedRegion: null, status: "ready", contentHash: "0123" },
    change: { password: "pw-2" },
    expected: { changes: true, replaces: [] },
    invalid: { setName: "registry-creds", host: "ghcr.io", username: "robot", password: "pw-1" },
    invalidProperty: "host",
  },
  {
    kind: "build",
    valid: { contextDir: "bot", contextHash: "0123456789abcdef", exclude: ["*.wav"] },
    outputs: { requestedRegion: null, region: "us-west", buildId: "b1", status: "success", imageUri: "registry/bot@sha256:0", cached: false },
    change: { contextHash: "fedcba9876543210" },
    expected: { changes: true, replaces: ["contextHash"] },
    invalid: { contextDir: "/abs/bot", contextHash: "0123456789abcdef" },
    invalidProperty: "contextDir",
  },
];

/** check (and diff against stored outputs, as `pulumi preview` of an existing stack does) of one kind. */
function preview(kind: Kind, inputs: Record<string, unknown>) {
  return inFreshProcess(`
    const provider = require("pulumi-pipecat-cloud/provider/${kind.kind}");
    const news = ${JSON.stringify({ ...inputs, __provider: "code" })};
    const checked = await provider.check({}, news);
    const stored = { ...checked.inputs, ...${JSON.stringify(kind.outputs)}, __provider: "old" };
    const diff = checked.failures.length ? null : await provider.diff("id-1", stored, { ...checked.inputs, ...${JSON.stringify(kind.change)} });
    return { failures: checked.failures, diff };
  `) as { failures: Array<{ property: string }>; diff: unknown; loaded: string[] };
}

describe("preview stays light", () => {
  it("loading pulumi-pipecat-cloud/provider (every kind's provider) loads neither zod nor undici", () => {
    const result = inFreshProcess(`return { kinds: Object.keys(require("pulumi-pipecat-cloud/provider")) };`);
    expect(result.kinds).toEqual(expect.arrayContaining(KINDS.map((k) => k.kind)));
    expect(result.loaded).toEqual([]);
  });

  describe.each(KINDS)("$kind", (kind) => {
    it("check and diff of valid inputs load neither zod nor undici", () => {
      const result = preview(kind, kind.valid);
      expect(result.failures).toEqual([]);
      expect(result.diff).toMatchObject(kind.expected);
      expect(result.loaded).toEqual([]);
    });

    it("a rejected input loads zod to explain itself, property by property", () => {
      const result = preview(kind, kind.invalid);
      expect(result.failures.map((f) => f.property)).toEqual([kind.invalidProperty]);
      expect(result.loaded).toEqual(["zod"]);
    });
  });
});
