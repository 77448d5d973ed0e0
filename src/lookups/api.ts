// What each lookup reads, on the resources' own endpoint wrappers (loaded on the first lookup:
// a program that looks nothing up loads neither zod nor undici).
import { AgentsApi } from "../agent/api";
import { toStatus } from "../agent/mapping";
import { reportedFields } from "../agent/verify";
import { BuildsApi } from "../build/api";
import type { PipecatClient } from "../client/client";
import { ApiError } from "../client/errors/ApiError";
import { requireDefaultRegion } from "../core/regions";
import { SecretsApi } from "../secret-common/api";
import { liveKeys } from "../secret-set/mapping";
import type { PipecatAgentLookup, PipecatBuildLookup, PipecatOrganizationProperties, PipecatSecretSetLookup } from "./index";

export { fetchRegions } from "../core/regions";

export async function fetchAgent(client: PipecatClient, agentName: string): Promise<PipecatAgentLookup> {
  const agent = await new AgentsApi(client).getAgent(agentName);
  if (agent === null) throw missing(`/agents/${agentName}`, `No agent named "${agentName}" in Pipecat Cloud`, "Check the name (agents are listed by `pcc agent list`)");
  const status = toStatus(agent, { agentName });
  const reported = reportedFields(agent);
  return {
    agentName: status.name,
    region: status.region,
    ready: status.ready,
    available: status.available,
    desiredDeploymentId: status.desiredDeploymentId,
    reconciledDeploymentId: status.reconciledDeploymentId,
    activeDeploymentId: status.activeDeploymentId,
    activeSessionCount: status.activeSessionCount,
    createdAt: status.createdAt,
    updatedAt: status.updatedAt,
    image: reported.image,
    secretSet: reported.secretSet,
    imagePullSecretSet: reported.imagePullSecretSet,
    autoScaling: { minAgents: reported["autoScaling.minAgents"], maxAgents: reported["autoScaling.maxAgents"] },
    agentProfile: reported.agentProfile,
    krispVivaAudioFilter: reported["krispViva.audioFilter"],
    maxSessionDuration: reported.maxSessionDuration,
  };
}

export async function fetchSecretSet(client: PipecatClient, setName: string): Promise<PipecatSecretSetLookup> {
  const api = new SecretsApi(client);
  // The list holds both kinds (a GET by name answers 400 for an image pull secret).
  const listed = (await api.listSets()).find((s) => s.name === setName);
  if (!listed) throw missing("/secrets", `No secret set named "${setName}" in Pipecat Cloud`, "Check the name (sets are listed by `pcc secrets list`)");
  const type = listed.type ?? "secret";
  const details = type === "secret" ? await api.getSet(setName) : null;
  return {
    setName,
    region: listed.region ?? details?.region ?? "",
    type,
    status: listed.status ?? details?.status ?? "ready",
    keys: (details && liveKeys(details)) ?? [],
  };
}

export async function fetchBuild(client: PipecatClient, buildId: string): Promise<PipecatBuildLookup> {
  const build = await new BuildsApi(client).getBuild(buildId);
  if (build === null) throw missing(`/builds/${buildId}`, `No cloud build with id "${buildId}" in Pipecat Cloud`, "Check the id (builds are listed by `pcc build list`)");
  return {
    buildId: build.id ?? buildId,
    status: build.status ?? "pending",
    region: build.region ?? null,
    contextHash: build.contextHash ?? null,
    imageUri: build.imageUri ?? null,
    contextSizeBytes: build.contextSizeBytes ?? null,
    imageSizeBytes: build.imageSizeBytes ?? null,
    buildDurationSeconds: build.buildDurationSeconds ?? null,
    createdAt: build.createdAt ?? null,
    startedAt: build.startedAt ?? null,
    completedAt: build.completedAt ?? null,
    logsUrl: build.logsUrl ?? null,
    errorMessage: build.errorMessage ?? null,
  };
}

export async function fetchProperties(client: PipecatClient): Promise<PipecatOrganizationProperties> {
  return { defaultRegion: await requireDefaultRegion(client) };
}

function missing(path: string, message: string, hint: string): ApiError {
  return new ApiError("GET", `/v1${path}`, 404, "NOT_FOUND", message, hint);
}
