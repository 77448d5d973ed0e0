// `npx pipecat-cloud-simulator`, as installed from the tarball.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect, inject, it } from "vitest";

const SEEDED_BUILD = "6f1c2a7e-0d4b-4c1e-9a53-2b8e7d4f6a10";

it("the installed bin serves the API on loopback and stops cleanly on SIGTERM", async () => {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, ["--port", "0", "--api-key", "pk_bin_test", "--seed-secret-set", "my-agent-secrets", "--seed-build", `${SEEDED_BUILD}:eu-central`, "--ignore-nulls-on-update"], { cwd: consumerDir });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  try {
    const unauthorized = await fetch(`${url}/v1/regions`);
    expect(unauthorized.status).toBe(401);
    const secrets = await fetch(`${url}/v1/secrets`, { headers: { authorization: "Bearer pk_bin_test" } });
    expect(await secrets.json()).toMatchObject({ sets: [{ name: "my-agent-secrets", status: "ready" }] });
    expect(await (await fetch(`${url}/_simulator/behaviour`)).json()).toEqual({ behaviour: { ignoreNullsOnUpdate: true } });
    const build = await fetch(`${url}/v1/builds/${SEEDED_BUILD}`, { headers: { authorization: "Bearer pk_bin_test" } });
    expect(await build.json()).toMatchObject({ build: { id: SEEDED_BUILD, region: "eu-central", status: "success" } });
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(0);
  expect(out).not.toContain("pk_bin_test");
});

it("--rate-limit answers 429 with the Retry-After of --rate-limit-retry-after beyond the limit", async () => {
  const consumerDir = inject("consumerDir");
  const bin = path.join(consumerDir, "node_modules", ".bin", "pipecat-cloud-simulator");
  const child = spawn(bin, ["--port", "0", "--rate-limit", "3", "--rate-limit-retry-after", "2"], { cwd: consumerDir });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
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
