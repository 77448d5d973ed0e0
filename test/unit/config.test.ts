import { describe, expect, it } from "vitest";
import { adoptAll, pollCapMs, readStackConfig, resolveConnection } from "../../src/config";

describe("resolveConnection", () => {
  it.each([
    ["stack config wins over the environment", { apiKey: "k-config", apiUrl: "http://a.test" }, { PIPECAT_API_KEY: "k-env", PIPECAT_API_URL: "http://b.test" }, { apiKey: "k-config", baseUrl: "http://a.test" }],
    ["environment when config is empty", {}, { PIPECAT_API_KEY: "k-env", PIPECAT_API_URL: "http://b.test" }, { apiKey: "k-env", baseUrl: "http://b.test" }],
    ["the public API by default", { apiKey: "k" }, {}, { apiKey: "k", baseUrl: "https://api.pipecat.daily.co" }],
    ["blank values count as unset", { apiKey: "k" }, { PIPECAT_API_URL: "  " }, { apiKey: "k", baseUrl: "https://api.pipecat.daily.co" }],
  ])("%s", (_name, configured, env, expected) => {
    expect(resolveConnection(configured, env)).toEqual(expected);
  });

  it("without a key names both ways to set one, and nothing else", () => {
    expect(() => resolveConnection({}, {})).toThrow(/pulumi config set --secret pipecat:apiKey.*PIPECAT_API_KEY/);
  });

  it("rejects a URL that is not http(s)", () => {
    expect(() => resolveConnection({ apiKey: "k", apiUrl: "api.pipecat.daily.co" }, {})).toThrow(/must be an http\(s\) URL/);
  });
});

describe("readStackConfig and pollCapMs", () => {
  const config = (values: Record<string, string>) => readStackConfig({ get: (k) => values[k] });

  it("reads the pipecat: namespace only", () => {
    expect(config({ "pipecat:apiKey": "k", "pipecat:apiUrl": "http://a.test", "myproj:apiKey": "other" })).toEqual({ apiKey: "k", apiUrl: "http://a.test" });
  });

  it.each([
    [undefined, undefined],
    ["5", 5_000],
    ["0.5", 500],
    ["60", 60_000],
  ])("pipecat:pollIntervalSeconds %s → %s ms", (value, expected) => {
    expect(pollCapMs(config(value === undefined ? {} : { "pipecat:pollIntervalSeconds": value }))).toBe(expected);
  });

  it.each(["0", "61", "soon", "-1"])("rejects pipecat:pollIntervalSeconds %s", (value) => {
    expect(() => pollCapMs(config({ "pipecat:pollIntervalSeconds": value }))).toThrow(/from 0.1 to 60/);
  });

  it.each([
    [undefined, false],
    ["false", false],
    ["true", true],
  ])("pipecat:adoptExisting %s → %s", (value, expected) => {
    expect(adoptAll(config(value === undefined ? {} : { "pipecat:adoptExisting": value }))).toBe(expected);
  });

  it.each(["yes", "1", "TRUE"])("rejects pipecat:adoptExisting %s", (value) => {
    expect(() => adoptAll(config({ "pipecat:adoptExisting": value }))).toThrow(/must be true or false/);
  });
});
