// `pulumi-pipecat-cloud/provider/build`: PipecatBuild's provider, as Pulumi stores it.
import { providerEntry } from "./entry";
export = providerEntry("build");
