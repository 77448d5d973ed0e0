// What each `pulumi-pipecat-cloud/provider/<kind>` module exports: the kind's
// provider methods, loaded on first call. Pulumi stores such a module, found
// under node_modules, as a one-line `require("pulumi-pipecat-cloud/provider/<kind>")`
// (core/serialized.ts); loading it costs the program nothing until a method runs
// in the provider host.
import type * as pulumi from "@pulumi/pulumi";

type Methods = Required<Pick<pulumi.dynamic.ResourceProvider, "configure" | "check" | "diff" | "create" | "read" | "update" | "delete">>;

export function providerEntry(kind: string): Methods {
  // The same instance `pulumi-pipecat-cloud/provider` serves (state written by 0.1.0 loads that one).
  const p = (): Methods => (require("../providers") as Record<string, Methods>)[kind]!;
  return {
    configure: (req) => p().configure(req),
    check: (olds, news) => p().check(olds, news),
    diff: (id, olds, news) => p().diff(id, olds, news),
    create: (inputs) => p().create(inputs),
    read: (id, props) => p().read(id, props),
    update: (id, olds, news) => p().update(id, olds, news),
    delete: (id, props) => p().delete(id, props),
  };
}
