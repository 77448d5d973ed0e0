// The cloud build endpoints, on the shared client.
import type { PipecatClient } from "../client/client";
import {
  buildLogsResponseSchema, createBuildResponseSchema, getBuildResponseSchema, listBuildsResponseSchema,
  uploadUrlResponseSchema, type Build, type LogEntry, type UploadTarget,
} from "./schema";

export class BuildsApi {
  constructor(readonly client: PipecatClient) {}

  /** A successful build of this exact context, Dockerfile and region, if Pipecat Cloud has one. */
  async findCached(contextHash: string, region: string, dockerfilePath: string): Promise<Build | undefined> {
    const query = new URLSearchParams({ contextHash, region, status: "success", limit: "100" });
    const { data } = await this.client.request({ method: "GET", path: `/builds?${query}`, schema: listBuildsResponseSchema, safety: "idempotent" });
    return (data.builds ?? []).find((b) => b.id && b.status === "success" && b.contextHash === contextHash && (b.dockerfilePath ?? "Dockerfile") === dockerfilePath);
  }

  /** Only reserves an upload slot, so it may be repeated. */
  async uploadTarget(region: string): Promise<UploadTarget> {
    const { data } = await this.client.request({ method: "POST", path: "/builds/upload-url", body: { region }, schema: uploadUrlResponseSchema, safety: "idempotent" });
    return data;
  }

  async createBuild(body: { uploadId: string; region: string; dockerfilePath: string }): Promise<{ build: Build; cached: boolean }> {
    const { status, data } = await this.client.request({ method: "POST", path: "/builds", body, schema: createBuildResponseSchema, safety: "create" });
    return { build: data.build, cached: data.cached ?? status === 200 };
  }

  /** null when the build does not exist. */
  async getBuild(id: string): Promise<Build | null> {
    const { status, data } = await this.client.request({
      method: "GET", path: `/builds/${encodeURIComponent(id)}`, schema: getBuildResponseSchema, safety: "idempotent", accept: [404],
    });
    return status === 404 ? null : data.build;
  }

  async logs(id: string, limit = 10_000): Promise<string[]> {
    const { data } = await this.client.request({
      method: "GET", path: `/builds/${encodeURIComponent(id)}/logs?limit=${limit}`, schema: buildLogsResponseSchema, safety: "idempotent",
    });
    return (data.logs ?? []).map(logLine).filter((line) => line !== undefined);
  }

}

function logLine(entry: LogEntry): string | undefined {
  return typeof entry === "string" ? entry : (entry.log ?? entry.message ?? undefined);
}
