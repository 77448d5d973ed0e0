// Lookups: read what a program does not manage, as Pulumi's `getX` / `getXOutput` functions do.
// Each takes the stack's `pipecat:` config (or PIPECAT_API_KEY / PIPECAT_API_URL), or an explicit
// `{ apiKey, apiUrl }`. The plain form is an async function; the `…Output` form takes Inputs and
// waits for unknown ones (during preview) instead of calling the API.
import * as pulumi from "@pulumi/pulumi";
import type { PipecatClient } from "../client/client";
import { resolveConnection } from "../config";

/** Where to find Pipecat Cloud; both default to the stack's `pipecat:` config, then the environment. */
export interface PipecatConnectionArgs {
  /** A Private API key; default `pipecat:apiKey`, then `PIPECAT_API_KEY`. */
  apiKey?: string;
  /** The API's URL; default `pipecat:apiUrl`, then `PIPECAT_API_URL`, then https://api.pipecat.daily.co. */
  apiUrl?: string;
}

/** {@link PipecatConnectionArgs} as Inputs, for the `…Output` forms. */
export type PipecatConnectionInputs = { [K in keyof PipecatConnectionArgs]?: pulumi.Input<PipecatConnectionArgs[K]> };

/** A region the organization can deploy to. */
export interface PipecatRegion {
  /** The region code used in inputs, such as `us-west`. */
  code: string;
  /** Its human name, such as "US West (Oregon)"; the code when the API gives none. */
  displayName: string;
}

/** An agent as the API reports it: the PipecatAgent status outputs, and its settings (undefined where the API does not say). */
export interface PipecatAgentLookup {
  /** The agent's name. */
  agentName: string;
  /** Its region. */
  region: string;
  /** Whether its current deployment is ready. */
  ready: boolean;
  /** Whether it can take sessions. */
  available: boolean;
  /** The deployment the agent wants to run. */
  desiredDeploymentId: string | null;
  /** The deployment the operator has reconciled. */
  reconciledDeploymentId: string | null;
  /** The deployment serving now. */
  activeDeploymentId: string | null;
  /** Sessions running now. */
  activeSessionCount: number;
  /** When it was created (ISO 8601), if the API says. */
  createdAt: string | null;
  /** When it last changed (ISO 8601), if the API says. */
  updatedAt: string | null;
  /** The image it runs; undefined for a build deploy (redacted upstream) or when not reported. */
  image?: string;
  /** The secret set it reads; null for none, undefined when not reported. */
  secretSet?: string | null;
  /** The image pull secret set; null for none, undefined when not reported. */
  imagePullSecretSet?: string | null;
  /** Scaling bounds, each undefined when not reported. */
  autoScaling: {
    /** Agents kept warm. */
    minAgents?: number;
    /** The most agents at once. */
    maxAgents?: number;
  };
  /** `agent-1x`, `agent-2x` or `agent-3x`, if reported. */
  agentProfile?: string;
  /** Krisp VIVA's filter (`tel`, `pro`, or null when off), if reported. */
  krispVivaAudioFilter?: string | null;
  /** The longest session, in seconds, if reported. */
  maxSessionDuration?: number;
}

/** A secret set (or image pull secret) as the API lists it: key names only, never values. */
export interface PipecatSecretSetLookup {
  /** The set's name. */
  setName: string;
  /** Its region. */
  region: string;
  /** `secret` or `imagePullSecret`. */
  type: string;
  /** `pending`, `ready` or `failed` (`ready` when the API gives no status). */
  status: string;
  /** The key names of a regular set, sorted; empty for an image pull secret. */
  keys: string[];
}

/** A cloud build. */
export interface PipecatBuildLookup {
  /** The build's id. */
  buildId: string;
  /** `pending`, `building`, `success`, `failed` or `timeout` (or a newer value the API reports). */
  status: string;
  /** Where it was built. */
  region: string | null;
  /** The hash of its context. */
  contextHash: string | null;
  /** The image it produced. */
  imageUri: string | null;
  /** The uploaded context's size, in bytes. */
  contextSizeBytes: number | null;
  /** The image's size, in bytes. */
  imageSizeBytes: number | null;
  /** How long it took, in seconds. */
  buildDurationSeconds: number | null;
  /** When it was created (ISO 8601). */
  createdAt: string | null;
  /** When it started building (ISO 8601). */
  startedAt: string | null;
  /** When it finished (ISO 8601). */
  completedAt: string | null;
  /** Where its full logs are. */
  logsUrl: string | null;
  /** Why it failed, if it did. */
  errorMessage: string | null;
}

