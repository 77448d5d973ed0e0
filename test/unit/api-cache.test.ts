// ApiCache: the one place providers get their API client from. One client per
// connection per cache, made on first use (the wrapper class loaded only then).
import { describe, expect, it, vi } from "vitest";
import type { PipecatClient } from "../../src/client/client";
import { ApiCache } from "../../src/core/api-cache";

class FakeApi {
  constructor(readonly client: PipecatClient) {}
}

const a = { baseUrl: "http://127.0.0.1:1", apiKey: "pk_a" };
const b = { baseUrl: "http://127.0.0.1:1", apiKey: "pk_b" };

describe("ApiCache", () => {
  it("loads the wrapper only when a client is first needed", async () => {
    const load = vi.fn(async () => FakeApi);
    const cache = new ApiCache(load);
    expect(load).not.toHaveBeenCalled();
    await cache.get(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("concurrent first calls share one client; the same connection keeps it", async () => {
    const cache = new ApiCache(async () => FakeApi);
    const [x, y] = await Promise.all([cache.get(a), cache.get(a)]);
    expect(x).toBe(y);
    expect(await cache.get({ ...a })).toBe(x);
  });

  it("another connection gets a new client for that connection, and the old one is closed", async () => {
    const cache = new ApiCache(async () => FakeApi);
    const first = await cache.get(a, { userAgent: "test" });
    const close = vi.spyOn(first.client, "close");
    const second = await cache.get(b);
    expect(second).not.toBe(first);
    expect(close).toHaveBeenCalledTimes(1);
    await second.client.close();
  });

  it("separate caches (provider instances) do not share a client", async () => {
    const [x, y] = await Promise.all([new ApiCache(async () => FakeApi).get(a), new ApiCache(async () => FakeApi).get(a)]);
    expect(x.client).not.toBe(y.client);
  });
});
