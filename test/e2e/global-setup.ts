// vitest globalSetup for the e2e project: pack the repo and install the tarball into a consumer
// project exactly as a user would, then hand its path to the tests via `inject("consumerDir")`.
import type { TestProject } from "vitest/node";
import { prepareConsumer } from "../helpers/consumer";

declare module "vitest" {
  export interface ProvidedContext {
    consumerDir: string;
    tarball: string;
  }
}

export default async function setup({ provide }: Pick<TestProject, "provide">): Promise<void> {
  const { consumerDir, tarball, how, packMs, installMs } = await prepareConsumer();
  provide("consumerDir", consumerDir);
  provide("tarball", tarball);
  const s = (ms: number) => (ms / 1000).toFixed(1) + "s";
  console.log(`[e2e setup] pack ${s(packMs)}, consumer ${how} ${s(installMs)}, total ${s(packMs + installMs)} (${consumerDir})`);
}
