// vitest globalSetup for the real-CLI suite: find a Pulumi CLI (PULUMI_CLI_DIR, PATH or the
// cache `npm run pulumi-cli` fills) and pack the tarball the projects install. Without a CLI the
// suite is skipped with one line, except under CI=true, where that is a failure.
import type { TestProject } from "vitest/node";
import { prepareConsumer } from "../helpers/consumer";
import { locateCli } from "../helpers/pulumi-cli";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs; "" when there is none. */
    cliDir: string;
  }
}

export default async function setup({ provide }: Pick<TestProject, "provide">): Promise<void> {
  const cli = locateCli();
  if (!cli) {
    if (process.env.CI === "true") throw new Error("CI=true but no Pulumi CLI was found: run `npm run pulumi-cli` first (.ci/run does).");
    console.log("[cli] real Pulumi CLI suite skipped: no CLI found. Run `npm run pulumi-cli` (or set PULUMI_CLI_DIR) to enable it.");
    provide("cliDir", "");
    return;
  }
  const { consumerDir, tarball } = await prepareConsumer();
  provide("cliDir", cli.dir);
  provide("consumerDir", consumerDir);
  provide("tarball", tarball);
  console.log(`[cli] real Pulumi CLI suite: ${cli.how} (${cli.dir})`);
}
