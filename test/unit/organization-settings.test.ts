// One PipecatOrganizationSettings per program: the second is refused when the program runs
// (so at `pulumi preview`), naming both, before anything is registered.
import * as pulumi from "@pulumi/pulumi";
import { expect, it } from "vitest";
import { PipecatOrganizationSettings } from "../../src/organization-settings/resource";

it("a second PipecatOrganizationSettings in the same program is refused, naming the first", () => {
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
  new PipecatOrganizationSettings("main", { defaultRegion: "us-west" });
  expect(() => new PipecatOrganizationSettings("another", { defaultRegion: "eu-central" })).toThrow(
    /PipecatOrganizationSettings "another": a program may declare one per organization, and "main" already does/,
  );
});
