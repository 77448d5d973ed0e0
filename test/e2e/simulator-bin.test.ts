// `npx pipecat-cloud-simulator`, as installed from the tarball.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect, inject, it } from "vitest";

const SEEDED_BUILD = "6f1c2a7e-0d4b-4c1e-9a53-2b8e7d4f6a10";

/** Starts the installed bin; resolves with its URL once it prints one (and `ready(output)` holds). */
async function startBin(args: string[], ready: (out: string) => boolean = () => true) {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, args, { cwd: consumerDir });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match && ready(out)) resolve(match[0]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

it("the installed bin serves the API on loopback and stops cleanly on SIGTERM", async () => {
  const { child, url, output } = await startBin(["--port", "0", "--api-key", "pk_bin_test", "--seed-secret-set", "my-agent-secrets", "--seed-build", `${SEEDED_BUILD}:eu-central`, "--ignore-nulls-on-update", "--omit-optional-fields", "--reject-null-secret-sets"]);
  try {
    const unauthorized = await fetch(`${url}/v1/regions`);
    expect(unauthorized.status).toBe(401);
    const secrets = await fetch(`${url}/v1/secrets`, { headers: { authorization: "Bearer pk_bin_test" } });
    expect(await secrets.json()).toMatchObject({ sets: [{ name: "my-agent-secrets", status: "ready" }] });
    expect(await (await fetch(`${url}/_simulator/behaviour`)).json()).toEqual({ behaviour: { ignoreNullsOnUpdate: true, omitOptionalFields: true, rejectNullSecretSets: true } });
    const build = await fetch(`${url}/v1/builds/${SEEDED_BUILD}`, { headers: { authorization: "Bearer pk_bin_test" } });
    expect(await build.json()).toMatchObject({ build: { id: SEEDED_BUILD, region: "eu-central", status: "success" } });
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(0);
  expect(output()).not.toContain("pk_bin_test");
});

it("--rate-limit answers 429 with the Retry-After of --rate-limit-retry-after beyond the limit", async () => {
  const { child, url } = await startBin(["--port", "0", "--rate-limit", "3", "--rate-limit-retry-after", "2"]);
  try {
    // Ten at once: the bucket holds three (it refills 3/s, far slower than these arrive).
    const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/v1/regions`, { headers: { authorization: "Bearer k" } })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(responses.find((r) => r.status === 429)!.headers.get("retry-after")).toBe("2");
  } finally {
    child.kill("SIGTERM");
  }
  await new Promise((resolve) => child.on("exit", resolve));
});

it("--rate-limit 0 is refused with a clear message", async () => {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, ["--port", "0", "--rate-limit", "0"], { cwd: consumerDir });
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(err).toMatch(/requestsPerSecond must be a number > 0/);
});

it.each([
  [["--seed-secret-set", "ab:us-wset"], /--seed-secret-set 'ab:us-wset': region 'us-wset' is not available; available regions: us-west, us-east, eu-central, ap-south/],
  [["--seed-build", `${SEEDED_BUILD}:mars`], /--seed-build '[0-9a-f-]+:mars': region 'mars' is not available/],
])("a seed in a region the simulator does not have is refused: %s", async (args, message) => {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, ["--port", "0", ...args], { cwd: consumerDir });
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(err).toMatch(message);
});

it("the bin shows secret set status (never values), honours --secret-put and documents the failed-set convention", async () => {
  const { child, url, output } = await startBin(["--port", "0", "--secret-put", "replace", "--secret-ready-ms", "0", "--seed-secret-set", "seeded-set:eu-central"], (out) => out.includes("seeded-set"));
  const put = (secrets: Record<string, string>) =>
    fetch(`${url}/v1/secrets/my-set`, {
      method: "PUT",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({ secrets: Object.entries(secrets).map(([secretKey, secretValue]) => ({ secretKey, secretValue })) }),
    });
  try {
    expect(output()).toMatch(/Secret set seeded-set \(secret, eu-central\): ready/);
    await put({ A: "value-one-5d1c" });
    await put({ B: "provision-fail-value-7a2e" });
    const set = await fetch(`${url}/v1/secrets/my-set`, { headers: { authorization: "Bearer any" } }).then((r) => r.json());
    expect(set).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/Failed to provision/), secrets: [{ fieldName: "B" }] }); // replaced, not merged
    const logged = /GET \/v1\/secrets\/my-set 200 .*\[set my-set: failed/;
    for (let i = 0; i < 100 && !logged.test(output()); i++) await new Promise((r) => setTimeout(r, 50)); // the log line may trail the answer
    expect(output()).toMatch(logged);
  } finally {
    child.kill("SIGTERM");
  }
  await new Promise((resolve) => child.on("exit", resolve));
  expect(output()).not.toContain("value-one-5d1c");
  expect(output()).not.toContain("provision-fail-value-7a2e");
});

it("--help documents the failed-set convention and --secret-put", async () => {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, ["--help"], { cwd: consumerDir });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.on("exit", resolve));
  expect(out).toMatch(/--secret-put MODE/);
  expect(out).toMatch(/"provision-fail"[\s\S]*ends up "failed"/);
});
