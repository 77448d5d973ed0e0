// The host-wide pacer: a token bucket whose rate halves on 429s and grows back.
// Time is a counter the fake sleep advances: no real waiting, no timing assertions.
import { describe, expect, it } from "vitest";
import { Pacer, defaultPacingPolicy, sharedPacer, throttledRetryDelayMs, type PacingPolicy } from "../../src/client/pacing";

function fakeClock() {
  const clock = { now: 0 };
  // The clock moves when the sleep ends (after pending callbacks ran), as a real one would.
  const sleep = (ms: number) => new Promise<void>((resolve) => setImmediate(() => ((clock.now += ms), resolve())));
  return { clock, seams: { now: () => clock.now, sleep } };
}

/** Starts `n` acquires at once and returns the clock time at which each was let through. */
async function releaseTimes(pacer: Pacer, clock: { now: number }, n: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: n }, () => pacer.acquire().then(() => times.push(clock.now))));
  return times;
}

const policy: Partial<PacingPolicy> = { initialRate: 10, burst: 3, maxRate: 40, minRate: 2, recoveryPerSecond: 5, decreaseFactor: 0.5, decreaseCooldownMs: 1000 };

describe("Pacer", () => {
  it("lets a burst through at once, then one request per 1/rate", async () => {
    const { clock, seams } = fakeClock();
    const pacer = new Pacer(policy, seams);
    expect(await releaseTimes(pacer, clock, 6)).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it("halves the rate on a 429, once per burst of 429s, never below the floor", () => {
    const { clock, seams } = fakeClock();
    const pacer = new Pacer(policy, seams);
    pacer.throttle();
    pacer.throttle();
    pacer.throttle();
    expect(pacer.rate).toBe(5);
    clock.now += 1000;
    pacer.throttle();
    expect(pacer.rate).toBe(2.5);
    clock.now += 1000;
    pacer.throttle();
    expect(pacer.rate).toBe(2);
    expect(pacer.throttled).toBe(5);
  });

  it("grows back while requests go through, up to the ceiling; a quiet spell earns at most a second", () => {
    const { clock, seams } = fakeClock();
    const pacer = new Pacer(policy, seams);
    pacer.throttle(); // 5/s
    clock.now += 500;
    pacer.succeeded();
    expect(pacer.rate).toBe(7.5);
    clock.now += 60_000; // idle for a minute
    pacer.succeeded();
    expect(pacer.rate).toBe(12.5);
    for (let i = 0; i < 20; i++) {
      clock.now += 1000;
      pacer.succeeded();
    }
    expect(pacer.rate).toBe(40);
  });

  it("applies a slower rate to requests already waiting", async () => {
    const { clock, seams } = fakeClock();
    const pacer = new Pacer({ ...policy, burst: 1 }, seams);
    await pacer.acquire(); // spends the burst
    const times: number[] = [];
    const waiting = Array.from({ length: 3 }, () => pacer.acquire().then(() => times.push(clock.now)));
    pacer.throttle(); // 10/s → 5/s before the first waiter is let through
    await Promise.all(waiting);
    expect(times).toEqual([200, 400, 600]);
  });

  it("serves waiters first come, first served", async () => {
    const { seams } = fakeClock();
    const pacer = new Pacer({ ...policy, burst: 1 }, seams);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => pacer.acquire().then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("a request arriving while others wait queues behind them, even when a token is there for the taking", async () => {
    const clock = { now: 0 };
    const wakeUps: Array<() => void> = [];
    // A sleep that only ends when the test says so: time passes in between.
    const pacer = new Pacer({ ...policy, burst: 1 }, { now: () => clock.now, sleep: () => new Promise<void>((resolve) => wakeUps.push(resolve)) });
    const order: string[] = [];
    const track = (name: string) => pacer.acquire().then(() => order.push(name));
    const all = [track("A"), track("B"), track("C")];
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["A"]); // B and C wait for a token
    clock.now += 100; // a token has refilled, but the queue has not woken yet
    all.push(track("late"));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["A"]); // the late one does not take the token in front of B
    while (order.length < 4) {
      clock.now += 100;
      wakeUps.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(order).toEqual(["A", "B", "C", "late"]);
  });
});

describe("throttledRetryDelayMs", () => {
  it.each([
    [1000, 0, 1000],
    [1000, 0.5, 1250],
    [1000, 0.999, 1500],
    [2000, 0.25, 2250],
  ])("Retry-After %i ms, random %f → %i ms", (retryAfter, r, expected) => {
    expect(throttledRetryDelayMs(defaultPacingPolicy, retryAfter, () => r)).toBe(expected);
  });

  it("never retries before the Retry-After", () => {
    for (let i = 0; i < 1000; i++) expect(throttledRetryDelayMs(defaultPacingPolicy, 1000, Math.random)).toBeGreaterThanOrEqual(1000);
  });
});

describe("sharedPacer", () => {
  it("is one pacer per origin for the whole process", () => {
    expect(sharedPacer("https://api.example")).toBe(sharedPacer("https://api.example"));
    expect(sharedPacer("https://api.example")).not.toBe(sharedPacer("http://127.0.0.1:9"));
  });
});
