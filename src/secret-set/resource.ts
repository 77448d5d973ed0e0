// The PipecatSecretSet resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/secret-outputs";
import { serializedProvider } from "../core/serialized";

/** The inputs of a {@link PipecatSecretSet}: its name, region and keys. */
export interface PipecatSecretSetArgs {
  /** The set's name in Pipecat Cloud, unique across regions: 3-63 lowercase letters, digits, "-" and ".". Changing it replaces the set. */
  setName: pulumi.Input<string>;
  /** Region code; omitted means the organization's default. Must be the region of the agents that use the set. Changing it replaces the set. */
  region?: pulumi.Input<string>;
  /** The secrets, as `{ KEY: value }`: at least one; keys are letters, digits, "_" and "-" (at most 64). Always stored as Pulumi secrets. */
  secrets: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How long to wait for the set to be provisioned after a change, in seconds (default 300). */
  readyTimeoutSeconds?: pulumi.Input<number>;
}

/** A secret set's status, as the spec documents it (a newer value the API adds reads as a string). */
export type SecretSetStatus = "pending" | "ready" | "failed" | (string & {});

/** Outputs the provider fills in; seeded as undefined so Pulumi exposes them. */
const STATUS_OUTPUTS = ["requestedRegion", "status", "keys", "contentHash"] as const;
/** Derived from secret values: the engine only keeps outputs secret that it is told about. */
const SECRET_OUTPUTS = ["secrets", "contentHash"];

/**
 * A Pipecat Cloud secret set: environment variables for agents (LLM, STT and TTS
 * keys). Values are write-only upstream and Pulumi secrets here. Pass the
 * resource itself as a PipecatAgent's `secretSet` and a changed value redeploys
 * that agent.
 */
export class PipecatSecretSet extends pulumi.dynamic.Resource {
  /** The set's name in Pipecat Cloud. */
  declare readonly setName: pulumi.Output<string>;
  /** The live region (the organization's default when none was given). */
  declare readonly region: pulumi.Output<string>;
  /** The region the program asked for; null when it left it to the organization's default. */
  declare readonly requestedRegion: pulumi.Output<string | null>;
  /** The values as given (a secret). */
  declare readonly secrets: pulumi.Output<Record<string, string>>;
  /** How long `pulumi up` waits for the set to be provisioned, in seconds. */
  declare readonly readyTimeoutSeconds: pulumi.Output<number>;
  /** `ready` after every successful create or update (`pending` while provisioning, `failed` if it could not be). */
  declare readonly status: pulumi.Output<SecretSetStatus>;
  /** The key names, sorted (not secret). */
  declare readonly keys: pulumi.Output<string[]>;
  /** A hash of every key and value: changes whenever any of them does (a secret). */
  declare readonly contentHash: pulumi.Output<string>;

  constructor(name: string, args: PipecatSecretSetArgs, opts?: pulumi.CustomResourceOptions) {
    const seeds = Object.fromEntries(STATUS_OUTPUTS.map((key) => [key, undefined]));
    const inputs = { region: undefined, readyTimeoutSeconds: undefined, ...seeds, ...args, secrets: pulumi.secret(args.secrets) };
    super(serializedProvider("secretSet"), name, inputs, withSecretOutputs(opts, SECRET_OUTPUTS), "pipecat", "PipecatSecretSet");
  }
}
