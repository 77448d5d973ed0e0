// Pulumi serializes a dynamic resource's provider into the state of every
// resource and runs that copy in its provider host. So the object handed to
// Pulumi holds nothing but calls into the installed package, resolved by name
// at run time: the stored text stays small, carries no paths or secrets, and
// upgrading the package upgrades the code that refresh and destroy run.
// Terse on purpose (one-letter names, rest parameters): every character is
// stored twice per resource.
import type * as pulumi from "@pulumi/pulumi";

/** The provider of resource kind `k`, as exported by `pulumi-pipecat-cloud/provider`. */
export function serializedProvider(k: string): pulumi.dynamic.ResourceProvider {
  const p = () => require("pulumi-pipecat-cloud/provider")[k];
  return {
    configure: (...a) => p().configure(...a),
    check: (...a) => p().check(...a),
    diff: (...a) => p().diff(...a),
    create: (...a) => p().create(...a),
    read: (...a) => p().read(...a),
    update: (...a) => p().update(...a),
    delete: (...a) => p().delete(...a),
  };
}
