// The six resource methods of PipecatAgent. The Pulumi host calls them through
// the tiny serialized shim (serialized.ts), which loads this module by package name.
import type * as pulumi from "@pulumi/pulumi";
import type { BaseProviderOptions } from "../core/provider-options";
import type { AgentsApi } from "./api";
import { ApiError } from "../client/errors/ApiError";
import { ConfigError } from "../client/errors/ConfigError";
import { DeploymentFailedError } from "../client/errors/DeploymentFailedError";
import { isPipecatError } from "../client/errors/PipecatError";
import { ApiCache } from "../core/api-cache";
import { jsonSafe } from "../core/json";
import { isUnknown } from "../core/unknowns";
import { initFailure } from "../core/init-failure";
import { ReadyTimeoutError } from "../client/errors/ReadyTimeoutError";
import { RedeployedElsewhereError } from "../client/errors/RedeployedElsewhereError";
import { WriteNotAppliedError } from "../client/errors/WriteNotAppliedError";
import { ResponseValidationError } from "../client/errors/ResponseValidationError";
import { adoptAll, pollCapMs, readStackConfig, type ConfiguredSettings } from "../config";
import { diffAgent } from "./diff";
import {
  apiConfigChanged, inputsFromLive, inputsFromState, toCreateBody, toOutputs, toUpdateBody,
  type AgentInputs, type AgentOutputs,
} from "./mapping";
import type { AgentDetails } from "./schema";
import { checkAgentInputs } from "./check";
import type { PollPolicy } from "./poll-policy";
import { waitForReady } from "./wait-for-ready";
import { preflight, regionMoveError, regionMoveOf, regionMoveRefusal, type PreflightOptions } from "./region-move";
import { judgeWrite } from "./verify";

type Props = Record<string, unknown>;

/** POSTs of one create, each after making sure the previous one created nothing. */
const MAX_CREATE_ATTEMPTS = 3;

/** Options of a {@link PipecatAgentProvider} made by hand (tests of your own); the engine uses the defaults. */
export interface ProviderOptions extends BaseProviderOptions {
  /** Readiness polling: first and longest wait, jitter, how many failed polls in a row end the wait. Default: `pipecat:pollIntervalSeconds` and the documented policy. */
  poll?: Partial<PollPolicy>;
  /** Where the API's warnings go; by default stderr, which Pulumi shows as a diagnostic of the update. */
  warn?: (message: string) => void;
  /** The region-move check's waits (how long a pending secret set in the new region is waited for). */
  preflight?: PreflightOptions;
}

export type { ResourceInitFailure } from "../core/init-failure";

export class PipecatAgentProvider implements pulumi.dynamic.ResourceProvider {
  private configured: ConfiguredSettings = {};
  // Loaded on first use: preview (check and diff) needs neither the HTTP stack nor the API schemas.
  private readonly apis = new ApiCache(async () => (await import("./api")).AgentsApi);
  /**
   * Region moves diff() allowed, by agent name: delete() checks the new region
   * before deleting. The engine calls diff (old and new inputs), then delete
   * (old state only), then create, in the same provider process.
   */
  private readonly pendingMoves = new Map<string, AgentInputs>();

