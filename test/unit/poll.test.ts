// The shared polling loop: a 4xx other than 404 and 429 will not heal by waiting,
// so polling stops at the first one (anything else is tolerated up to
// maxConsecutiveErrors polls in a row); and every wait is spread, so resources
// created together (an agent fleet, secret sets, builds) do not poll in lockstep.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/errors/ApiError";
import { NetworkError } from "../../src/client/errors/NetworkError";
import { jittered, mayHeal, pollUntil } from "../../src/core/poll";

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

describe("jittered", () => {
  it.each([
    [1000, 0.2, 0, 800],
    [1000, 0.2, 0.5, 1000],
    [1000, 0.2, 0.75, 1100],
    [5000, 0.2, 0.25, 4500],
    [1000, 0, 0.9, 1000],
  ])("%i ms ± %f, random %f → %i ms", (delay, jitter, r, expected) => {
    expect(jittered(delay, jitter, r)).toBe(expected);
  });
});

describe("pollUntil", () => {
  it("spreads each wait by ±20 % by default, and polls until settled", async () => {
    const sleeps: number[] = [];
    let now = 0;
    let reads = 0;
    const randoms = [0, 0.999, 0.5];
    const result = await pollUntil({
      initial: 0,
      read: async () => ++reads,
      settled: (n) => n >= 3,
      delayMs: () => 1000,
      timeoutSeconds: 60,
      maxConsecutiveErrors: 3,
      sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
      now: () => now,
      random: () => randoms.shift()!,
    });
    expect(result).toEqual({ latest: 3, settled: true, polls: 3 });
    expect(sleeps).toEqual([800, 1200, 1000]);
  });

  it("never sleeps past the deadline, jitter or not", async () => {
    const sleeps: number[] = [];
    let now = 0;
    const result = await pollUntil({
      initial: 0, read: async () => 0, settled: () => false, delayMs: () => 4000, timeoutSeconds: 5, maxConsecutiveErrors: 3,
      sleep: async (ms) => void (sleeps.push(ms), (now += ms)), now: () => now, random: () => 0.75,
    });
    expect(result.settled).toBe(false);
    expect(sleeps).toEqual([4400, 600]); // 4,000 + 10 %, then only what is left of the 5 s
  });
});
