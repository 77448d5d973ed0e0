// The hint an API error carries: each only where it applies.
import { describe, expect, it } from "vitest";
import { hintFor } from "../../src/client/client";

describe("hintFor", () => {
  it.each([
    [409, "Secret set 'my-secrets' is not yet ready. Retry once it has been provisioned.", /secret set the agent references is not ready/],
    [409, "Secret set 'my-secrets' was modified concurrently. Please retry.", undefined],
    [409, "Conflict", undefined],
    [401, "Unauthorized", /API key/],
    [429, "Too many requests", /Rate limited .* 3 attempt\(s\) over 4 s/],
    [503, "Service unavailable", /server error after 3 attempt/],
    [400, "Invalid parameters", undefined],
  ] as Array<[number, string, RegExp | undefined]>)("HTTP %i %s", (status, message, expected) => {
    const hint = hintFor(status, { attempts: 3, elapsedMs: 4_000, maxRetryAfterMs: 60_000, apiMessage: message });
    if (expected === undefined) expect(hint).toBeUndefined();
    else expect(hint).toMatch(expected);
  });
});
