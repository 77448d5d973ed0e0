// Cloud builds: presigned uploads of a build context, builds that go pending →
// building → success (or failed/timeout) as a pure function of time, the
// content-addressed cache, logs. No HTTP here (server.ts routes to it).
//
// Failure convention: a Dockerfile line `# simulator: fail <message>` makes the
// build fail with that message; `# simulator: timeout` makes it time out.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { NAMESPACE, ORGANIZATION_ID, REGION_CODES } from "./catalog";
import { ApiError, badRequest, notFound } from "./errors";
import { ContextArchiveError, readContextArchive } from "./tar";
import type { BuildStatus, BuildView, SeededBuild, SimulatorTimings } from "./types";
import { isObject } from "./validation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: readonly BuildStatus[] = ["pending", "building", "success", "failed", "timeout"];
const UPLOAD_TTL_MS = 15 * 60_000;
/** Pipecat Cloud's limit on a build context, compressed or not. */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;
/** Where presigned uploads go: outside /v1, as an S3 bucket is. */
export const UPLOAD_PATH = "/_uploads";

interface UploadedContext {
  contextHash: string;
  sizeBytes: number;
  files: Map<string, Buffer>;
}

interface UploadRecord {
  id: string;
  region: string;
  key: string;
  expiresAt: number;
  context?: UploadedContext;
}

interface BuildRecord {
  id: string;
  region: string;
  contextHash: string;
  dockerfilePath: string;
  contextSizeBytes: number;
  createdAt: number;
  /** How it ends; a seeded build has this status from the start. */
  outcome: Exclude<BuildStatus, "pending" | "building">;
  /** Seeded builds do not move through the lifecycle. */
  fixedStatus?: BuildStatus;
  errorMessage?: string;
  steps: string[];
}

