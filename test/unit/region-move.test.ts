// The region-move guard at check() and diff(): a move that keeps agentName is
// refused unless the program opts in; a rename, a first create, or preview's
// unknowns are not moves.
import { describe, expect, it } from "vitest";
import { PipecatAgentProvider } from "../../src/agent/provider";
import { regionMoveOf } from "../../src/agent/region-move";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const old = { agentName: "my-agent", image: "acme/bot:1", region: "us-west" };

describe("regionMoveOf", () => {
  it.each([
    ["same name, other region", old, { ...old, region: "eu-central" }, { agentName: "my-agent", from: "us-west", to: "eu-central" }],
    ["same region", old, { ...old }, null],
    ["renamed too: create-before-delete is safe", old, { ...old, agentName: "my-agent-eu", region: "eu-central" }, null],
    ["first create", {}, { ...old, region: "eu-central" }, null],
    ["region unknown during preview", old, { ...old, region: UNKNOWN }, null],
    ["region removed: the organization's default, no move declared", old, { agentName: "my-agent", image: "acme/bot:1" }, null],
  ])("%s", (_name, olds, news, expected) => {
    expect(regionMoveOf(olds, news)).toEqual(expected);
  });
});

describe("check()", () => {
  const provider = new PipecatAgentProvider({ env: {} });

  it("refuses a move that keeps the name, on `region`, saying why and the two safe ways", async () => {
    const { failures } = await provider.check(old, { ...old, region: "eu-central" });
    expect(failures).toHaveLength(1);
    expect(failures![0]!.property).toBe("region");
    expect(failures![0]!.reason).toMatch(/from "us-west" to "eu-central" while agentName stays "my-agent"/);
    expect(failures![0]!.reason).toMatch(/down in between.*no way back/);
    expect(failures![0]!.reason).toMatch(/change agentName too.*allowRegionMoveDowntime: true/);
  });

  it.each([
    ["opted in", { ...old, region: "eu-central", allowRegionMoveDowntime: true }],
    ["opt-in unknown during preview", { ...old, region: "eu-central", allowRegionMoveDowntime: UNKNOWN }],
    ["renamed too", { ...old, agentName: "my-agent-eu", region: "eu-central" }],
  ])("lets it through when %s", async (_name, news) => {
    expect((await provider.check(old, news)).failures).toEqual([]);
  });
});

describe("diff()", () => {
  const provider = new PipecatAgentProvider({ env: {} });
  // Stored outputs: `region` is the live one, here the organization's default the program never named.
  const outputs = { ...old, region: "us-west", requestedRegion: null };

  it("refuses a move check() could not see (old inputs had no region)", async () => {
    const check = await provider.check({ agentName: "my-agent", image: "acme/bot:1" }, { ...old, region: "eu-central" });
    expect(check.failures).toEqual([]);
    await expect(provider.diff("my-agent", outputs, check.inputs)).rejects.toMatchObject({
      code: "PIPECAT_ERR_REGION_MOVE",
      message: expect.stringMatching(/^region changes from "us-west" to "eu-central".*allowRegionMoveDowntime: true/),
    });
  });

  it("with the opt-in: a delete-before-replace", async () => {
    const { inputs } = await provider.check(outputs, { ...old, region: "eu-central", allowRegionMoveDowntime: true });
    expect(await provider.diff("my-agent", outputs, inputs)).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
  });

  it("a rename is create-before-delete and needs no opt-in", async () => {
    const { inputs } = await provider.check(outputs, { ...old, agentName: "my-agent-eu", region: "eu-central" });
    expect(await provider.diff("my-agent", outputs, inputs)).toMatchObject({ replaces: expect.arrayContaining(["agentName", "region"]), deleteBeforeReplace: false });
  });
});
