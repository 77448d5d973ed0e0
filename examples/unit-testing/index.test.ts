// Unit tests of index.ts. pipecatMocks answers every registration locally and
// runs each resource's own checks first, so an invalid agent fails here with
// the message `pulumi preview` would print. Run from this folder:
//   npx tsc && node --test bin/
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { pipecatMocks } from "pulumi-pipecat-cloud/testing";

/** The resolved value of an output. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Loads index.ts fresh as `stack`, with stack config, and waits until every resource is registered. */
async function program(stack: string, config: Record<string, string> = {}) {
  const mocks = pipecatMocks();
  pulumi.runtime.setMocks(mocks, "support-bot", stack, false);
  pulumi.runtime.setAllConfig({ "support-bot:openaiApiKey": "sk-test", ...config }, ["support-bot:openaiApiKey"]);
  delete require.cache[require.resolve("./index")];
  const outputs: typeof import("./index") = require("./index");
  await mocks.settled(); // rejects with preview's message if a resource is invalid
  return outputs;
}

describe("support-bot", () => {
  it("production keeps one agent warm", async () => {
    const outputs = await program("prod");
    assert.deepEqual(await valueOf(outputs.autoScaling), { minAgents: 1, maxAgents: 20 });
    assert.equal(await valueOf(outputs.ready), true);
  });

  it("other stacks scale to zero, in the organization's default region", async () => {
    const outputs = await program("dev");
    assert.equal((await valueOf(outputs.autoScaling)).minAgents, 0);
    assert.equal(await valueOf(outputs.region), "us-west");
  });

  it("deploys the build of ./bot", async () => {
    const outputs = await program("dev");
    assert.match(String(await valueOf(outputs.buildId)), /^[0-9a-f-]{36}$/);
  });

  it("refuses a production maxAgents below the warm agent, as preview would", async () => {
    await assert.rejects(program("prod", { "support-bot:maxAgents": "0" }), /property autoScaling\.maxAgents .*has a problem: must be at least minAgents \(1\)/);
  });
});
