// `pulumi-pipecat-cloud/testing`: Pulumi mocks that validate. Plain `setMocks`
// never runs a provider's check, so an invalid agent "passes" a unit test and
// fails at `pulumi preview`. These mocks run each kind's own check (the code
// preview runs) and answer a valid registration the way the provider would:
// ready, in a region, with ids.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { PipecatAgentProvider } from "../agent/provider";
import { PipecatBuildProvider } from "../build/provider";
import { PipecatImagePullSecretProvider } from "../image-pull-secret/provider";
import { PipecatOrganizationSettingsProvider } from "../organization-settings/provider";
import { PipecatSecretSetProvider } from "../secret-set/provider";
import { toOutputs as agentOutputs, inputsFromState as agentInputs } from "../agent/mapping";
import { toOutputs as buildOutputs, inputsFromState as buildInputs } from "../build/mapping";
import { toOutputs as setOutputs, inputsFromState as setInputs } from "../secret-set/mapping";
import { toOutputs as pullSecretOutputs, inputsFromState as pullSecretInputs } from "../image-pull-secret/mapping";

type Props = Record<string, unknown>;
type MockResult = { id: string | undefined; state: Props };

/** Options of {@link pipecatMocks}. */
export interface PipecatMocksOptions {
  /** The region an agent, set or build without a `region` input lands in, as the organization's default would. Default `"us-west"`. */
  defaultRegion?: string;
  /** The API origin `startUrl` is built from. Default `"https://api.pipecat.daily.co"`. */
  apiUrl?: string;
}

/** A registration the mocks refused, as `pulumi preview` would have. */
export interface PipecatRefusal {
  /** The resource's Pulumi type, e.g. `pulumi-nodejs:dynamic/pipecat:PipecatAgent`. */
  type: string;
  /** The resource's name in the program. */
  name: string;
  /** What `pulumi preview` prints for it: one line per failed property. */
  message: string;
}

/** Pulumi mocks for `pulumi.runtime.setMocks`, plus what they refused. */
export interface PipecatMocks extends pulumi.runtime.Mocks {
  /** Every registration refused so far, in order. */
  readonly refusals: readonly PipecatRefusal[];
  /**
   * Resolves once every resource registered so far has been answered. Rejects,
   * with preview's messages, when any registration was refused: call it after
   * loading the program. A refused resource's outputs never resolve, as in a
   * failed preview, so await this rather than the outputs alone.
   */
  settled(): Promise<void>;
}

