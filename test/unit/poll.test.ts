// The shared polling loop spreads every wait, so resources created together
// (an agent fleet, secret sets, builds) do not poll in lockstep.
import { describe, expect, it } from "vitest";
import { jittered, pollUntil } from "../../src/core/poll";

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
