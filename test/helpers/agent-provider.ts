// A PipecatAgentProvider as the engine runs one: configured with stack config, and
// fed inputs that went through its own check first. Shared by the integration tests.
import { expect } from "vitest";
import { PipecatAgentProvider, type ProviderOptions } from "../../src/agent/provider";

/** A provider configured with `config` (as `pulumi config` would hand it), polling fast unless told otherwise. */
export async function agentProvider(config: Record<string, string>, options: ProviderOptions = {}): Promise<PipecatAgentProvider> {
  const p = new PipecatAgentProvider({ env: {}, poll: { initialMs: 25, maxMs: 100 }, ...options });
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k]! } });
  return p;
}

/** What the engine does: check the program's inputs (they must pass), then hand the result to create/update. */
export async function checked(p: PipecatAgentProvider, news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await p.check(olds, { ...news, __provider: "serialized" });
  expect(result.failures ?? []).toEqual([]);
  return { ...result.inputs, __provider: "serialized" } as Record<string, unknown>;
}
