import { describe, expect, it } from "vitest";
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from "../../src/client/retry-policy";

describe("backoffDelayMs", () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 500, maxDelayMs: 4_000, jitter: 0.2 };
  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1_000],
    [3, 0.5, 2_000],
    [4, 0.5, 4_000],
    [9, 0.5, 4_000],
    [1, 0, 400],
    [1, 1, 600],
    [4, 0, 3_200],
  ])("retry %i with random %f waits %i ms", (retry, random, expected) => {
    expect(backoffDelayMs(policy, retry, () => random)).toBe(expected);
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ["3", 3_000],
    ["0", 0],
    ["1.5", 1_500],
    [" 2 ", 2_000],
    ["Sat, 28 Nov 2026 12:00:10 GMT", 10_000],
    ["Sat, 28 Nov 2026 11:59:00 GMT", 0],
    ["soon", undefined],
  ])("%s → %s", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});
