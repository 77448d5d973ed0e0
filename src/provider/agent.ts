// `pulumi-pipecat-cloud/provider/agent`: PipecatAgent's provider, as Pulumi stores it.
import { providerEntry } from "./entry";
export = providerEntry("agent");
