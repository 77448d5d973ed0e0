// The engine keeps an output secret only when the same-named input was secret or
// the output is listed in additionalSecretOutputs; a provider cannot mark one
// itself. Resource classes list their derived secret outputs with this.
import type * as pulumi from "@pulumi/pulumi";

/** The user's options plus `names` as additional secret outputs (theirs kept). */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, names: string[]): pulumi.CustomResourceOptions {
  const own = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...own, ...names])] };
}
