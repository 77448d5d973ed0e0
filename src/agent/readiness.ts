// Reading one status snapshot of an agent: is the deployment we asked for ready,
// still on its way, or failed? Pure, so every case is a row in a table test.
//
// The rules follow the official CLI, which learned them the hard way: `ready` and
// `available` say nothing about *our* deployment until the operator has reconciled
// it (reconciledDeploymentId == desiredDeploymentId); otherwise an update looks
// ready at once because the old pods are still serving.
import type { AgentDetails, DeploymentErrorEntry, RevisionInfo } from "./schema";

export type Readiness =
  | { state: "ready"; summary: string }
  | { state: "waiting"; summary: string }
  | { state: "failed"; summary: string; reasons: string[] }
  /** Someone else deployed while we waited: ours will never be reconciled. */
  | { state: "superseded"; summary: string; ours: string; theirs: string };

export function interpretStatus(agent: AgentDetails, desiredDeploymentId: string | null | undefined): Readiness {
  const latest = agent.desiredDeploymentId ?? agent.activeDeploymentId ?? null;
  const desired = desiredDeploymentId ?? latest;
  if (desired && latest && latest !== desired) {
    return { state: "superseded", summary: `the agent was redeployed by someone else: deployment ${latest} replaced ${desired}`, ours: desired, theirs: latest };
  }
  const reconciled = !desired || agent.reconciledDeploymentId === desired;

  // Fail fast, as the CLI does: reported errors, or our revision in phase Failed.
  // A Failed revision that names no deployment is ours only once the operator
  // has reconciled our deployment; before that it is an older one's.
  const revision = agent.currentRevision;
  const ours = revision ? (revision.deploymentID ? isRevisionOf(revision, desired) : reconciled) : false;
  const revisionFailed = revision?.phase === "Failed" && ours;
  const reasons = (agent.errors ?? []).map(describeError).filter((r) => r !== "");
  if (revisionFailed) reasons.push(describeFailure(revision));
  if (reasons.length > 0) return { state: "failed", summary: `deployment failed: ${reasons.join("; ")}`, reasons };

  if (!reconciled) {
    return { state: "waiting", summary: `waiting for the operator to pick up deployment ${desired}` };
  }

  const ready = agent.ready === true || agent.activeDeploymentReady === true;
  const available = agent.available ?? ready;
  if (ready && available) return { state: "ready", summary: "ready" };

  return { state: "waiting", summary: describeProgress(agent, revision, ready, available) };
}

/** Whether a revision belongs to the deployment we asked for (an absent id on either side counts as yes). */
export function isRevisionOf(revision: RevisionInfo, desiredDeploymentId: string | null): boolean {
  return !revision.deploymentID || !desiredDeploymentId || revision.deploymentID === desiredDeploymentId;
}

function describeError(entry: DeploymentErrorEntry): string {
  if (typeof entry === "string") return entry;
  return [entry.code, entry.message ?? entry.error].filter((p) => p !== undefined && p !== null && p !== "").join(": ");
}

function describeProgress(agent: AgentDetails, revision: RevisionInfo | null | undefined, ready: boolean, available: boolean): string {
  const parts: string[] = [];
  if (revision?.phase) parts.push(`revision ${revision.phase}`);
  if (typeof revision?.readyReplicas === "number") parts.push(`${revision.readyReplicas} ready replica(s)`);
  const health = revision?.health;
  if (health?.reason) parts.push(`health ${health.reason}${health.restartCount ? ` after ${health.restartCount} restart(s)` : ""}`);
  if (revision?.hasInfrastructureIssue) parts.push("Pipecat Cloud reports an infrastructure issue (contact support if it persists)");
  const degraded = agent.conditions?.find((c) => c.type === "Degraded" && c.status === "True");
  if (degraded) parts.push(`degraded: ${[degraded.reason, degraded.message].filter(Boolean).join(": ")}`);
  if (!ready && available) parts.push("previous deployment still serving");
  return parts.length > 0 ? parts.join(", ") : "deployment in progress";
}

function describeFailure(revision: RevisionInfo): string {
  const health = revision.health;
  if (!health) return "the revision entered phase Failed";
  const head = [
    health.reason ?? "Failed",
    health.lastExitCode !== undefined && health.lastExitCode !== null ? `exit code ${health.lastExitCode}` : undefined,
    health.lastTerminationReason && health.lastTerminationReason !== health.reason ? health.lastTerminationReason : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return health.message ? `${head}: ${lastLines(health.message, 5)}` : head;
}

/** A traceback's last lines carry the actual error; keep messages readable. */
function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split("\n");
  return (lines.length > count ? ["…", ...lines.slice(-count)] : lines).join("\n");
}
