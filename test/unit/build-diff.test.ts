// PipecatBuild's check() and diff(): pure tables.
import { describe, expect, it } from "vitest";
import { checkBuildInputs } from "../../src/build/check";
import { diffBuild } from "../../src/build/diff";
import { UNKNOWN_SENTINELS } from "../../src/core/unknowns";

const UNKNOWN = [...UNKNOWN_SENTINELS][0]!;
const base = { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "Dockerfile", buildTimeoutSeconds: 600 };
/** Stored outputs of a build created without a region (the organization's default, us-west). */
const stored = { ...base, requestedRegion: null, region: "us-west", buildId: "b1", status: "success", cached: false };

describe("check", () => {
  it("fills in the defaults", async () => {
    expect(await checkBuildInputs({ contextDir: "bot", contextHash: "0123456789abcdef" })).toEqual({ inputs: base, failures: [] });
  });

  it.each([
    [{ contextDir: "/abs/bot" }, "contextDir", /relative/],
    [{ contextHash: "xyz" }, "contextHash", /16 hex digits/],
    [{ dockerfile: "../Dockerfile" }, "dockerfile", /inside contextDir/],
    [{ region: "US West" }, "region", /region code/],
    [{ buildTimeoutSeconds: 0 }, "buildTimeoutSeconds", /at least 1/],
    [{ exclude: [3] }, "exclude.0", /glob patterns/],
    [{ contextdir: "bot" }, "contextdir", /not a PipecatBuild input/],
  ])("%j fails on %s", async (change, property, reason) => {
    const { failures } = await checkBuildInputs({ ...base, ...change });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it("an unknown region (preview) is not a failure", async () => {
    expect((await checkBuildInputs({ ...base, region: UNKNOWN })).failures).toEqual([]);
  });
});

describe("diff", () => {
  it.each([
    ["nothing changed", {}, false, []],
    ["the context changed", { contextHash: "fedcba9876543210" }, true, ["contextHash"]],
    ["another Dockerfile", { dockerfile: "Dockerfile.prod" }, true, ["dockerfile"]],
    ["a region where there was none", { region: "eu-central" }, true, ["region"]],
    ["the folder moved, same files", { contextDir: "services/bot" }, true, []],
    ["a longer timeout", { buildTimeoutSeconds: 900 }, true, []],
    ["an exclusion that excludes nothing new", { exclude: ["*.wav"] }, true, []],
  ])("%s", (_, change, changes, replaces) => {
    expect(diffBuild(stored, { ...base, ...change })).toEqual({ changes, replaces, deleteBeforeReplace: false });
  });

  it("an explicit region that stays the same is no change; another one replaces", () => {
    const inRegion = { ...stored, requestedRegion: "eu-central", region: "eu-central" };
    expect(diffBuild(inRegion, { ...base, region: "eu-central" }).changes).toBe(false);
    expect(diffBuild(inRegion, { ...base, region: "us-east" }).replaces).toEqual(["region"]);
    // Leaving the region out later keeps the build where it is.
    expect(diffBuild(inRegion, base).replaces).toEqual([]);
  });
});
