// Region moves. Agent names are unique across regions, so moving an agent that
// keeps its name means deleting it first and creating it again: downtime, and
// no agent at all if the create then fails (a secret set or build missing in
// the new region). The guard refuses that at preview unless the program opts
// in; when it does, `preflight` checks read-only, before the old agent is
// deleted, that what the new create needs exists and is ready in the new region.
import { RegionMoveError } from "../client/errors/RegionMoveError";
import type { PipecatClient } from "../client/client";
import { pollUntil } from "../core/poll";
import { isUnknown } from "../core/unknowns";
import type { AgentInputs } from "./mapping";

export interface RegionMove {
  agentName: string;
  from: string;
  to: string;
}

/** A move of an agent that keeps its name, or null. `olds` may be old inputs or stored outputs. */
export function regionMoveOf(olds: Record<string, unknown>, news: Record<string, unknown>): RegionMove | null {
  const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);
  const { agentName } = news;
  if (!known(agentName) || olds.agentName !== agentName) return null;
  if (!known(olds.region) || !known(news.region) || olds.region === news.region) return null;
  return { agentName, from: olds.region, to: news.region };
}

/** Why a move without opt-in is refused, and the two safe ways. Names no property: callers put it on `region`. */
export function regionMoveRefusal(move: RegionMove): string {
  return (
    `changes from "${move.from}" to "${move.to}" while agentName stays "${move.agentName}". Agent names are unique across regions, ` +
    "so the running agent would be deleted before the new one is created: the agent is down in between, and if the create fails " +
    "(a secret set or build missing in the new region, say) nothing is left and there is no way back. " +
    `Either change agentName too (the new agent is created first, then the old one deleted), ` +
    "or set allowRegionMoveDowntime: true to accept the downtime (the provider then checks the new region before deleting anything)"
  );
}

export function regionMoveError(move: RegionMove): RegionMoveError {
  return new RegionMoveError(`region ${regionMoveRefusal(move)}`);
}

interface SecretSetSummary {
  name?: string | null;
  type?: string | null;
  region?: string | null;
  status?: string | null;
  errorMessage?: string | null;
}

/** The answers preflight reads, built on first use: the guard above runs at preview, which must not load zod. */
async function preflightSchemas() {
  const { z } = await import("zod");
  const optional = z.string().nullish();
  return {
    secretSets: z.looseObject({
      sets: z.array(z.looseObject({ name: optional, type: optional, region: optional, status: optional, errorMessage: optional })).nullish(),
    }),
    build: z.looseObject({
      build: z.looseObject({ status: optional, region: optional, errorMessage: optional }).nullish(),
    }),
  };
}

export interface PreflightOptions {
  /** How long a referenced secret set may stay `pending` before the move is refused. */
  pendingTimeoutSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Read-only checks of what creating `inputs` in its region needs. Throws a
 * RegionMoveError naming every problem; returns when the create can proceed.
 */
export async function preflight(client: PipecatClient, inputs: AgentInputs, options: PreflightOptions = {}): Promise<void> {
  const region = inputs.region!;
  const schemas = await preflightSchemas();
  const problems: string[] = [];
  const refs: Array<{ input: string; name: string; type: string }> = [];
  if (inputs.secretSet !== undefined) refs.push({ input: "secretSet", name: inputs.secretSet, type: "secret" });
  if (inputs.imagePullSecretSet !== undefined) refs.push({ input: "imagePullSecretSet", name: inputs.imagePullSecretSet, type: "imagePullSecret" });

  if (refs.length > 0) {
    const list = async () => (await client.request({ method: "GET", path: "/secrets", schema: schemas.secretSets, safety: "idempotent" })).data.sets ?? [];
    const find = (sets: SecretSetSummary[], name: string) => sets.find((s) => s.name === name && (s.region ?? region) === region);
    // A set created in the same `pulumi up` may still be provisioning: wait for it a little.
    const { latest } = await pollUntil({
      initial: await list(),
      read: list,
      settled: (sets) => refs.every((r) => find(sets, r.name)?.status !== "pending"),
      delayMs: () => 1_000,
      timeoutSeconds: options.pendingTimeoutSeconds ?? 60,
      maxConsecutiveErrors: 3,
      sleep: options.sleep,
      now: options.now,
    });
    for (const ref of refs) {
      const set = find(latest, ref.name);
      const elsewhere = latest.find((s) => s.name === ref.name);
      if (!set) {
        problems.push(
          elsewhere
            ? `${ref.input} "${ref.name}" is in region "${elsewhere.region}", not "${region}" (secret sets are regional): create a set in "${region}" and reference it`
            : `${ref.input} "${ref.name}" does not exist: create it in region "${region}" first`,
        );
      } else if (set.type && set.type !== ref.type) {
        problems.push(`${ref.input} "${ref.name}" is of type ${set.type}, not ${ref.type}`);
      } else if (set.status && set.status !== "ready") {
        problems.push(`${ref.input} "${ref.name}" in "${region}" is ${set.status}${set.errorMessage ? ` (${set.errorMessage})` : ""}, not ready: wait for it, or fix it, then run \`pulumi up\` again`);
      }
    }
  }

  if (inputs.buildId !== undefined) {
    const res = await client.request({ method: "GET", path: `/builds/${encodeURIComponent(inputs.buildId)}`, schema: schemas.build, safety: "idempotent", accept: [404] });
    const build = res.status === 404 ? null : res.data.build;
    if (!build) problems.push(`buildId "${inputs.buildId}" does not exist: build the agent in region "${region}" and use that build's id`);
    else if (build.region && build.region !== region) problems.push(`buildId "${inputs.buildId}" was built in region "${build.region}", not "${region}" (builds are regional): build it again in "${region}"`);
    else if (build.status && build.status !== "success") problems.push(`buildId "${inputs.buildId}" is ${build.status}${build.errorMessage ? ` (${build.errorMessage})` : ""}: only a successful build can be deployed`);
  }

  if (problems.length > 0) {
    throw new RegionMoveError(
      `Moving agent "${inputs.agentName}" to region "${region}" was stopped before deleting the running agent, which keeps running: ${problems.join("; ")}`,
    );
  }
}

