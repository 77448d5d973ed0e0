// preview / up / refresh / destroy of a Pulumi program, each in a fresh child
// process (see child.ts), with events streamed back as they happen.
import { fork } from "node:child_process";
import { join, resolve } from "node:path";
import type { StepEvent } from "./engine";
import type { StackSettings, StepName, StepResult } from "./program";

export type { StackSettings, StepResult } from "./program";
export type { StepEvent } from "./engine";

export const preview = (settings: StackSettings) => run("preview", settings);
export const up = (settings: StackSettings) => run("up", settings);
export const refresh = (settings: StackSettings) => run("refresh", settings);
export const destroy = (settings: StackSettings) => run("destroy", settings);

type Message =
  | { type: "event"; event: StepEvent }
  | { type: "host-output"; text: string }
  | { type: "result"; result: StepResult }
  | { type: "crash"; message: string };

function run(step: StepName, settings: StackSettings): Promise<StepResult> {
  const { onEvent, onOutput, ...given } = settings;
  // Like the Pulumi CLI, the program runs in the project directory (relative paths such as a build's contextDir start there).
  const projectDir = resolve(given.projectDir ?? given.programDir);
  const plain = { ...given, programDir: resolve(given.programDir), projectDir, statePath: resolve(given.statePath) };
  return new Promise((done, reject) => {
    const child = fork(join(__dirname, "child.js"), [], {
      cwd: projectDir,
      stdio: onOutput ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "inherit", "inherit", "ipc"],
      // The SDK's deprecation chatter is not the program's output.
      execArgv: ["--no-deprecation", "--no-warnings"],
    });
    child.stdout?.on("data", (chunk: Buffer) => onOutput?.(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => onOutput?.(chunk.toString()));
    let result: StepResult | undefined;
    child.on("message", (message: Message) => {
      if (message.type === "event") onEvent?.(message.event);
      else if (message.type === "host-output") onOutput?.(message.text);
      else if (message.type === "result") result = message.result;
      else reject(new Error(`runner ${step} crashed: ${message.message}`));
    });
    child.on("error", reject);
    child.on("exit", (code) => (result ? done(result) : reject(new Error(`runner ${step} exited with code ${code} and no result`))));
    child.send({ step, settings: plain });
  });
}
