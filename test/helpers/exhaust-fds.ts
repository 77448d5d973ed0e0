// Run with a low `ulimit -n`: 200 concurrent requests, each holding a connection
// open (the simulator delays its answers), in a process with few file
// descriptors. Prints what the client reported, as one JSON line.
import { PipecatClient } from "../../src/client/client";
import { Pacer } from "../../src/client/pacing";
import { startSimulator } from "../../src/simulator";

void (async () => {
  const sim = await startSimulator({});
  sim.faults.add({ method: "GET", path: "/v1/regions", times: Infinity, fault: { kind: "delay", ms: 300 } });
  const client = new PipecatClient({ baseUrl: sim.url, apiKey: "k", pacer: new Pacer({ burst: Infinity }), retry: { attempts: 1 } });
  const schema = { safeParse: (data: unknown) => ({ success: true, data }) } as never;
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, () => client.request({ method: "GET", path: "/regions", schema, safety: "idempotent" })),
  );
  const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string; local?: boolean; message: string }] : []));
  process.stdout.write(`${JSON.stringify(errors.map((e) => ({ code: e.code, local: e.local, message: e.message })))}\n`);
  process.exit(0);
})();
