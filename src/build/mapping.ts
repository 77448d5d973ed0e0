// Between a PipecatBuild's stored properties and the API's build objects.
import { jsonSafe } from "../core/json";
import { DEFAULTS } from "./input-rules";
import type { Build } from "./schema";

/** Build statuses that never change again; any other value (or none) means still in progress. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["success", "failed", "timeout"]);

/** What the provider must know of a build it records: its id, and a status and region (reported, or as known before). */
export interface KnownBuild extends Build {
  id: string;
  status: string;
  region: string;
}

/** The build with its left-out fields filled from what is known (a field the API leaves out is unknown, not a default). */
export function knownBuild(build: Build, known: { id: string; status: string; region: string }): KnownBuild {
  return { ...build, id: build.id ?? known.id, status: build.status ?? known.status, region: build.region ?? known.region };
}

export interface BuildInputs {
  contextDir: string;
  contextHash: string;
  dockerfile: string;
  region?: string;
  exclude?: string[];
  buildTimeoutSeconds: number;
}

export interface BuildOutputs extends Omit<BuildInputs, "region"> {
  buildId: string;
  status: string;
  region: string;
  imageUri: string | null;
  dockerfilePath: string;
  contextSizeBytes: number | null;
  imageSizeBytes: number | null;
  buildDurationSeconds: number | null;
  logsUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** True when an existing successful build with the same context was reused. */
  cached: boolean;
}

/** The inputs part of checked news or stored state (outputs carry the inputs too). */
export function inputsFromState(props: Record<string, unknown>): BuildInputs {
  const inputs: BuildInputs = {
    contextDir: String(props.contextDir),
    contextHash: String(props.contextHash),
    dockerfile: typeof props.dockerfile === "string" ? props.dockerfile : DEFAULTS.dockerfile,
    buildTimeoutSeconds: typeof props.buildTimeoutSeconds === "number" ? props.buildTimeoutSeconds : DEFAULTS.buildTimeoutSeconds,
  };
  // Stored outputs keep the asked-for region apart from the live one; checked inputs have only `region`.
  const region = "requestedRegion" in props ? props.requestedRegion : props.region;
  if (typeof region === "string") inputs.region = region;
  if (Array.isArray(props.exclude)) inputs.exclude = props.exclude.map(String);
  return inputs;
}

/**
 * Outputs: the inputs, then the build as the API reports it. `contextHash` stays
 * the planned one (the provider checked they match); `requestedRegion` keeps what
 * the program asked for, so an omitted region does not read as a change later.
 */
export function toOutputs(inputs: BuildInputs, build: KnownBuild, cached: boolean): BuildOutputs & { requestedRegion: string | null } {
  return jsonSafe({
    ...inputs,
    requestedRegion: inputs.region ?? null,
    buildId: build.id,
    status: build.status,
    region: build.region,
    imageUri: build.imageUri ?? null,
    dockerfilePath: build.dockerfilePath ?? inputs.dockerfile,
    contextSizeBytes: build.contextSizeBytes ?? null,
    imageSizeBytes: build.imageSizeBytes ?? null,
    buildDurationSeconds: build.buildDurationSeconds ?? null,
    logsUrl: build.logsUrl ?? null,
    startedAt: build.startedAt ?? null,
    completedAt: build.completedAt ?? null,
    cached,
  });
}
