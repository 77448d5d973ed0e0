// Preview runs check and diff in a fresh provider host for every resource kind:
// they must not load zod or undici (slow to load). The installed package, in a
// fresh process, as the host loads it.
import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");

/** Runs check (and diff against stored outputs) in a fresh process; returns the failures and which heavy modules got loaded. */
function previewInFreshProcess(inputs: Record<string, unknown>): { failures: Array<{ property: string }>; diff: unknown; loaded: string[] } {
  const program = `
    (async () => {
      const agent = require("pulumi-pipecat-cloud/provider/agent");
      const news = ${JSON.stringify({ ...inputs, __provider: "code" })};
      const checked = await agent.check({}, news);
      const stored = { ...checked.inputs, region: "us-west", ready: true, available: true, desiredDeploymentId: "d1", __provider: "old" };
      const diff = checked.failures.length ? null : await agent.diff(news.agentName, stored, { ...checked.inputs, image: "acme/bot:2" });
      const loaded = [...new Set(Object.keys(require.cache).map((f) => (/node_modules\\/(zod|undici)\\//.exec(f) || [])[1]).filter(Boolean))];
      process.stdout.write(JSON.stringify({ failures: checked.failures, diff, loaded }));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", program], { cwd: consumerDir, encoding: "utf8" }));
}

describe("preview stays light", () => {
  it("check and diff of valid inputs load neither zod nor undici", () => {
    const result = previewInFreshProcess({ agentName: "my-agent", image: "acme/bot:1", autoScaling: { minAgents: 1, maxAgents: 3 }, krispViva: { audioFilter: "tel" } });
    expect(result.failures).toEqual([]);
    expect(result.diff).toMatchObject({ changes: true, replaces: [] });
    expect(result.loaded).toEqual([]);
  });

  it("a rejected input loads zod to explain itself, property by property", () => {
    const result = previewInFreshProcess({ agentName: "My Agent", image: "acme/bot:1" });
    expect(result.failures.map((f) => f.property)).toEqual(["agentName"]);
    expect(result.loaded).toEqual(["zod"]);
  });
});
