// The resource methods of PipecatBuild, run by the Pulumi host through the
// serialized shim (core/serialized.ts). Builds are immutable and the API cannot
// delete them: create makes (or reuses) one, delete forgets it.
import { mkdtempSync, openAsBlob, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { BaseProviderOptions } from "../core/provider-options";
import { BuildFailedError } from "../client/errors/BuildFailedError";
import { ApiCache } from "../core/api-cache";
import { pollUntil } from "../core/poll";
import { pollCapMs, readStackConfig, type ConfiguredSettings } from "../config";
import type { BuildsApi } from "./api";
import { checkBuildInputs } from "./check";
import { diffBuild } from "./diff";
import { inputsFromState, knownBuild, TERMINAL_STATUSES, toOutputs, type BuildInputs, type KnownBuild } from "./mapping";
import type { Build } from "./schema";

type Props = Record<string, unknown>;

/** The CLI polls builds every 5 s. */
const DEFAULT_POLL_MS = 5_000;
/** Log lines quoted when a build fails. */
const LOG_TAIL_LINES = 20;

/** Options of a {@link PipecatBuildProvider} made by hand (tests of your own); the engine uses the defaults. */
export interface BuildProviderOptions extends BaseProviderOptions {
  /** The polls' jitter source (tests pin it). */
  random?: () => number;
}

export class PipecatBuildProvider implements pulumi.dynamic.ResourceProvider {
  private configured: ConfiguredSettings = {};
  // The endpoints (and their zod response schemas) load on first use, not at preview.
  private readonly apis = new ApiCache(async () => (await import("./api")).BuildsApi);

  constructor(private readonly options: BuildProviderOptions = {}) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configured = readStackConfig(req.config);
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkBuildInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffBuild(olds, news);
  }

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsFromState(props);
    const { packContextToFile } = await import("./pack");
    // Pack again here: upload exactly what preview planned, or nothing. The archive goes to a
    // temporary file that the upload streams, so a large one is never in this process's memory.
    const scratch = mkdtempSync(join(tmpdir(), "pipecat-context-"));
    const archive = join(scratch, "context.tar.gz");
    try {
      const packed = packContextToFile(inputs.contextDir, { dockerfile: inputs.dockerfile, exclude: inputs.exclude }, archive);
      if (packed.contextHash !== inputs.contextHash) {
        throw new Error(
          `The build context ${inputs.contextDir} changed after it was planned (planned hash ${inputs.contextHash}, now ${packed.contextHash}); ` +
            "nothing was uploaded. Run `pulumi up` again to build the current files",
        );
      }
      const api = await this.api();
      const { checkRegion, requireDefaultRegion } = await import("../core/regions");
      await checkRegion(api.client, inputs.region, `PipecatBuild of ${inputs.contextDir}`);
      const region = inputs.region ?? (await requireDefaultRegion(api.client));
      const cached = await api.findCached(inputs.contextHash, region, inputs.dockerfile);
      if (cached?.id) return this.result(inputs, knownBuild(cached, { id: cached.id, status: "success", region }), true);

      const target = await api.uploadTarget(region);
      const { uploadContext } = await import("./upload");
      await uploadContext(target, await openAsBlob(archive, { type: "application/gzip" }), { sleep: this.options.sleep });
      rmSync(scratch, { recursive: true, force: true }); // not kept while the build runs
      const created = await api.createBuild({ uploadId: target.uploadId, region, dockerfilePath: inputs.dockerfile });
      if (!created.build.id) {
        throw new Error(`POST /v1/builds accepted the build but its answer names no build id, so it cannot be followed. Run \`pulumi up\` again: a build of this context that succeeded meanwhile is reused`);
      }
      // No status yet is "still in progress"; no region is the one asked for.
      const build = await this.waitForBuild(api, knownBuild(created.build, { id: created.build.id, status: "pending", region }), inputs.buildTimeoutSeconds);
      return this.result(inputs, build, created.cached);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const build = await (await this.api()).getBuild(id);
    if (build === null) return {}; // gone: refresh drops it from state
    const inputs = inputsFromState(props);
    // What the answer leaves out stays as stored.
    const known = knownBuild(build, { id, status: String(props.status ?? "success"), region: String(props.region ?? inputs.region ?? "") });
    return { id, props: toOutputs(inputs, known, props.cached === true) as unknown as Props };
  }

  /** Only bookkeeping inputs changed (contextDir, exclude, buildTimeoutSeconds): the build stands. */
  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: { ...olds, ...news, requestedRegion: olds.requestedRegion ?? null } };
  }

  /** Pipecat Cloud has no way to delete a build: it is only forgotten (an agent may still run its image). */
  async delete(_id: string, _props: Props): Promise<void> {}

  private result(inputs: BuildInputs, build: KnownBuild, cached: boolean): pulumi.dynamic.CreateResult {
    return { id: build.id, outs: toOutputs(inputs, build, cached) };
  }

  private async waitForBuild(api: BuildsApi, initial: KnownBuild, timeoutSeconds: number): Promise<KnownBuild> {
    const intervalMs = pollCapMs(this.configured) ?? DEFAULT_POLL_MS;
    const result = await pollUntil<KnownBuild>({
      initial,
      // A poll that leaves a field out says nothing new about it.
      read: async () => knownBuild((await api.getBuild(initial.id)) ?? missing(initial.id), initial),
      settled: (build) => TERMINAL_STATUSES.has(build.status),
      delayMs: (n) => (n === 0 ? Math.min(1_000, intervalMs) : intervalMs),
      timeoutSeconds,
      maxConsecutiveErrors: 5,
      sleep: this.options.sleep,
      now: this.options.now,
      random: this.options.random,
    });
    const build = result.latest;
    if (!result.settled) {
      throw new Error(
        `Cloud build ${build.id} is still "${build.status}" after ${timeoutSeconds} s (buildTimeoutSeconds). It was not recorded in the stack; ` +
          "the next `pulumi up` reuses it if it has succeeded by then. Raise buildTimeoutSeconds for slow builds",
      );
    }
    if (build.status !== "success") {
      const lines = await api.logs(build.id).catch(() => [] as string[]);
      throw new BuildFailedError(build.id, build.status, build.errorMessage ?? undefined, lines.slice(-LOG_TAIL_LINES));
    }
    return build;
  }

  private async api(): Promise<BuildsApi> {
    return this.apis.forConfig(this.configured, this.options.env, this.options.client);
  }
}

function missing(id: string): never {
  throw new Error(`Cloud build ${id} disappeared while it was being polled (GET /v1/builds/${id} answered 404)`);
}
