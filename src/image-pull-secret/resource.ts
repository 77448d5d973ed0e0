// The PipecatImagePullSecret resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import type { SecretSetStatus } from "../secret-set/resource";
import { withSecretOutputs } from "../core/secret-outputs";
import { serializedProvider } from "../core/serialized";

/** The inputs of a {@link PipecatImagePullSecret}: its name, region, registry and credential. */
export interface PipecatImagePullSecretArgs {
  /** The set's name in Pipecat Cloud, unique across regions: 3-63 lowercase letters, digits, "-" and ".". Changing it replaces the set. */
  setName: pulumi.Input<string>;
  /** Region code; omitted means the organization's default. Must be the region of the agents that use it. Changing it replaces the set. */
  region?: pulumi.Input<string>;
  /** The registry's URL (default Docker Hub, `https://index.docker.io/v1/`). */
  host?: pulumi.Input<string>;
  /** The registry user name (not secret; sent inside the base64 credential). */
  username: pulumi.Input<string>;
  /** Password or access token; always stored as a Pulumi secret. Rotating it is an in-place update. */
  password: pulumi.Input<string>;
  /** How long to wait for the set to be provisioned after a change, in seconds (default 300). */
  readyTimeoutSeconds?: pulumi.Input<number>;
}

const STATUS_OUTPUTS = ["requestedRegion", "status", "contentHash"] as const;
const SECRET_OUTPUTS = ["password", "contentHash"];

/**
 * Private registry credentials for Pipecat Cloud to pull an agent's image. The
 * provider sends them as the API expects (base64 of `username:password`). Pass
 * the resource itself as a PipecatAgent's `imagePullSecretSet`.
 */
export class PipecatImagePullSecret extends pulumi.dynamic.Resource {
  /** The set's name in Pipecat Cloud. */
  declare readonly setName: pulumi.Output<string>;
  /** The live region (the organization's default when none was given). */
  declare readonly region: pulumi.Output<string>;
  /** The region the program asked for; null when it left it to the organization's default. */
  declare readonly requestedRegion: pulumi.Output<string | null>;
  /** The registry's URL. */
  declare readonly host: pulumi.Output<string>;
  /** The registry user name. */
  declare readonly username: pulumi.Output<string>;
  /** A secret. */
  declare readonly password: pulumi.Output<string>;
  /** How long `pulumi up` waits for the set to be provisioned, in seconds. */
  declare readonly readyTimeoutSeconds: pulumi.Output<number>;
  /** `ready` after every successful create or update. */
  declare readonly status: pulumi.Output<SecretSetStatus>;
  /** A hash of host, username and password: changes whenever any of them does (a secret). */
  declare readonly contentHash: pulumi.Output<string>;

  constructor(name: string, args: PipecatImagePullSecretArgs, opts?: pulumi.CustomResourceOptions) {
    const seeds = Object.fromEntries(STATUS_OUTPUTS.map((key) => [key, undefined]));
    const inputs = { region: undefined, host: undefined, readyTimeoutSeconds: undefined, ...seeds, ...args, password: pulumi.secret(args.password) };
    super(serializedProvider("imagePullSecret"), name, inputs, withSecretOutputs(opts, SECRET_OUTPUTS), "pipecat", "PipecatImagePullSecret");
  }
}