  constructor(private readonly options: ProviderOptions = {}) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configured = readStackConfig(req.config);
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const result = await checkAgentInputs(news, olds);
    const move = regionMoveOf(olds, result.inputs);
    if (move && result.inputs.allowRegionMoveDowntime !== true && !isUnknown(result.inputs.allowRegionMoveDowntime)) {
      result.failures.push({ property: "region", reason: regionMoveRefusal(move) });
    }
    return result;
  }

  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffAgent(olds, news);
    // check() only sees the old inputs; the stored outputs hold the live region
    // (an unset region resolved to the organization's default), so look again.
    const move = deleteBeforeReplace && replaces.includes("region") ? regionMoveOf(olds, news) : null;
    if (move && !isUnknown(news.allowRegionMoveDowntime)) {
      if (news.allowRegionMoveDowntime !== true) throw regionMoveError(move);
      this.pendingMoves.set(id, inputsFromState(news));
    } else {
      this.pendingMoves.delete(id);
    }
    return { changes, replaces, deleteBeforeReplace };
  }

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsFromState(props);
    const client = await this.api();
    await (await import("../core/regions")).checkRegion(client.client, inputs.region, `PipecatAgent "${inputs.agentName}"`);
    const startedAt = this.now();
    const agent = await this.createOrAdopt(client, inputs, startedAt);
    // From here on the agent exists: every failure must carry its id, or it is orphaned.
    const outs = await this.settle(client, inputs, agent, props.__provider, true);
    return { id: inputs.agentName, outs };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const client = await this.api();
    const agent = await client.getAgent(id);
    if (agent === null) return {}; // gone: refresh drops it from state
    const inputs = inputsFromLive(inputsFromState({ agentName: id, ...props }), agent);
    const outs = toOutputs(inputs, agent, { origin: client.client.origin, warning: typeof props.warning === "string" ? props.warning : null });
    return { id, props: outs, inputs: jsonSafe(inputs) as unknown as Props };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const previous = inputsFromState(olds);
    const inputs = inputsFromState(news);
    const client = await this.api();
    let agent: AgentDetails;
    const written = apiConfigChanged(inputs, previous);
    if (written) {
      const body = toUpdateBody(inputs, previous);
      try {
        agent = await client.updateAgent(id, body);
      } catch (error) {
        explainUnbindRefusal(error, body, id);
        // Accepted, but the answer was unreadable: the live state says what happened.
        const current = error instanceof ResponseValidationError ? await client.getAgent(id) : null;
        if (current === null) {
          if (error instanceof ApiError && error.status === 404) error.message += `. ${explainUpdate404(error, inputs)}`;
          throw error; // nothing was changed upstream: the old outputs still hold
        }
        agent = current;
      }
    } else {
      // Only provider-side settings changed, or Pulumi is retrying an agent that
      // failed to become ready: look at it again rather than redeploying.
      const current = await client.getAgent(id);
      if (current === null) throw new ApiError("GET", `/v1/agents/${id}`, 404, "NOT_FOUND", "agent not found", "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again");
      agent = current;
    }
    return { outs: await this.settle(client, inputs, agent, news.__provider, written) };
  }

  async delete(id: string, _props: Props): Promise<void> {
    const client = await this.api();
    const move = this.pendingMoves.get(id);
    if (move) {
      // Used once: a failed check stops this run, and the next run diffs again.
      this.pendingMoves.delete(id);
      // The old agent is only deleted once the new region can take it.
      await preflight(client.client, move, { sleep: this.options.sleep, now: this.options.now, ...this.options.preflight });
    }
    await client.deleteAgent(id); // already gone counts as deleted
  }

  /**
   * Read the write back: a field the API accepted but did not apply fails the
   * operation (the agent stays in state, recorded as it really is), rather than
   * reporting success that the next refresh would show as drift forever. A
   * different deployment carrying other values is someone else's redeploy, named
   * as such. Undefined when the write holds.
   */
  private writeRefusal(inputs: AgentInputs, answer: AgentDetails, live: AgentDetails): Error | undefined {
    const verdict = judgeWrite(inputs, answer, live);
    if (verdict.kind === "applied") return undefined;
    if (verdict.kind === "redeployed-elsewhere") return new RedeployedElsewhereError(inputs.agentName, verdict.ours, verdict.theirs, verdict.fields);
    return new WriteNotAppliedError(inputs.agentName, verdict.fields);
  }

  private warn(message: string): void {
    if (this.options.warn) this.options.warn(message);
    // Since Pulumi 3.146 a dynamic provider's stderr reaches the CLI as a diagnostic of the run.
    else process.stderr.write(`warning: ${message}\n`);
  }

  /**
   * After a write (`written`), read it back and wait for readiness if asked. The read-back is the
   * first readiness poll: a create or update costs one POST plus the polls. Any failure becomes a
   * ResourceInitFailure carrying the live state.
   */
  private async settle(client: AgentsApi, inputs: AgentInputs, answer: AgentDetails, provider: unknown, written: boolean): Promise<AgentOutputs> {
    if (written && answer.warning) this.warn(`PipecatAgent "${inputs.agentName}": Pipecat Cloud says: ${answer.warning}`);
    const extra = { origin: client.client.origin, warning: written ? (answer.warning ?? null) : undefined };
    let last = answer;
    try {
      let verified = !written;
      if (inputs.waitForReady) {
        const cap = pollCapMs(this.configured);
        const result = await waitForReady({
          client, agentName: inputs.agentName, initial: answer, timeoutSeconds: inputs.readyTimeoutSeconds,
          poll: { ...(cap === undefined ? {} : { maxMs: cap }), ...this.options.poll },
          sleep: this.options.sleep, now: this.options.now,
          verifyFirst: verified ? undefined : (live) => this.writeRefusal(inputs, answer, live),
        });
        last = result.agent;
        verified ||= result.polls > 0;
        const readiness = result.readiness;
        const desired = answer.desiredDeploymentId ?? null;
        if (readiness.state === "refused") throw readiness.error;
        if (readiness.state === "superseded") throw new RedeployedElsewhereError(inputs.agentName, readiness.ours, readiness.theirs);
        if (readiness.state === "failed") throw new DeploymentFailedError(inputs.agentName, desired, readiness.reasons, await logTail(client, inputs.agentName, desired));
        if (readiness.state === "timeout") throw new ReadyTimeoutError(inputs.agentName, desired, inputs.readyTimeoutSeconds, readiness.summary);
      }
      if (!verified) {
        // Not waited for, or ready in the write's own answer: one GET reads it back.
        last = (await client.getAgent(inputs.agentName)) ?? answer;
        const refusal = this.writeRefusal(inputs, answer, last);
        if (refusal) throw refusal;
      }
      return toOutputs(inputs, last, extra);
    } catch (error) {
      // A write the API did not apply is recorded as it really is.
      const recorded = error instanceof WriteNotAppliedError ? inputsFromLive(inputs, last) : inputs;
      throw initFailure(error, inputs.agentName, { ...toOutputs(recorded, last, extra), __provider: provider });
    }
  }

  /**
   * POST /v1/agents is not idempotent. When its outcome is unknown (the connection
   * dropped after sending, a timeout, a 5xx, an unreadable answer), look before
   * leaping: adopt the agent if it is there with our configuration, POST again
   * only if it is not.
   */
  private async createOrAdopt(client: AgentsApi, inputs: AgentInputs, startedAt: number): Promise<AgentDetails> {
    const body = toCreateBody(inputs);
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.createAgent(body);
      } catch (error) {
        if (isAlreadyExists(error)) {
          if (inputs.adoptExisting || adoptAll(this.configured)) {
            const adopted = await this.adopt(client, inputs);
            if (adopted) return adopted;
            continue; // deleted in the meantime: create it after all
          }
          error.message +=
            `. An agent named "${inputs.agentName}" already exists in Pipecat Cloud (names are unique across regions). ` +
            "Choose another agentName, delete the existing agent, or set adoptExisting: true to take it over " +
            "(after an interrupted `pulumi up` left it out of state: `pulumi config set pipecat:adoptExisting true`, `pulumi up`, then `pulumi config rm pipecat:adoptExisting`)";
          throw error;
        }
        if (!outcomeUnknown(error)) throw error;
        const existing = await client.getAgent(inputs.agentName);
        if (existing !== null) {
          if (isOurs(existing, inputs, startedAt)) return existing;
          (error as Error).message += `. An agent named "${inputs.agentName}" exists, but not with this configuration: it was not created by this run and is left alone`;
          throw error;
        }
        if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      }
    }
  }

  /** adoptExisting: update the agent that holds our name to our configuration. Null if it vanished. */
  private async adopt(client: AgentsApi, inputs: AgentInputs): Promise<AgentDetails | null> {
    const existing = await client.getAgent(inputs.agentName);
    if (existing === null) return null;
    if (inputs.region !== undefined && existing.region !== inputs.region) {
      throw new ConfigError(
        `Agent "${inputs.agentName}" exists in region "${existing.region}", not "${inputs.region}": adoptExisting cannot move it. ` +
          `Set region to "${existing.region}" (or remove it), or choose another agentName`,
      );
    }
    // Diffing against the live configuration clears what we do not declare (a secret set, say).
    const body = toUpdateBody(inputs, inputsFromLive(inputs, existing));
    return client.updateAgent(inputs.agentName, body).catch((error: unknown) => {
      explainUnbindRefusal(error, body, inputs.agentName);
      throw error;
    });
  }

  private async api(): Promise<AgentsApi> {
    return this.apis.forConfig(this.configured, this.options.env, this.options.client);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** A 404 on update: the agent is gone, or a secret set it references is (the API's text tells which). */
/**
 * The API documents no way to unbind a secret set: a strict one refuses the `null` with a 400,
 * and nothing is applied. Say so, and what to do, instead of a bare validation error.
 */
/** Lines of a failed deployment's log quoted in the error. */
const LOG_TAIL_LINES = 20;

/** The failed deployment's last log lines, redacted; none when they cannot be read (the failure is what matters). */
async function logTail(client: AgentsApi, agentName: string, deploymentId: string | null): Promise<string[]> {
  if (!deploymentId) return [];
  try {
    return (await client.deploymentLogs(agentName, deploymentId, LOG_TAIL_LINES)).map(redactSecrets);
  } catch {
    return [];
  }
}

/**
 * A log line may print a key: values assigned to names that look secret (`OPENAI_API_KEY=…`,
 * `token: …`) and strings shaped like API keys (`sk-…`, `pk_…`, `Bearer …`) are replaced.
 */
const SECRET_WORD = "(?:[a-z0-9]*(?:Key|Token|Secret|Password)|KEY|TOKEN|SECRET|PASSWORD|key|token|secret|password)";
/** `NAME=value`, `"name": "value"`, where NAME is a secret word alone or as a `_`-separated part (`OPENAI_API_KEY`, `apiKey`; not `keyboard`). */
const SECRET_ASSIGNMENT = new RegExp(`\\b((?:[A-Za-z0-9]+_)*${SECRET_WORD}(?:_[A-Za-z0-9]+)*)(["']?\\s*[=:]\\s*["']?)([^\\s"',]+)`, "g");

export function redactSecrets(line: string): string {
  return line
    .replace(SECRET_ASSIGNMENT, "$1$2[redacted]")
    .replace(/\b(sk|pk|rk)[-_][A-Za-z0-9_-]{8,}/g, "[redacted]")
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*/g, "$1 [redacted]");
}

function explainUnbindRefusal(error: unknown, body: Record<string, unknown>, agentName: string): void {
  if (!(error instanceof ApiError) || error.status !== 400) return;
  const unbound = (["secretSet", "imagePullSecretSet"] as const).filter((k) => k in body && body[k] === null);
  if (unbound.length === 0) return;
  error.message +=
    `. Pipecat Cloud refused to remove ${unbound.join(" and ")} from agent "${agentName}" (the API documents no way to unbind a secret set); nothing was changed. ` +
    `Keep ${unbound.join(" and ")} in the program, or remove it in the Pipecat Cloud dashboard and run \`pulumi refresh\`, then \`pulumi up\``;
}

function explainUpdate404(error: ApiError, inputs: AgentInputs): string {
  const refs = [
    inputs.secretSet === undefined ? undefined : `secretSet "${inputs.secretSet}"`,
    inputs.imagePullSecretSet === undefined ? undefined : `imagePullSecretSet "${inputs.imagePullSecretSet}"`,
  ].filter(Boolean);
  const where = inputs.region === undefined ? "the agent's region" : `region "${inputs.region}"`;
  if (/secret/i.test(error.apiMessage)) {
    return `A secret set the agent references (${refs.join(", ") || "none declared"}) does not exist in ${where}: create it there or fix the name; the agent itself is unchanged`;
  }
  if (/service|agent/i.test(error.apiMessage) || refs.length === 0) {
    return "The agent no longer exists in Pipecat Cloud: run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again";
  }
  return `Either the agent no longer exists (run \`pulumi refresh\`) or a secret set it references (${refs.join(", ")}) does not exist in ${where}`;
}

function isAlreadyExists(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && /already exists/i.test(error.apiMessage);
}

/** Anything but a definite rejection may have created the agent: a 5xx or 408, a lost connection, an unreadable 2xx body. */
function outcomeUnknown(error: unknown): boolean {
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408;
  if (error instanceof ResponseValidationError) return true;
  return isPipecatError(error) && (error as { mayHaveBeenProcessed?: boolean }).mayHaveBeenProcessed === true;
}

/** The agent our lost POST probably created: same image and region, created since we started. */
function isOurs(agent: AgentDetails, inputs: AgentInputs, startedAt: number): boolean {
  const createdAt = agent.createdAt ? Date.parse(agent.createdAt) : NaN;
  const recent = Number.isNaN(createdAt) || createdAt >= startedAt - 5 * 60_000;
  const image = agent.deployment?.manifest?.spec?.image;
  const sameImage = inputs.image === undefined || image === undefined || image === inputs.image;
  const sameRegion = inputs.region === undefined || agent.region === inputs.region;
  return recent && sameImage && sameRegion;
}
