// Runs a Pulumi program (an examples/ directory, say) the way `pulumi preview`
// and `pulumi up` would, without the Pulumi CLI: the program runs on the real
// @pulumi/pulumi runtime, whose resource registrations (`setMocks`) are answered
// by Engine, which drives the real dynamic-provider host over gRPC. State is a
// JSON file carried from one step to the next.
//
// It is a runner for this project's programs, not a Pulumi engine: see README.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { Engine, type StepEvent } from "./engine";
import { startProviderHost, type ProviderHost, type Props } from "./host";
import { loadState, saveState, sealState, type StackState } from "./state";

export interface StackSettings {
  /** Directory of the program (holds index.ts or index.js). */
  programDir: string;
  /** Where the provider host runs and resolves packages from (a Pulumi project dir); default programDir. */
  projectDir?: string;
  project?: string;
  stack?: string;
  /** Stack configuration, namespaced keys ("pipecat:apiKey"), as `pulumi config` holds it. */
  config?: Record<string, string>;
  /** Which config keys are secrets. */
  secretKeys?: string[];
  statePath: string;
  /** Environment of the provider host (the engine passes its own). */
  hostEnv?: NodeJS.ProcessEnv;
  onEvent?: (event: StepEvent) => void;
  /** Everything the provider host and the program print; by default it goes to this process's stdout/stderr. */
  onOutput?: (text: string) => void;
}

export interface StepResult {
  events: StepEvent[];
  /** The program's exports (after `up`; unknown values read "(known after up)" in preview). */
  outputs: Record<string, unknown>;
  errors: string[];
  state: StackState;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type StepName = "preview" | "up" | "refresh" | "destroy";

/** Runs one step in this process. Each step belongs in a fresh process, as with the CLI: see runner.ts. */
export function runStep(step: StepName, settings: StackSettings): Promise<StepResult> {
  switch (step) {
    case "preview":
      return runProgram(settings, true);
    case "up":
      return runProgram(settings, false);
    case "refresh":
      return withEngine(settings, false, async (engine) => engine.refresh());
    case "destroy":
      return withEngine(settings, false, async (engine, state) => {
        await engine.destroy();
        state.outputs = {};
      });
  }
}

async function runProgram(settings: StackSettings, dryRun: boolean): Promise<StepResult> {
  return withEngine(settings, dryRun, async (engine, state, errors) => {
    const programDir = resolve(settings.programDir);
    const requireFromProgram = createRequire(join(programDir, "package.json"));
    // The program's own copy of the SDK: its resources must register with the runtime we mock.
    const pulumi = requireFromProgram("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const outputModule = requireFromProgram("@pulumi/pulumi/output") as { unknown: unknown; isUnknown(v: unknown): boolean };

    // Like the engine, stop at the first failed step: once nothing is in flight,
    // resources waiting on the failed one's outputs would wait for ever.
    let inFlight = 0;
    let abort: (error: Error) => void = () => {};
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    const settleIfFailed = () => {
      if (errors.length > 0 && inFlight === 0) abort(new Error(errors[0]));
    };
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          if (!args.custom) return { id: undefined, state: {} }; // the stack and other components
          if (!args.type.startsWith("pulumi-nodejs:dynamic")) {
            throw new Error(`${args.type} "${args.name}": this runner runs dynamic-provider resources only`);
          }
          const { plain, secretKeys } = toWire(args.inputs, outputModule.isUnknown);
          // Like the engine: outputs named in additionalSecretOutputs are secret too.
          for (const key of additionalSecretOutputs.get(`${args.type}::${args.name}`) ?? []) secretKeys.add(key);
          const urn = `urn:pulumi:${settings.stack ?? "dev"}::${settings.project ?? "project"}::${args.type}::${args.name}`;
          inFlight++;
          try {
            const { id, outputs } = await engine.register(urn, args.type, args.name, plain, [...secretKeys]);
            return { id, state: fromWire(outputs, secretKeys, dryRun ? outputModule.unknown : undefined) };
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
            throw error;
          } finally {
            inFlight--;
            setImmediate(settleIfFailed); // after the runtime has seen this registration's outcome
          }
        },
        call: (args) => {
          throw new Error(`invoke ${args.token}: not supported by this runner`);
        },
      },
      settings.project ?? "project",
      settings.stack ?? "dev",
      dryRun,
    );
    pulumi.runtime.setAllConfig(settings.config ?? {}, settings.secretKeys ?? []);
    const additionalSecretOutputs = recordAdditionalSecretOutputs(pulumi);

    registerTypeScript(requireFromProgram);
    const entry = ["index.ts", "index.js"].map((f) => join(programDir, f)).find(existsSync);
    if (!entry) throw new Error(`no index.ts or index.js in ${programDir}`);
    for (const key of Object.keys(require.cache)) if (key.startsWith(programDir)) delete require.cache[key];

    // As the Pulumi language host does: an error the program leaves unhandled (a
    // throwing apply, say) fails the step, reported once.
    const onRejection = (reason: unknown) => {
      const message = reason instanceof Error ? reason.message : String(reason);
      if (!errors.some((e) => e.includes(message) || message.includes(e))) errors.push(message);
    };
    process.on("unhandledRejection", onRejection);
    try {
      // The exports as the program made them: in preview the stack's own outputs
      // collapse to unknown as soon as one value is.
      let exported: Record<string, unknown> = {};
      await Promise.race([
        pulumi.runtime.runInPulumiStack(async () => {
          const mod = requireFromProgram(entry);
          exported = typeof mod.default === "function" ? await mod.default() : { ...mod };
          return exported;
        }),
        aborted,
      ]);
      await pulumi.runtime.disconnect();
      if (errors.length === 0) await engine.deleteUnregistered();
      const outputs = await resolveOutputs(exported ?? {}, pulumi);
      if (!dryRun && errors.length === 0) state.outputs = outputs;
      return outputs;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!errors.some((e) => message.includes(e))) errors.push(message);
      return {};
    } finally {
      // After a failed step, registrations waiting on it never finish: the step's process exits instead.
      if (errors.length === 0) await pulumi.runtime.disconnect().catch(() => {});
      process.off("unhandledRejection", onRejection);
    }
  });
}

