// `pulumi-pipecat-cloud/provider`: the entry the serialized providers load by
// package name (core/serialized.ts). One provider instance per resource kind and
// host process, so every resource of a deployment shares its configuration and
// connection pool. Loading this module loads no HTTP client and no secrets.
import type * as pulumi from "@pulumi/pulumi";
import { PipecatAgentProvider } from "./agent/provider";
import { PipecatBuildProvider } from "./build/provider";
import { PipecatImagePullSecretProvider } from "./image-pull-secret/provider";
import { PipecatSecretSetProvider } from "./secret-set/provider";

type Methods = Required<Pick<pulumi.dynamic.ResourceProvider, "configure" | "check" | "diff" | "create" | "read" | "update" | "delete">>;

/** The six methods (and configure) of a provider, as plain functions bound to one instance. */
function methodsOf(provider: Methods): Methods {
  return {
    configure: (req) => provider.configure(req),
    check: (olds, news) => provider.check(olds, news),
    diff: (id, olds, news) => provider.diff(id, olds, news),
    create: (inputs) => provider.create(inputs),
    read: (id, props) => provider.read(id, props),
    update: (id, olds, news) => provider.update(id, olds, news),
    delete: (id, props) => provider.delete(id, props),
  };
}

/** Keyed by the kind each resource class passes to `serializedProvider`. */
export const agent = methodsOf(new PipecatAgentProvider());
export const build = methodsOf(new PipecatBuildProvider());
export const secretSet = methodsOf(new PipecatSecretSetProvider());
export const imagePullSecret = methodsOf(new PipecatImagePullSecretProvider());

// State written by 0.1.0 holds a shim that calls these top-level functions.
export const { configure, check, diff, create, read, update } = agent;
const remove = agent.delete;
export { remove as delete };

export { PipecatAgentProvider, type ProviderOptions, type ResourceInitFailure } from "./agent/provider";
export { PipecatBuildProvider, type BuildProviderOptions } from "./build/provider";
export { PipecatSecretSetProvider } from "./secret-set/provider";
export { PipecatImagePullSecretProvider } from "./image-pull-secret/provider";
export type { SecretProviderOptions } from "./secret-common/provider-base";