/** The organization's settings. */
export interface PipecatOrganizationProperties {
  /** Where resources without a `region` go. */
  defaultRegion: string;
}

/** The regions the organization can deploy to (`GET /regions`). */
export async function getRegions(args: PipecatConnectionArgs = {}): Promise<PipecatRegion[]> {
  const { fetchRegions } = await import("./api");
  return withClient(args, fetchRegions);
}

/** An agent by name (`GET /agents/{agentName}`); fails naming it when it does not exist. */
export async function getAgent(args: { agentName: string } & PipecatConnectionArgs): Promise<PipecatAgentLookup> {
  const { fetchAgent } = await import("./api");
  return withClient(args, (client) => fetchAgent(client, args.agentName));
}

/** A secret set or image pull secret by name (from `GET /secrets`, with key names from `GET /secrets/{setName}`). */
export async function getSecretSet(args: { setName: string } & PipecatConnectionArgs): Promise<PipecatSecretSetLookup> {
  const { fetchSecretSet } = await import("./api");
  return withClient(args, (client) => fetchSecretSet(client, args.setName));
}

/** A cloud build by id (`GET /builds/{buildId}`). */
export async function getBuild(args: { buildId: string } & PipecatConnectionArgs): Promise<PipecatBuildLookup> {
  const { fetchBuild } = await import("./api");
  return withClient(args, (client) => fetchBuild(client, args.buildId));
}

/** The organization's settings (`GET /properties`). */
export async function getOrganizationProperties(args: PipecatConnectionArgs = {}): Promise<PipecatOrganizationProperties> {
  const { fetchProperties } = await import("./api");
  return withClient(args, fetchProperties);
}

/** {@link getRegions} for Inputs. */
export function getRegionsOutput(args: PipecatConnectionInputs = {}): pulumi.Output<PipecatRegion[]> {
  return pulumi.output(args).apply((a) => getRegions(a as PipecatConnectionArgs));
}

/** {@link getAgent} for Inputs: waits for an unknown name instead of calling the API. */
export function getAgentOutput(args: { agentName: pulumi.Input<string> } & PipecatConnectionInputs): pulumi.Output<PipecatAgentLookup> {
  return pulumi.output(args).apply((a) => getAgent(a as { agentName: string } & PipecatConnectionArgs));
}

/** {@link getSecretSet} for Inputs. */
export function getSecretSetOutput(args: { setName: pulumi.Input<string> } & PipecatConnectionInputs): pulumi.Output<PipecatSecretSetLookup> {
  return pulumi.output(args).apply((a) => getSecretSet(a as { setName: string } & PipecatConnectionArgs));
}

/** {@link getBuild} for Inputs. */
export function getBuildOutput(args: { buildId: pulumi.Input<string> } & PipecatConnectionInputs): pulumi.Output<PipecatBuildLookup> {
  return pulumi.output(args).apply((a) => getBuild(a as { buildId: string } & PipecatConnectionArgs));
}

/** {@link getOrganizationProperties} for Inputs. */
export function getOrganizationPropertiesOutput(args: PipecatConnectionInputs = {}): pulumi.Output<PipecatOrganizationProperties> {
  return pulumi.output(args).apply((a) => getOrganizationProperties(a as PipecatConnectionArgs));
}

/** One client for one lookup, closed after it: a program's process must be free to exit. */
async function withClient<T>(args: PipecatConnectionArgs, use: (client: PipecatClient) => Promise<T>): Promise<T> {
  const connection = resolveConnection({ apiKey: args.apiKey ?? stackConfig("apiKey"), apiUrl: args.apiUrl ?? stackConfig("apiUrl") });
  const { PipecatClient: Client } = await import("../client/client");
  const client = new Client({ baseUrl: connection.baseUrl, apiKey: connection.apiKey });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** `pipecat:KEY` from the running program's stack config (read raw: a secret key must not warn), if any. */
function stackConfig(key: string): string | undefined {
  try {
    return pulumi.runtime.getConfig(`pipecat:${key}`) ?? undefined;
  } catch {
    return undefined;
  }
}
