// Running out of file descriptors or ports is this machine's problem: the error
// says so and what to do, instead of blaming the network.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Dispatcher } from "undici";
import { PipecatClient } from "../../src/client/client";
import { NetworkError } from "../../src/client/errors/NetworkError";

/** A connection pool whose every connect fails with `code`, counting the attempts. */
function failingPool(code: string) {
  const pool = { attempts: 0 } as { attempts: number } & Dispatcher;
  Object.assign(pool, {
    request: async () => {
      pool.attempts++;
      throw Object.assign(new Error(`connect ${code}`), { code, syscall: "connect" });
    },
    close: async () => undefined,
  });
  return pool;
}

const schema = { safeParse: (data: unknown) => ({ success: true, data }) } as never;

describe("local resource errors", () => {
  it.each([
    ["EMFILE", /this process ran out of file descriptors/],
    ["ENFILE", /this machine ran out of file descriptors/],
    ["EADDRNOTAVAIL", /ran out of local ports/],
  ])("%s is reported as a problem on this machine, with what to do, after retrying (nothing was sent)", async (code, what) => {
    const pool = failingPool(code);
    const delays: number[] = [];
    const client = new PipecatClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", dispatcher: pool, sleep: async (ms) => void delays.push(ms), random: () => 0.5 });
    const error = await client.request({ method: "POST", path: "/agents", body: {}, schema, safety: "create" }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ local: true, mayHaveBeenProcessed: false });
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(/not the network.*ulimit -n.*pulumi up --parallel/);
    expect(error.message).not.toMatch(/Check network access/);
    expect(pool.attempts).toBe(6); // even a create is retried: no socket, nothing sent
  });

  it("a real network failure still points at the network", async () => {
    const client = new PipecatClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", dispatcher: failingPool("ECONNRESET"), sleep: async () => undefined });
    const error = await client.request({ method: "GET", path: "/agents", schema, safety: "idempotent" }).catch((e) => e);
    expect(error).toMatchObject({ local: false });
    expect(error.message).toMatch(/Check network access to the Pipecat Cloud API/);
  });

  it("a process that really runs out of file descriptors gets that message", () => {
    const script = path.join(__dirname, "../helpers/exhaust-fds.ts");
    const result = spawnSync("bash", ["-c", `ulimit -n 80 && exec "${process.execPath}" -r ts-node/register/transpile-only "${script}"`], {
      cwd: path.join(__dirname, "../.."),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const errors = JSON.parse(result.stdout.trim().split("\n").pop()!) as Array<{ code: string; local: boolean; message: string }>;
    expect(errors.length).toBeGreaterThan(0);
    const emfile = errors.filter((e) => /EMFILE/.test(e.message));
    expect(emfile.length).toBeGreaterThan(0);
    for (const e of emfile) expect(e).toMatchObject({ code: "PIPECAT_ERR_NETWORK", local: true, message: expect.stringMatching(/problem on this machine/) });
  });
});
