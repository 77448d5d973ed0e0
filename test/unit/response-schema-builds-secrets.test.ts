// Build and secret set responses are read exactly as leniently as the spec allows, like the
// agent's (response-schema.test.ts): it requires no response field. Every 200 answer of the
// spec (test/fixtures/spec-build-secret-responses.json: its examples, and for the build
// endpoints, which have none, an answer assembled from each field's `example`), then each
// field absent and null, one at a time: each must parse, and what the provider records from it
// must still be well formed (a left-out field filled from what is known, never made up).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { variant, variantRows } from "../helpers/spec-variants";
import { knownBuild, TERMINAL_STATUSES } from "../../src/build/mapping";
import { buildLogsResponseSchema, createBuildResponseSchema, getBuildResponseSchema, listBuildsResponseSchema } from "../../src/build/schema";
import { setDetailsSchema, setListItemSchema } from "../../src/secret-common/api";
import { knownSet } from "../../src/secret-common/wait-for-ready";
import { liveKeys } from "../../src/secret-set/mapping";

const examples: Record<string, unknown> = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/spec-build-secret-responses.json"), "utf8"));

const KNOWN = { id: "known-id", status: "pending", region: "known-region" };

/** How each answer is read, and what must hold of what the provider makes of it. */
const READERS: Record<string, (body: unknown) => void> = {
  "POST /builds 201": (body) => recordsBuild(createBuildResponseSchema.parse(body).build),
  "POST /builds 200": (body) => recordsBuild(createBuildResponseSchema.parse(body).build),
  "GET /builds/{buildId}": (body) => recordsBuild(getBuildResponseSchema.parse(body).build),
  "GET /builds": (body) => (listBuildsResponseSchema.parse(body).builds ?? []).forEach(recordsBuild),
  "GET /builds/{buildId}/logs": (body) => expect(Array.isArray(buildLogsResponseSchema.parse(body).logs ?? [])).toBe(true),
  "GET /secrets": (body) => {
    const sets = (body as { sets?: unknown[] | null }).sets ?? [];
    for (const item of sets) recordsSet(setListItemSchema.parse(item));
  },
  "GET /secrets/{setName}": (body) => {
    const set = setDetailsSchema.parse(body);
    recordsSet(set);
    expect(liveKeys(set) === undefined || Array.isArray(liveKeys(set))).toBe(true);
  },
  "PUT /secrets/{setName} 202": (body) => expect(body === null || typeof body === "object").toBe(true),
};

function recordsBuild(build: Parameters<typeof knownBuild>[0]): void {
  const known = knownBuild(build, KNOWN);
  expect(known).toMatchObject({ id: expect.any(String), status: expect.any(String), region: expect.any(String) });
  // A left-out field is the one known before, a reported one is the API's.
  for (const key of ["id", "status", "region"] as const) expect(known[key]).toBe(build[key] ?? KNOWN[key]);
}

function recordsSet(set: { region?: string | null; status?: string | null }): void {
  const known = knownSet(set, "known-region");
  expect(known.region).toBe(set.region ?? "known-region");
  expect(known.status).toBe(set.status ?? "ready");
}

it("every answer in the fixture has a reader here", () => {
  expect(Object.keys(examples).sort()).toEqual(Object.keys(READERS).sort());
});

describe.each(Object.entries(examples))("%s", (name, example) => {
  it("the spec's answer parses", () => READERS[name]!(example));
  const rows = variantRows(example);
  it.each(rows)("%s: %s", (_label, replacement, at) => READERS[name]!(variant(example, [...at], replacement)));
});

describe("shapes the official CLI accepts too", () => {
  const build = (examples["GET /builds/{buildId}"] as { build: Record<string, unknown> }).build;
  it.each([
    ["wrapped, as the spec shows it", { build, cached: true }, true],
    ["the build object itself", { ...build, cached: true }, true],
    ["the build object without `cached`", build, undefined],
  ])("POST /builds: %s", (_name, body, cached) => {
    const parsed = createBuildResponseSchema.parse(body);
    expect(parsed.build.id).toBe(build.id);
    expect(parsed.build.status).toBe(build.status);
    expect(parsed.cached).toBe(cached);
  });

  it("log entries: a line, or an object with `log` or `message`", () => {
    const parsed = buildLogsResponseSchema.parse({ logs: ["plain", { log: "from log" }, { message: "from message" }, { other: 1 }] });
    expect(parsed.logs).toHaveLength(4);
  });

  it.each([
    ["pending", false],
    ["building", false],
    ["queued", false],
    ["success", true],
    ["failed", true],
    ["timeout", true],
  ])("build status %s is terminal: %s (an unknown one is in progress)", (status, terminal) => {
    expect(TERMINAL_STATUSES.has(status)).toBe(terminal);
  });
});
