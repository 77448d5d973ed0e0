// The entry point the serialized provider loads by package name
// (`require("pulumi-pipecat-cloud/provider")`): one provider per host process, so
// every agent in a deployment shares its configuration and connection pool.
import type * as pulumi from "@pulumi/pulumi";
import { PipecatAgentProvider } from "./provider";

export { PipecatAgentProvider, type ProviderOptions, type ResourceInitFailure } from "./provider";

const provider = new PipecatAgentProvider();

type Props = Record<string, unknown>;

export const configure = (req: pulumi.dynamic.ConfigureRequest) => provider.configure(req);
export const check = (olds: Props, news: Props) => provider.check(olds, news);
export const diff = (id: string, olds: Props, news: Props) => provider.diff(id, olds, news);
export const create = (inputs: Props) => provider.create(inputs);
export const read = (id: string, props: Props) => provider.read(id, props);
export const update = (id: string, olds: Props, news: Props) => provider.update(id, olds, news);
const remove = (id: string, props: Props) => provider.delete(id, props);
export { remove as delete };
