// The shared polling loop's error rule: a 4xx other than 404 and 429 will not heal
// by waiting, so polling stops at the first one; anything else is tolerated up to
// maxConsecutiveErrors polls in a row.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/errors/ApiError";
import { NetworkError } from "../../src/client/errors/NetworkError";
import { mayHeal, pollUntil } from "../../src/core/poll";

const apiError = (status: number) => new ApiError("GET", "/v1/agents/a", status, undefined, "x");

describe("mayHeal", () => {
  it.each([
    [400, false], [401, false], [403, false], [409, false], [422, false],
    [404, true], [429, true], [500, true], [503, true],
  ])("HTTP %i → %s", (status, expected) => {
    expect(mayHeal(apiError(status))).toBe(expected);
  });

  it("a network failure may heal", () => {
    expect(mayHeal(new NetworkError("GET", "/v1/agents/a", false, new Error("ECONNRESET")))).toBe(true);
  });
});

describe("pollUntil on failing reads", () => {
  function run(error: Error) {
    let reads = 0;
    const result = pollUntil({
      initial: "waiting",
      read: async () => {
        reads++;
        throw error;
      },
      settled: (s) => s === "done",
      delayMs: () => 1,
      timeoutSeconds: 60,
      maxConsecutiveErrors: 4,
      sleep: async () => {},
    });
    return { result, reads: () => reads };
  }

  it.each([401, 403, 400])("a %i stops polling at once", async (status) => {
    const { result, reads } = run(apiError(status));
    await expect(result).rejects.toMatchObject({ status });
    expect(reads()).toBe(1);
  });

  it.each([404, 429, 500])("a %i is retried up to maxConsecutiveErrors", async (status) => {
    const { result, reads } = run(apiError(status));
    await expect(result).rejects.toMatchObject({ status });
    expect(reads()).toBe(4);
  });
});
