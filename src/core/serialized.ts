// Pulumi serializes a dynamic resource's provider into the state of every
// resource (twice) and runs that copy in its provider host. A module object
// that lives under node_modules is serialized as a one-line
// `require("<package>/<export>")`, so when this package is installed we hand
// Pulumi the kind's entry module itself (`pulumi-pipecat-cloud/provider/<kind>`,
// src/provider/<kind>.ts): about 250 bytes in state, no paths or secrets, and
// upgrading the package upgrades the code that refresh and destroy run.
//
// Linked from outside node_modules (npm link, `npm run link-self`), Pulumi would
// copy the module's code instead; there we hand it a shim that loads the
// provider by package name at run time. Terse on purpose (one-letter names,
// rest parameters): every character is stored twice per resource.
import type * as pulumi from "@pulumi/pulumi";

const PACKAGE = "pulumi-pipecat-cloud";

/** The provider of resource kind `k` (a key of src/providers.ts with an entry in src/provider/<k>.ts). */
export function serializedProvider(k: string): pulumi.dynamic.ResourceProvider {
  return installedEntry(k) ?? shim(k);
}

/** The kind's entry module when Pulumi will store it as a require of this package; else undefined. */
function installedEntry(kind: string): pulumi.dynamic.ResourceProvider | undefined {
  if (!isInstalledPackage(__filename)) return undefined;
  try {
    return require(`../provider/${kind}`) as pulumi.dynamic.ResourceProvider;
  } catch (error) {
    if ((error as { code?: string }).code === "MODULE_NOT_FOUND") return undefined; // no entry module for this kind: the shim works too
    throw error;
  }
}

/**
 * Pulumi names a module by the path after the first node_modules segment: it
 * must be this package right there (not a pnpm store path, not a link).
 */
export function isInstalledPackage(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const at = parts.indexOf("node_modules");
  return at >= 0 && parts[at + 1] === PACKAGE;
}

// One shim per kind, so Pulumi serializes it once per program (it caches by object).
const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

function shim(k: string): pulumi.dynamic.ResourceProvider {
  let s = shims.get(k);
  if (s === undefined) {
    const p = () => require("pulumi-pipecat-cloud/provider")[k];
    s = {
      configure: (...a) => p().configure(...a),
      check: (...a) => p().check(...a),
      diff: (...a) => p().diff(...a),
      create: (...a) => p().create(...a),
      read: (...a) => p().read(...a),
      update: (...a) => p().update(...a),
      delete: (...a) => p().delete(...a),
    };
    shims.set(k, s);
  }
  return s;
}
