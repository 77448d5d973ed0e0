// The PipecatBuild resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../core/serialized";
import { hashContext, projectRelative } from "./pack";

/** The inputs of a {@link PipecatBuild}: the folder to build, and where. */
export interface PipecatBuildArgs {
  /**
   * The folder to build, for example `"bot"`. A relative path starts at the
   * current directory: the Pulumi project directory (where Pulumi.yaml is)
   * under `pulumi`; run unit tests from there too. Not `path.join(__dirname, …)`:
   * tests compiled to `bin/` would move it. A plain string: it is packed when the program runs.
   * An unchanged folder is not packed again: its hash comes from the context
   * cache (`~/.cache/pulumi-pipecat-cloud/contexts`, or under `$XDG_CACHE_HOME`
   * or `$PULUMI_PIPECAT_CACHE_DIR`), which a file added, removed, resized,
   * touched or chmod-ed, or a new `exclude` or `dockerfile`, invalidates.
   */
  contextDir: string;
  /** Path of the Dockerfile inside `contextDir` (default `Dockerfile`). Changing it builds again. */
  dockerfile?: string;
  /** Region to build in; omitted means the organization's default. Deploy the build in the same region. Changing it builds again. */
  region?: pulumi.Input<string>;
  /**
   * Glob patterns left out of the context, on top of the CLI's defaults (`.git`,
   * `.env*`, `__pycache__`, `node_modules`, …). Ignored when `contextDir` has a
   * `.dockerignore`, which then decides alone, as with `pcc` (the program
   * warns that it is ignored).
   */
  exclude?: string[];
  /** How long `pulumi up` waits for the build, in seconds (default 600). */
  buildTimeoutSeconds?: pulumi.Input<number>;
}

const OUTPUTS = [
  "buildId", "status", "imageUri", "dockerfilePath", "contextSizeBytes", "imageSizeBytes", "buildDurationSeconds", "cached", "requestedRegion",
  "logsUrl", "startedAt", "completedAt",
] as const;

/** A cloud build's status, as the spec documents it (a newer value the API adds reads as a string). */
export type BuildStatus = "pending" | "building" | "success" | "failed" | "timeout" | (string & {});

/**
 * A Pipecat Cloud build of a source folder, no local Docker needed. The folder is
 * packed into the deterministic archive the `pcc` CLI makes, and its hash is an
 * input: `pulumi preview` shows a new build exactly when a file that is built has
 * changed. A successful build of the same context is reused (no upload). Builds
 * are immutable and cannot be deleted: destroying the resource only forgets it.
 */
export class PipecatBuild extends pulumi.dynamic.Resource {
  /** The build's id: pass it (or the resource as `build`) to a PipecatAgent. */
  declare readonly buildId: pulumi.Output<string>;
  /** `success` once created (failed builds fail the deployment instead); a refresh shows the API's value. */
  declare readonly status: pulumi.Output<BuildStatus>;
  /** First 16 hex digits of the MD5 of the context archive, as Pipecat Cloud and `pcc` compute it. */
  declare readonly contextHash: pulumi.Output<string>;
  /** The image Pipecat Cloud built. Agents deployed from the build show it redacted. */
  declare readonly imageUri: pulumi.Output<string | null>;
  /** The region the build lives in. */
  declare readonly region: pulumi.Output<string>;
  /** The Dockerfile's path inside the context, as Pipecat Cloud built it. */
  declare readonly dockerfilePath: pulumi.Output<string>;
  /** The uploaded archive's size. */
  declare readonly contextSizeBytes: pulumi.Output<number | null>;
  /** Size of the built image in bytes; null if Pipecat Cloud did not say. */
  declare readonly imageSizeBytes: pulumi.Output<number | null>;
  /** How long Pipecat Cloud took to build, in seconds; null if it did not say. */
  declare readonly buildDurationSeconds: pulumi.Output<number | null>;
  /** True when an earlier successful build of the same context was reused. */
  declare readonly cached: pulumi.Output<boolean>;
  /** Where the build's full logs are; null if Pipecat Cloud did not say. */
  declare readonly logsUrl: pulumi.Output<string | null>;
  /** When the build started (ISO 8601); null if Pipecat Cloud did not say. */
  declare readonly startedAt: pulumi.Output<string | null>;
  /** When the build finished (ISO 8601); null if Pipecat Cloud did not say. */
  declare readonly completedAt: pulumi.Output<string | null>;
  /** The context folder, relative to the Pulumi project directory. */
  declare readonly contextDir: pulumi.Output<string>;
  /** The `dockerfile` argument (default `Dockerfile`). */
  declare readonly dockerfile: pulumi.Output<string>;
  /** The `exclude` patterns as given. */
  declare readonly exclude: pulumi.Output<string[] | undefined>;
  /** How long `pulumi up` waits for the build, in seconds (default 600). */
  declare readonly buildTimeoutSeconds: pulumi.Output<number>;
  /** The region the program asked for; null for the organization's default. */
  declare readonly requestedRegion: pulumi.Output<string | null>;

  /** The `region` argument as given (not an output): lets a PipecatAgent check its own region at preview. */
  readonly regionArg: pulumi.Input<string> | undefined;
  /** Files in the archive, in order (what `.dockerignore` and `exclude` let through). */
  readonly files: readonly string[];

  constructor(name: string, args: PipecatBuildArgs, opts?: pulumi.CustomResourceOptions) {
    // Hashing throws a clear error (no folder, no Dockerfile, over 500 MB) before anything is registered.
    const packed = hashContext(args.contextDir, { dockerfile: args.dockerfile, exclude: args.exclude });
    const seeds = Object.fromEntries(OUTPUTS.map((key) => [key, undefined]));
    super(
      serializedProvider("build"),
      name,
      {
        ...seeds,
        contextDir: projectRelative(args.contextDir),
        contextHash: packed.contextHash,
        dockerfile: args.dockerfile ?? "Dockerfile",
        region: args.region,
        exclude: args.exclude,
        buildTimeoutSeconds: args.buildTimeoutSeconds,
      },
      opts,
      "pipecat",
      "PipecatBuild",
    );
    this.regionArg = args.region;
    this.files = packed.files;
    if (packed.dockerignore && args.exclude?.length) {
      // pcc ignores them silently; here the files they meant to leave out are sent, so say so.
      pulumi.log.warn(`PipecatBuild ${name}: exclude is ignored because ${args.contextDir} has a .dockerignore, which alone decides what is sent (as with pcc). Move the patterns (${args.exclude.join(", ")}) into it`, this);
    }
  }
}
