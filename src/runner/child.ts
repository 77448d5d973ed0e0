// One runner step in its own process, as each `pulumi` command is: the program's
// module state, the Pulumi runtime's globals and any rejected outputs of a failed
// resource die with it. Talks to runner.ts over the IPC channel.
import { runStep, type StackSettings, type StepName } from "./program";

interface StepRequest {
  step: StepName;
  settings: Omit<StackSettings, "onEvent" | "onOutput">;
}

// A failed registration also rejects every output of that resource; the step's
// error list already has the cause, as the Pulumi language host would report it once.
process.on("unhandledRejection", () => {});

process.once("message", async ({ step, settings }: StepRequest) => {
  const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  try {
    const result = await runStep(step, {
      ...settings,
      onEvent: (event) => void send({ type: "event", event }),
      onOutput: (text) => void send({ type: "host-output", text }),
    });
    await send({ type: "result", result });
  } catch (error) {
    await send({ type: "crash", message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
  process.exit(0); // the SDK keeps handles open; the step is over
});
