// `pulumi-pipecat-cloud/provider/agent`: PipecatAgent's provider, the module Pulumi stores as a
// one-line require (core/serialized.ts). The same instance `pulumi-pipecat-cloud/provider`
// serves, whose top-level functions state written by 0.1.0 calls.
import { agent } from "../providers";
export = agent;
