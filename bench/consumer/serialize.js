// A tiny Pulumi program under mocks: registers one resource with the given provider and
// prints the `__provider` text @pulumi/pulumi serialized for it (or the error it raised).
// Usage: node serialize.js <ours|trivial|naive|naiveSchema|naiveUndici|naiveModules>
"use strict";
const pulumi = require("@pulumi/pulumi");

const kind = process.argv[2];
const report = (result) => {
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
};
pulumi.runtime.setMocks(
  {
    newResource(args) {
      report({ ok: true, type: args.type, provider: args.inputs.__provider });
      return { id: "x", state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "consumer",
  "dev",
  false,
);
process.on("unhandledRejection", (e) => report({ ok: false, error: String((e && e.message) || e) }));

if (kind === "ours") {
  const { PipecatAgent } = require("pulumi-pipecat-cloud");
  new PipecatAgent("my-agent", { agentName: "my-agent", image: "acme/bot:1" });
} else {
  const provider = require("./providers")[kind];
  if (!provider) throw new Error(`unknown provider kind ${kind}`);
  new pulumi.dynamic.Resource(provider, "my-agent", { agentName: "my-agent", image: "acme/bot:1" });
}
