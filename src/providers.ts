// `pulumi-pipecat-cloud/provider`: the entry the serialized providers load by
// package name (core/serialized.ts). One provider instance per resource kind and
// host process, so every resource of a deployment shares its configuration and
// connection pool. Each kind's code loads on its first call: a stack of agents
// never loads the build or secret set providers, and loading this module loads
// no HTTP client, no zod and no secrets.
import type * as pulumi from "@pulumi/pulumi";
import type { PipecatAgentProvider as AgentProvider } from "./agent/provider";
import type { PipecatBuildProvider as BuildProvider } from "./build/provider";
import type { PipecatImagePullSecretProvider as ImagePullSecretProvider } from "./image-pull-secret/provider";
import type { PipecatSecretSetProvider as SecretSetProvider } from "./secret-set/provider";

type Methods = Required<Pick<pulumi.dynamic.ResourceProvider, "configure" | "check" | "diff" | "create" | "read" | "update" | "delete">>;

/** The six methods (and configure) of a provider made on first use, as plain functions bound to that one instance. */
function lazyMethods(make: () => Methods): Methods {
  let instance: Methods | undefined;
  const p = () => (instance ??= make());
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

/** Keyed by the kind each resource class passes to `serializedProvider`. */
export const agent = lazyMethods(() => new (require("./agent/provider") as typeof import("./agent/provider")).PipecatAgentProvider());
export const build = lazyMethods(() => new (require("./build/provider") as typeof import("./build/provider")).PipecatBuildProvider());
export const secretSet = lazyMethods(() => new (require("./secret-set/provider") as typeof import("./secret-set/provider")).PipecatSecretSetProvider());
export const organizationSettings = lazyMethods(
  () => new (require("./organization-settings/provider") as typeof import("./organization-settings/provider")).PipecatOrganizationSettingsProvider(),
);
export const imagePullSecret = lazyMethods(
  () => new (require("./image-pull-secret/provider") as typeof import("./image-pull-secret/provider")).PipecatImagePullSecretProvider(),
);

// State written by 0.1.0 holds a shim that calls these top-level functions.
export const { configure, check, diff, create, read, update } = agent;
const remove = agent.delete;
export { remove as delete };

// The provider classes, for tests of your own (new PipecatAgentProvider({ env, client })); loaded when first read.
export declare const PipecatAgentProvider: typeof AgentProvider;
export type PipecatAgentProvider = AgentProvider;
export declare const PipecatBuildProvider: typeof BuildProvider;
export type PipecatBuildProvider = BuildProvider;
export declare const PipecatSecretSetProvider: typeof SecretSetProvider;
export type PipecatSecretSetProvider = SecretSetProvider;
export declare const PipecatImagePullSecretProvider: typeof ImagePullSecretProvider;
export type PipecatImagePullSecretProvider = ImagePullSecretProvider;
const classes: Record<string, () => unknown> = {
  PipecatAgentProvider: () => require("./agent/provider").PipecatAgentProvider,
  PipecatBuildProvider: () => require("./build/provider").PipecatBuildProvider,
  PipecatSecretSetProvider: () => require("./secret-set/provider").PipecatSecretSetProvider,
  PipecatImagePullSecretProvider: () => require("./image-pull-secret/provider").PipecatImagePullSecretProvider,
};
for (const [name, load] of Object.entries(classes)) Object.defineProperty(exports, name, { enumerable: true, get: load });

export type { ProviderOptions, ResourceInitFailure } from "./agent/provider";
export type { BuildProviderOptions } from "./build/provider";
export type { SecretProviderOptions } from "./secret-common/provider-base";
