// When Pulumi can store the provider as a require of this package: only when the
// package sits right under a node_modules segment (Pulumi names the module by
// the path after the first one).
import { describe, expect, it } from "vitest";
import { isInstalledPackage, serializedProvider } from "../../src/core/serialized";

describe("isInstalledPackage", () => {
  it.each<[string, boolean]>([
    ["/home/me/stack/node_modules/pulumi-pipecat-cloud/dist/core/serialized.js", true],
    ["C:\\stack\\node_modules\\pulumi-pipecat-cloud\\dist\\core\\serialized.js", true],
    ["/work/pulumi-pipecat-cloud/dist/core/serialized.js", false], // linked (npm link, link-self): the real path
    ["/stack/node_modules/.pnpm/pulumi-pipecat-cloud@0.2.0/node_modules/pulumi-pipecat-cloud/dist/core/serialized.js", false],
    ["/stack/node_modules/other/node_modules/pulumi-pipecat-cloud/dist/core/serialized.js", false],
    ["/stack/node_modules/pulumi-pipecat-cloud-fork/dist/core/serialized.js", false],
  ])("%s → %s", (file, expected) => {
    expect(isInstalledPackage(file)).toBe(expected);
  });
});

describe("serializedProvider outside node_modules (this repository)", () => {
  it("is the shim that loads the kind from pulumi-pipecat-cloud/provider by name, one object per kind", () => {
    const agent = serializedProvider("agent");
    expect(Object.keys(agent)).toEqual(["configure", "check", "diff", "create", "read", "update", "delete"]);
    expect(String(agent.check)).toBe("(...a) => p().check(...a)");
    expect(serializedProvider("agent")).toBe(agent); // Pulumi serializes it once per program
    expect(serializedProvider("secretSet")).not.toBe(agent);
  });
});
