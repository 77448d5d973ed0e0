// Links this package into its own node_modules, as `npm link` would: a Pulumi
// program in this repository, and the provider host started in it, then resolve
// `pulumi-pipecat-cloud` by name, exactly as in a user's project.
// Used by the demo; `npm run link-self` runs it for the real Pulumi CLI.
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

export function linkSelf(root = resolve(__dirname, "..", "..")): void {
  const link = join(root, "node_modules", "pulumi-pipecat-cloud");
  if (existsSync(link)) return;
  mkdirSync(join(root, "node_modules"), { recursive: true });
  symlinkSync("..", link, "dir");
}

if (require.main === module) linkSelf();
