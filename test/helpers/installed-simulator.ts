// The simulator as the tarball ships it (`pulumi-pipecat-cloud/simulator` from the
// consumer project), with the timings and secret sets the e2e tests share.
import { createRequire } from "node:module";
import * as path from "node:path";
import type { Simulator, SimulatorOptions } from "../../src/simulator";

export const FAST_TIMINGS = { reconcileMs: 50, validatingMs: 100, readyMs: 300, failMs: 250, secretReadyMs: 100 };
export const EXAMPLE_SECRET_SETS: NonNullable<SimulatorOptions["secretSets"]> = [
  { name: "my-agent-secrets" },
  { name: "dockerhub-credentials", type: "imagePullSecret" },
  { name: "voice-bot-secrets-us-west", region: "us-west" },
  { name: "voice-bot-secrets-eu-central", region: "eu-central" },
];

export function startInstalledSimulator(consumerDir: string, options: SimulatorOptions): Promise<Simulator> {
  const { startSimulator } = createRequire(path.join(consumerDir, "package.json"))("pulumi-pipecat-cloud/simulator");
  return startSimulator({ timings: FAST_TIMINGS, secretSets: EXAMPLE_SECRET_SETS, ...options });
}