/** An S3-style rejection of an upload. */
export class UploadRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class BuildRegistry {
  private readonly uploads = new Map<string, UploadRecord>();
  private readonly builds = new Map<string, BuildRecord>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly now: () => number,
    private readonly timings: SimulatorTimings,
    private readonly seeds: readonly SeededBuild[],
  ) {
    this.reset();
  }

  reset(): void {
    this.uploads.clear();
    this.builds.clear();
    for (const seed of this.seeds) {
      const id = seed.id.toLowerCase();
      const terminal = seed.status === "pending" || seed.status === "building" ? "success" : seed.status;
      this.builds.set(id, {
        id,
        region: seed.region,
        contextHash: seed.contextHash ?? createHash("md5").update(id).digest("hex").slice(0, 16),
        dockerfilePath: seed.dockerfilePath ?? "Dockerfile",
        contextSizeBytes: 0,
        createdAt: this.now(),
        outcome: terminal,
        fixedStatus: seed.status,
        errorMessage: seed.status === "failed" ? "Docker build failed (seeded build)" : undefined,
        steps: [],
      });
    }
  }

  // --- uploads ---------------------------------------------------------------

  createUploadUrl(body: unknown, origin: string): { uploadId: string; uploadUrl: string; uploadFields: Record<string, string>; expiresAt: string } {
    if (!isObject(body)) throw badRequest("Request body must be a JSON object");
    const region = requiredRegion(body.region);
    const id = randomUUID();
    const expiresAt = this.now() + UPLOAD_TTL_MS;
    const key = `${ORGANIZATION_ID}/${id}.tar.gz`;
    this.uploads.set(id, { id, region, key, expiresAt });
    const policy = Buffer.from(
      JSON.stringify({ expiration: new Date(expiresAt).toISOString(), conditions: [{ key }, { "Content-Type": "application/gzip" }] }),
    ).toString("base64");
    return {
      uploadId: id,
      uploadUrl: `${origin}${UPLOAD_PATH}`,
      uploadFields: { key, "Content-Type": "application/gzip", Policy: policy, "X-Amz-Signature": this.sign(policy) },
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** A presigned form POST: the policy fields first, the `file` last (S3 ignores fields after it). */
  receiveUpload(entries: Array<[string, string | Buffer]>): void {
    const fileIndex = entries.findIndex(([name]) => name === "file");
    if (fileIndex === -1) throw new UploadRejected(400, "InvalidArgument", "POST requires exactly one file upload per request (a form field named file)");
    if (fileIndex !== entries.length - 1) throw new UploadRejected(400, "InvalidArgument", "The file must be the last field of the form");
    const fields = new Map(entries.slice(0, fileIndex).map(([k, v]) => [k, String(v)]));
    const policy = fields.get("Policy") ?? "";
    const signature = fields.get("X-Amz-Signature") ?? "";
    const expected = Buffer.from(this.sign(policy));
    if (!policy || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), expected)) {
      throw new UploadRejected(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided");
    }
    const upload = [...this.uploads.values()].find((u) => u.key === fields.get("key"));
    if (!upload) throw new UploadRejected(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: key");
    if (this.now() > upload.expiresAt) throw new UploadRejected(403, "AccessDenied", "Invalid according to Policy: Policy expired.");
    if (fields.get("Content-Type") !== "application/gzip") {
      throw new UploadRejected(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: Content-Type");
    }
    const file = entries[fileIndex]![1];
    const bytes = typeof file === "string" ? Buffer.from(file) : file;
    if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadRejected(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    let files: Map<string, Buffer>;
    try {
      files = readContextArchive(bytes);
    } catch (e) {
      if (e instanceof ContextArchiveError) throw new UploadRejected(400, "InvalidContext", `The build context must be a gzip-compressed tar: ${e.message}`);
      throw e;
    }
    upload.context = { contextHash: createHash("md5").update(bytes).digest("hex").slice(0, 16), sizeBytes: bytes.length, files };
  }

  // --- builds ----------------------------------------------------------------

  createBuild(body: unknown): { status: 200 | 201; body: { build: BuildView; contextHash: string; cached: boolean } } {
    if (!isObject(body)) throw badRequest("Request body must be a JSON object");
    if (typeof body.uploadId !== "string" || !UUID.test(body.uploadId)) throw badRequest("uploadId is required and must be a UUID");
    const region = requiredRegion(body.region);
    if (body.dockerfilePath !== undefined && (typeof body.dockerfilePath !== "string" || body.dockerfilePath === "")) {
      throw badRequest("dockerfilePath must be a non-empty string");
    }
    const dockerfilePath = (body.dockerfilePath as string | undefined) ?? "Dockerfile";
    const upload = this.uploads.get(body.uploadId.toLowerCase());
    if (!upload?.context) throw badRequest("Upload not found: request an upload URL and upload the build context first");
    if (upload.region !== region) throw badRequest(`Upload was requested for region '${upload.region}', not '${region}'`);
    const { contextHash, sizeBytes, files } = upload.context;

    const cached = [...this.builds.values()].find(
      (b) => b.contextHash === contextHash && b.region === region && b.dockerfilePath === dockerfilePath && this.statusOf(b) === "success",
    );
    if (cached) return { status: 200, body: { build: this.view(cached), contextHash, cached: true } };

    const build: BuildRecord = {
      id: randomUUID(),
      region,
      contextHash,
      dockerfilePath,
      contextSizeBytes: sizeBytes,
      createdAt: this.now(),
      ...outcomeOf(files, dockerfilePath),
    };
    this.builds.set(build.id, build);
    return { status: 201, body: { build: this.view(build), contextHash, cached: false } };
  }

  listBuilds(query: URLSearchParams): { builds: BuildView[]; total: number; limit: number; offset: number } {
    const status = query.get("status");
    if (status !== null && !STATUSES.includes(status as BuildStatus)) throw badRequest(`status must be one of ${STATUSES.join(", ")}`);
    const limit = intParam(query, "limit", 20, 1, 100);
    const offset = intParam(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const region = query.get("region");
    const contextHash = query.get("contextHash");
    const matching = [...this.builds.values()]
      .filter((b) => (region === null || b.region === region) && (contextHash === null || b.contextHash === contextHash))
      .filter((b) => status === null || this.statusOf(b) === status)
      .sort((a, b) => b.createdAt - a.createdAt);
    return { builds: matching.slice(offset, offset + limit).map((b) => this.view(b)), total: matching.length, limit, offset };
  }

  getBuild(id: string): { build: BuildView } {
    return { build: this.view(this.require(id)) };
  }

  getLogs(id: string, query: URLSearchParams): { logs: string[]; nextToken?: string } {
    const build = this.require(id);
    const limit = intParam(query, "limit", 500, 1, 10_000);
    const lines = this.logsOf(build);
    return lines.length > limit ? { logs: lines.slice(0, limit), nextToken: Buffer.from(String(limit)).toString("base64") } : { logs: lines };
  }

  /** Why an agent may not deploy `id` in `region`, or undefined when it may. */
  deployProblem(id: string, region: string): ApiError | undefined {
    const build = this.builds.get(id.toLowerCase());
    if (!build) return badRequest("Build not found");
    if (build.region !== region) {
      return badRequest(`Build is in region '${build.region}' but service is in region '${region}'. Builds must be in the same region as the service.`);
    }
    const status = this.statusOf(build);
    if (status !== "success") return badRequest(`Build is not ready (status: ${status}). Only successful builds can be deployed.`);
    return undefined;
  }

  snapshots(): BuildView[] {
    return [...this.builds.values()].map((b) => this.view(b));
  }

  private require(id: string): BuildRecord {
    if (!UUID.test(id)) throw badRequest("Invalid build ID format");
    const build = this.builds.get(id.toLowerCase());
    if (!build) throw notFound("Build not found");
    return build;
  }

  private sign(policy: string): string {
    return createHmac("sha256", this.signingKey).update(policy).digest("hex");
  }

  private startedAt(b: BuildRecord): number {
    return b.createdAt + this.timings.buildQueueMs;
  }

  private completedAt(b: BuildRecord): number {
    return this.startedAt(b) + this.timings.buildRunMs;
  }

  private statusOf(b: BuildRecord): BuildStatus {
    if (b.fixedStatus) return b.fixedStatus;
    const now = this.now();
    if (now < this.startedAt(b)) return "pending";
    if (now < this.completedAt(b)) return "building";
    return b.outcome;
  }

  private logsOf(b: BuildRecord): string[] {
    const status = this.statusOf(b);
    if (status === "pending" || b.fixedStatus) return [];
    const lines = [
      "[Container] Entering phase: DOWNLOAD_SOURCE",
      `[Container] Build context ${b.contextHash} (${b.contextSizeBytes} bytes)`,
      "[Container] Entering phase: BUILD",
      ...b.steps.map((step, i) => `Step ${i + 1}/${b.steps.length} : ${step}`),
    ];
    if (status === "success") lines.push(`Successfully built ${imageUriOf(b)}`, "[Container] Phase complete: BUILD State: SUCCEEDED");
    if (status === "failed") lines.push(`ERROR: ${b.errorMessage}`, "[Container] Phase complete: BUILD State: FAILED");
    if (status === "timeout") lines.push("[Container] Phase complete: BUILD State: TIMED_OUT");
    return lines;
  }

  private view(b: BuildRecord): BuildView {
    const status = this.statusOf(b);
    const done = status === "success" || status === "failed" || status === "timeout";
    const view: BuildView = {
      id: b.id,
      organizationId: ORGANIZATION_ID,
      status,
      region: b.region,
      contextHash: b.contextHash,
      dockerfilePath: b.dockerfilePath,
      logsUrl: `https://console.simulated.invalid/builds/${b.id}`,
      contextSizeBytes: b.contextSizeBytes,
      createdAt: iso(b.createdAt),
      updatedAt: iso(done && !b.fixedStatus ? this.completedAt(b) : status === "building" ? this.startedAt(b) : b.createdAt),
    };
    if (status !== "pending" && !b.fixedStatus) view.startedAt = iso(this.startedAt(b));
    if (done && !b.fixedStatus) {
      view.completedAt = iso(this.completedAt(b));
      view.buildDurationSeconds = Math.round(this.timings.buildRunMs / 1000);
    }
    if (status === "success") {
      view.imageUri = imageUriOf(b);
      view.imageSizeBytes = 150 * 1024 * 1024 + b.contextSizeBytes;
    }
    if (status === "failed" || status === "timeout") view.errorMessage = b.errorMessage;
    return view;
  }
}

/** How a build of these files will end, and the steps its log shows. */
function outcomeOf(files: Map<string, Buffer>, dockerfilePath: string): Pick<BuildRecord, "outcome" | "errorMessage" | "steps"> {
  const dockerfile = files.get(dockerfilePath.replace(/^\.\//, ""));
  if (!dockerfile) {
    return { outcome: "failed", errorMessage: `Docker build failed: failed to read dockerfile: open ${dockerfilePath}: no such file or directory`, steps: [] };
  }
  const text = dockerfile.toString("utf8");
  const steps = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const directive = /^#\s*simulator:\s*(fail|timeout)\b[ \t]*(.*)$/m.exec(text);
  if (directive?.[1] === "fail") {
    return { outcome: "failed", errorMessage: `Docker build failed: ${directive[2]!.trim() || "the Dockerfile asked the simulator to fail"}`, steps };
  }
  if (directive?.[1] === "timeout") return { outcome: "timeout", errorMessage: "Build exceeded the maximum build duration", steps };
  return { outcome: "success", steps };
}

function imageUriOf(b: BuildRecord): string {
  return `registry.simulated.invalid/pipecat-cloud/${NAMESPACE}:${b.contextHash}`;
}

function requiredRegion(value: unknown): string {
  if (typeof value !== "string" || value === "") throw badRequest("region is required");
  if (!REGION_CODES.includes(value)) throw badRequest(`Region '${value}' is not available. Available regions: ${REGION_CODES.join(", ")}`);
  return value;
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

const iso = (ms: number) => new Date(ms).toISOString();