async function withEngine(
  settings: StackSettings,
  dryRun: boolean,
  body: (engine: Engine, state: StackState, errors: string[]) => Promise<Record<string, unknown> | void>,
): Promise<StepResult> {
  const state = loadState(settings.statePath);
  const errors: string[] = [];
  // The engine starts the host on first use and configures it with the whole
  // stack config before any other call (concurrent registrations share the promise).
  let host: ProviderHost | undefined;
  let ready: Promise<ProviderHost> | undefined;
  const configuredHost = () =>
    (ready ??= (async () => {
      host = await startProviderHost({
        projectDir: resolve(settings.projectDir ?? settings.programDir),
        project: settings.project ?? "project",
        env: settings.hostEnv,
        onOutput: (_stream, text) => settings.onOutput?.(text),
      });
      await host.configure(settings.config ?? {}, settings.secretKeys ?? []);
      return host;
    })());
  const lazyHost = new Proxy({} as ProviderHost, {
    get: (_target, method: keyof ProviderHost) => async (...args: unknown[]) => {
      const h = await configuredHost();
      return (h[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  });
  const persist = () => {
    if (!dryRun) saveState(settings.statePath, state);
  };
  const engine = new Engine(lazyHost, state, dryRun, settings.onEvent, persist);
  try {
    const outputs = (await body(engine, state, errors).catch((error: unknown) => {
      errors.push(error instanceof Error ? error.message : String(error));
      return {};
    })) ?? state.outputs;
    persist();
    return { events: engine.events, outputs, errors, state: sealState(state) };
  } finally {
    await host?.close();
  }
}

/**
 * The mock monitor does not pass a registration's additionalSecretOutputs on to
 * `newResource`: read them off each request on their way in, by type and name.
 */
function recordAdditionalSecretOutputs(pulumi: typeof import("@pulumi/pulumi")): Map<string, string[]> {
  type Request = { getType(): string; getName(): string; getAdditionalsecretoutputsList(): string[] };
  const byResource = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: Request, callback: unknown): void };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    byResource.set(`${req.getType()}::${req.getName()}`, req.getAdditionalsecretoutputsList());
    register(req, callback);
  };
  return byResource;
}

/**
 * Program values → what the engine sends a dynamic provider: unknowns as the
 * sentinel string, secrets unwrapped (the host does not accept secrets).
 */
function toWire(inputs: Record<string, unknown>, isUnknown: (v: unknown) => boolean): { plain: Props; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const convert = (value: unknown, topKey?: string): unknown => {
    if (isUnknown(value)) return UNKNOWN;
    if (Array.isArray(value)) return value.map((v) => convert(v, topKey));
    if (value !== null && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (record[SECRET_SIG] === SECRET_VALUE) {
        if (topKey) secretKeys.add(topKey);
        return convert(record.value, topKey);
      }
      return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => [k, convert(v, topKey)]));
    }
    return value;
  };
  const plain: Props = {};
  for (const [key, value] of Object.entries(inputs)) if (value !== undefined) plain[key] = convert(value, key);
  return { plain, secretKeys };
}

/** Provider outputs → what the program sees: secret where the input was secret, sentinels as unknowns in preview. */
function fromWire(outputs: Props, secretKeys: Set<string>, unknown: unknown): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (value === UNKNOWN) return unknown;
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    return value;
  };
  return Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [k, secretKeys.has(k) ? { [SECRET_SIG]: SECRET_VALUE, value: convert(v) } : convert(v)]),
  );
}

/** Resolves the stack's exports to plain values; unknowns read "(known after up)", secrets "[secret]". */
async function resolveOutputs(value: unknown, pulumi: typeof import("@pulumi/pulumi")): Promise<Record<string, unknown>> {
  const walk = async (v: unknown): Promise<unknown> => {
    if (pulumi.Output.isInstance(v)) {
      const output = v as unknown as { isKnown: Promise<boolean>; isSecret: Promise<boolean>; promise(): Promise<unknown> };
      if (!(await output.isKnown)) return "(known after up)";
      if (await output.isSecret) return "[secret]";
      return walk(await output.promise());
    }
    if (pulumi.Resource.isInstance(v)) return walk((v as unknown as { urn: unknown }).urn);
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = await walk(item);
      return out;
    }
    return v;
  };
  return (await walk(value)) as Record<string, unknown>;
}

/** Pulumi runs TypeScript programs through ts-node; transpiling is all that needs, so do just that. */
function registerTypeScript(requireFromProgram: NodeRequire): void {
  const extensions = require.extensions as Record<string, (module: NodeModule & { _compile(code: string, file: string): void }, file: string) => void>;
  if (extensions[".ts"]) return;
  let ts: typeof import("typescript");
  try {
    ts = requireFromProgram("typescript");
  } catch {
    ts = require("typescript");
  }
  extensions[".ts"] = (module, file) => {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, sourceMap: false },
    });
    module._compile(outputText, file);
  };
}
