// The agents endpoints of the Pipecat Cloud API, on the shared client.
import type { PipecatClient } from "../client/client";
import { okSchema } from "../client/error-body";
import { agentDetailsSchema, agentListSchema, agentLogsSchema, type AgentDetails } from "./schema";

export class AgentsApi {
  constructor(readonly client: PipecatClient) {}

  /** The agent, or null when it does not exist. */
  async getAgent(name: string): Promise<AgentDetails | null> {
    const res = await this.client.request({ method: "GET", path: agentPath(name), schema: agentDetailsSchema, safety: "idempotent", accept: [404] });
    return res.status === 404 ? null : res.data;
  }

  /** Not idempotent: retried only when the server provably did not act. */
  async createAgent(body: Record<string, unknown>): Promise<AgentDetails> {
    return (await this.client.request({ method: "POST", path: "/agents", body, schema: agentDetailsSchema, safety: "create" })).data;
  }

  /** Repeating an update converges on the same configuration, so it is retried like a read. */
  async updateAgent(name: string, body: Record<string, unknown>): Promise<AgentDetails> {
    return (await this.client.request({ method: "POST", path: agentPath(name), body, schema: agentDetailsSchema, safety: "idempotent" })).data;
  }

  /** True when deleted, false when it was already gone. */
  async deleteAgent(name: string): Promise<boolean> {
    const res = await this.client.request({ method: "DELETE", path: agentPath(name), schema: okSchema, safety: "idempotent", accept: [404], statusOnly: true });
    return res.status !== 404;
  }

  /** The last `limit` log lines of one deployment, oldest first (the API answers newest first). */
  async deploymentLogs(name: string, deploymentId: string, limit: number): Promise<string[]> {
    const query = new URLSearchParams({ deploymentId, limit: String(limit) });
    const res = await this.client.request({ method: "GET", path: `${agentPath(name)}/logs?${query}`, schema: agentLogsSchema, safety: "idempotent" });
    return (res.data.logs ?? []).map((entry) => entry.log).filter((line): line is string => typeof line === "string").reverse();
  }

  async listAgents(): Promise<Array<{ name?: string | null; region?: string | null }>> {
    return (await this.client.request({ method: "GET", path: "/agents", schema: agentListSchema, safety: "idempotent" })).data.services ?? [];
  }
}

function agentPath(name: string): string {
  return `/agents/${encodeURIComponent(name)}`;
}
