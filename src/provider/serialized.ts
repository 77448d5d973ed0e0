// Pulumi serializes this object into the state of every PipecatAgent and runs
// that copy in its provider host. So it holds nothing but calls into the
// installed package, resolved by name at run time: the stored text stays small
// (under 2 KB), carries no paths or secrets, and upgrading the package upgrades
// the code that refresh and destroy run for existing agents.
// Terse on purpose (one-letter names, rest parameters): every character is
// stored twice per agent.
import type * as pulumi from "@pulumi/pulumi";

const p = () => require("pulumi-pipecat-cloud/provider");

export const serializedProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a) => p().configure(...a),
  check: (...a) => p().check(...a),
  diff: (...a) => p().diff(...a),
  create: (...a) => p().create(...a),
  read: (...a) => p().read(...a),
  update: (...a) => p().update(...a),
  delete: (...a) => p().delete(...a),
};
