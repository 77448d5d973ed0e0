// `pulumi-pipecat-cloud/provider/secretSet`: PipecatSecretSet's provider, as Pulumi stores it.
import { providerEntry } from "./entry";
export = providerEntry("secretSet");
