// `pulumi-pipecat-cloud/provider/organizationSettings`: PipecatOrganizationSettings's provider, the
// module Pulumi stores as a one-line require (core/serialized.ts).
import { organizationSettings } from "../providers";
export = organizationSettings;