/** Why a registration was refused; `code` 14 (gRPC UNAVAILABLE) makes Pulumi's SDK leave the report to {@link PipecatMocks.settled}. */
class RefusedRegistration extends Error {
  readonly code = 14;
  readonly details: string;
  constructor(message: string) {
    super(message);
    this.details = message;
  }
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/pipecat:";

/**
 * Wraps `base` (or echoing mocks) so that registering any of this package's
 * resources runs that kind's check rules. A failing registration is refused
 * with the message `pulumi preview` would print; a valid one is answered with
 * the outputs the provider would report for a ready resource. Other resources
 * and calls go to `base`; for this package's resources `base` may add to or
 * override the answer.
 */
export function pipecatMocks(base?: pulumi.runtime.Mocks, options: PipecatMocksOptions = {}): PipecatMocks {
  const refusals: PipecatRefusal[] = [];
  const checkers: Partial<Record<Kind, ReturnType<(typeof PROVIDERS)[Kind]>>> = {};
  let inFlight = 0;
  let waiting = 0;

  async function answer(args: pulumi.runtime.MockResourceArgs): Promise<MockResult> {
    const kind = args.type.startsWith(TYPE_PREFIX) ? KINDS[args.type.slice(TYPE_PREFIX.length)] : undefined;
    if (!kind) return base ? base.newResource(args) : { id: `${args.name}_id`, state: args.inputs };
    // Pulumi's provider host hands a provider plain values; mocks get secrets wrapped.
    const checked = await (checkers[kind.provider] ??= PROVIDERS[kind.provider]()).check({}, unwrapSecrets(args.inputs) as Props);
    const failures = checked.failures ?? [];
    if (failures.length > 0) {
      const message = failures.map((f) => previewMessage(args.type, args.name, f, checked.inputs)).join("\n");
      refusals.push({ type: args.type, name: args.name, message });
      // Nobody waits in settled(): say it loudly once, so no test passes over an invalid resource.
      if (waiting === 0) void Promise.reject(new Error(`pipecatMocks refused a registration (await mocks.settled() to assert on it):\n${message}`));
      throw new RefusedRegistration(message);
    }
    const answered = kind.answer(checked.inputs as Props, { region: options.defaultRegion ?? "us-west", origin: options.apiUrl ?? "https://api.pipecat.daily.co" });
    const ours = { id: answered.id, state: resecret(answered.state, args.inputs) };
    if (!base) return ours;
    const theirs = await base.newResource({ ...args, inputs: ours.state });
    return { id: theirs.id ?? ours.id, state: { ...ours.state, ...theirs.state } };
  }

  return {
    refusals,
    async newResource(args) {
      inFlight++;
      try {
        return await answer(args);
      } finally {
        inFlight--;
      }
    },
    call: (args) => (base ? base.call(args) : args.inputs),
    async settled() {
      waiting++;
      try {
        // Registrations depending on a refused resource never start: stop waiting once the rest is quiet.
        const everyRegistration = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        while (!(await Promise.race([everyRegistration.then(() => true), quiet().then(() => false)]))) {
          if (refusals.length > 0 && inFlight === 0) break;
        }
      } finally {
        waiting--;
      }
      if (refusals.length > 0) {
        forgetStrandedPromises();
        throw new Error(refusals.map((r) => r.message).join("\n"));
      }
    },
  };
}

// How Pulumi marks a secret in serialized properties, as mocks receive them.
const SECRET_SIG = pulumi.runtime.specialSigKey;
const SECRET_VALUE = pulumi.runtime.specialSecretSig;
const isSecret = (v: unknown): v is { value: unknown } => typeof v === "object" && v !== null && (v as Props)[SECRET_SIG] === SECRET_VALUE;

function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

/** Outputs of inputs that were secret stay secret, as the provider's outputs are. */
function resecret(state: Props, inputs: Props): Props {
  const out = { ...state };
  for (const [key, input] of Object.entries(inputs)) if (isSecret(input) && key in out) out[key] = { [SECRET_SIG]: SECRET_VALUE, value: out[key] };
  return out;
}

/**
 * A refused resource's outputs never settle, as in a failed preview. The SDK's leak
 * detector would report them at exit and fail the test process (it does with
 * @pulumi/pulumi 3.139), so once the refusal is reported they are let go.
 */
function forgetStrandedPromises(): void {
  try {
    (require("@pulumi/pulumi/runtime/debuggable") as { leakedPromises(): unknown }).leakedPromises();
  } catch {
    // An SDK without the detector has nothing to forget.
  }
}

/** A few turns of the event loop: long enough for resolved outputs to start the registrations waiting on them. */
function quiet(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/** The line the Pulumi engine prints for a check failure (its diagnostics 2002 and 2003). */
function previewMessage(type: string, name: string, failure: { property: string; reason: string }, inputs: Props | undefined): string {
  if (!failure.property) return `${type} resource '${name}' has a problem: ${failure.reason}`;
  return `${type} resource '${name}': property ${failure.property} value {${goValue(inputs?.[failure.property])}} has a problem: ${failure.reason}`;
}

/** How the engine (Go's %v) shows a top-level input; nested paths are not looked up there, so they show <nil>. */
function goValue(value: unknown): string {
  if (value === undefined || value === null) return "<nil>";
  if (Array.isArray(value)) return `[${value.map((v) => `{${goValue(v)}}`).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.keys(value).sort().map((k) => `${k}:{${goValue((value as Props)[k])}}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(value);
}

/** A stable UUID-shaped id from a name: the same program gets the same ids in every run. */
function fakeUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Answer {
  region: string;
  origin: string;
}

const MOCK_TIME = "2026-01-01T00:00:00.000Z";

type Kind = "agent" | "build" | "secretSet" | "imagePullSecret" | "organizationSettings";

/** Each kind's provider: its check is the one preview runs (it makes no API call). */
const PROVIDERS: Record<Kind, () => { check: NonNullable<pulumi.dynamic.ResourceProvider["check"]> }> = {
  agent: () => new PipecatAgentProvider(),
  build: () => new PipecatBuildProvider(),
  secretSet: () => new PipecatSecretSetProvider(),
  imagePullSecret: () => new PipecatImagePullSecretProvider(),
  organizationSettings: () => new PipecatOrganizationSettingsProvider(),
};

/** Per Pulumi type: the provider whose check runs, and the answer of a ready resource. */
const KINDS: Record<string, { provider: Kind; answer: (inputs: Props, at: Answer) => MockResult }> = {
  PipecatAgent: {
    provider: "agent",
    answer(props, at) {
      const inputs = agentInputs(props);
      const deploymentId = fakeUuid(`deployment:${inputs.agentName}:${JSON.stringify(props)}`);
      const live = {
        name: inputs.agentName,
        region: inputs.region ?? at.region,
        ready: true,
        available: true,
        createdAt: MOCK_TIME,
        updatedAt: MOCK_TIME,
        desiredDeploymentId: deploymentId,
        activeDeploymentId: deploymentId,
        activeDeploymentReady: true,
        activeSessionCount: 0,
      };
      return { id: inputs.agentName, state: { ...props, ...agentOutputs(inputs, live, { origin: at.origin }) } };
    },
  },
  PipecatSecretSet: {
    provider: "secretSet",
    answer(props, at) {
      const inputs = setInputs(props);
      return { id: inputs.setName, state: { ...props, ...setOutputs(inputs, { region: inputs.region ?? at.region, status: "ready", keys: Object.keys(inputs.secrets) }) } };
    },
  },
  PipecatImagePullSecret: {
    provider: "imagePullSecret",
    answer(props, at) {
      const inputs = pullSecretInputs(props);
      return { id: inputs.setName, state: { ...props, ...pullSecretOutputs(inputs, { region: inputs.region ?? at.region, status: "ready" }) } };
    },
  },
  PipecatBuild: {
    provider: "build",
    answer(props, at) {
      const inputs = buildInputs(props);
      const id = fakeUuid(`build:${inputs.contextHash}:${inputs.dockerfile}`);
      const build = { id, status: "success", region: inputs.region ?? at.region, imageUri: `mock.registry/pipecat/${id}:latest`, startedAt: MOCK_TIME, completedAt: MOCK_TIME };
      return { id, state: { ...props, ...buildOutputs(inputs, build, false) } };
    },
  },
  PipecatOrganizationSettings: {
    provider: "organizationSettings",
    answer: (props) => ({ id: "organization", state: { ...props, previousDefaultRegion: null } }),
  },
};
