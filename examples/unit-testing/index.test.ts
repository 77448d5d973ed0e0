// Unit tests of the program in index.ts with Pulumi's standard mocks
// (pulumi.runtime.setMocks): every resource registration is answered locally, so
// this runs in any CI without Pipecat Cloud, a Pulumi backend or the Pulumi CLI.
//   npx tsc && node --test bin/     (or with vitest / mocha, the same way)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";

/** The resolved value of an output (mocks resolve them all). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Loads the program fresh, as the given stack, with every resource mocked. */
async function program(stack: string) {
  const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        // What Pipecat Cloud would report: the inputs, plus a status.
        return { id: String(args.inputs.agentName ?? args.name), state: { ...args.inputs, ready: true } };
      },
      call: (args) => args.inputs,
    },
    "support",
    stack,
    false,
  );
  delete require.cache[require.resolve("./index")];
  const outputs = await import("./index");
  await valueOf(outputs.agentName); // registrations are asynchronous: wait until the agent's is answered
  return { outputs, registered };
}

describe("support-bot", () => {
  it("production keeps one agent warm and pins the image tag", async () => {
    const { outputs } = await program("prod");
    const scaling = await valueOf(outputs.autoScaling);
    assert.ok(scaling.minAgents >= 1, `minAgents is ${scaling.minAgents}: a production agent must not scale to zero`);
    assert.doesNotMatch(String(await valueOf(outputs.image)), /:latest$/);
  });

  it("other stacks scale to zero", async () => {
    const { outputs } = await program("dev");
    assert.equal((await valueOf(outputs.autoScaling)).minAgents, 0);
  });

  it("declares exactly one agent, with a secret set", async () => {
    const { registered } = await program("dev");
    assert.equal(registered.length, 1);
    assert.equal(registered[0]!.inputs.agentName, "support-bot");
    assert.equal(registered[0]!.inputs.secretSet, "my-agent-secrets");
  });
});
