// `pulumi-pipecat-cloud/provider/imagePullSecret`: PipecatImagePullSecret's provider, as Pulumi stores it.
import { providerEntry } from "./entry";
export = providerEntry("imagePullSecret");
