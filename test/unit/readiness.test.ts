import { describe, expect, it } from "vitest";
import { interpretStatus } from "../../src/agent/readiness";
import type { AgentDetails } from "../../src/agent/schema";

const D1 = "11111111-1111-4111-8111-111111111111";
const D2 = "22222222-2222-4222-8222-222222222222";

function agent(fields: Partial<AgentDetails>): AgentDetails {
  return { name: "my-agent", region: "us-west", ready: false, available: false, desiredDeploymentId: D1, reconciledDeploymentId: null, ...fields };
}
const active = (id: string, extra: Record<string, unknown> = {}) => ({ deploymentID: id, phase: "Active", readyReplicas: 1, ...extra });

// One status snapshot in, one verdict out: the table of the official CLI's cases, and ours.
describe("interpretStatus", () => {
  const cases: Array<[string, AgentDetails, string | null, "ready" | "waiting" | "failed" | "superseded", RegExp]> = [
    ["new agent, operator has not reconciled yet", agent({}), D1, "waiting", /operator/],
    ["update: old deployment ready, new one not reconciled", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D1, ready: true, available: true }), D2, "waiting", /operator to pick up deployment 2222/],
    ["reconciled, revision still validating", agent({ reconciledDeploymentId: D1, currentRevision: { deploymentID: D1, phase: "Validating", readyReplicas: 0 } }), D1, "waiting", /revision Validating, 0 ready/],
    ["reconciled and ready", agent({ reconciledDeploymentId: D1, ready: true, available: true, currentRevision: active(D1) }), D1, "ready", /^ready$/],
    ["scale to zero: ready with no replicas", agent({ reconciledDeploymentId: D1, ready: true, available: true, currentRevision: active(D1, { readyReplicas: 0 }) }), D1, "ready", /ready/],
    ["older API without `available` falls back to ready", agent({ reconciledDeploymentId: D1, ready: true, available: undefined }), D1, "ready", /ready/],
    ["deprecated activeDeploymentReady counts as ready", agent({ reconciledDeploymentId: D1, ready: false, activeDeploymentReady: true, available: true }), D1, "ready", /ready/],
    ["rolling update: available but new one not ready", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D2, ready: false, available: true, currentRevision: { deploymentID: D2, phase: "Creating" }, previousRevision: active(D1) }), D2, "waiting", /previous deployment still serving/],
    ["errors[] fail fast, quoting code and message", agent({ errors: [{ code: "PCC_IMAGE_NOT_FOUND", message: "Image not found" }] }), D1, "failed", /PCC_IMAGE_NOT_FOUND: Image not found/],
    ["errors[] with `error` instead of `message`", agent({ errors: [{ code: "PCC_UNKNOWN_ERROR", error: "boom" }] }), D1, "failed", /PCC_UNKNOWN_ERROR: boom/],
    ["crash loop fails fast with health reason and traceback tail", agent({ reconciledDeploymentId: D1, currentRevision: { deploymentID: D1, phase: "Failed", health: { reason: "CrashLoopBackOff", lastExitCode: 1, lastTerminationReason: "Error", message: "Traceback (most recent call last):\n  File \"bot.py\"\nModuleNotFoundError: No module named 'bot'" } } }), D1, "failed", /CrashLoopBackOff, exit code 1, Error: .*No module named 'bot'/s],
    ["a failed revision of an older deployment does not fail ours", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D2, currentRevision: { deploymentID: D1, phase: "Failed" } }), D2, "waiting", /revision Failed/],
    ["infrastructure issue is reported while waiting", agent({ reconciledDeploymentId: D1, currentRevision: { deploymentID: D1, phase: "Creating", hasInfrastructureIssue: true } }), D1, "waiting", /infrastructure issue/],
    ["degraded condition is reported while waiting", agent({ reconciledDeploymentId: D1, conditions: [{ type: "Degraded", status: "True", reason: "ImageResolutionFailed", message: "Failed to resolve image tag" }] }), D1, "waiting", /degraded: ImageResolutionFailed: Failed to resolve image tag/],
    ["legacy phase names are read leniently", agent({ reconciledDeploymentId: D1, currentRevision: { deploymentID: D1, phase: "Running", readyReplicas: 0 } }), D1, "waiting", /revision Running/],
    ["a Failed revision without deploymentID before reconciliation is an older one's: keep waiting", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D1, ready: true, available: true, currentRevision: { phase: "Failed", health: { reason: "CrashLoopBackOff" } } }), D2, "waiting", /operator to pick up deployment 2222/],
    ["a Failed revision without deploymentID after reconciliation is ours", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D2, currentRevision: { phase: "Failed", health: { reason: "CrashLoopBackOff" } } }), D2, "failed", /CrashLoopBackOff/],
    ["someone else deployed while we waited: superseded, naming both ids", agent({ desiredDeploymentId: D2, reconciledDeploymentId: D1, ready: true, available: true }), D1, "superseded", /redeployed by someone else: deployment 2222.* replaced 1111/],
    ["the deprecated activeDeploymentId counts as the latest desired id", agent({ desiredDeploymentId: undefined, activeDeploymentId: D2, reconciledDeploymentId: D1 }), D1, "superseded", /2222/],
    ["errors[] entries may be plain strings", agent({ errors: ["image pull failed"] }), D1, "failed", /deployment failed: image pull failed/],
    ["`available: null` falls back to ready", agent({ reconciledDeploymentId: D1, ready: true, available: null }), D1, "ready", /^ready$/],
    ["`ready: null` is not ready", agent({ reconciledDeploymentId: D1, ready: null, available: true }), D1, "waiting", /previous deployment still serving/],
    ["a snapshot with no ids at all waits on ready", agent({ desiredDeploymentId: undefined, reconciledDeploymentId: undefined, ready: true, available: true }), null, "ready", /^ready$/],
    ["desired id taken from the snapshot when not given", agent({ reconciledDeploymentId: D1, ready: true, available: true }), null, "ready", /ready/],
  ];

  it.each(cases)("%s", (_name, snapshot, desired, state, summary) => {
    const verdict = interpretStatus(snapshot, desired);
    expect(verdict.state).toBe(state);
    expect(verdict.summary).toMatch(summary);
  });

  it("keeps only the last lines of a long traceback", () => {
    const message = Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n");
    const verdict = interpretStatus(agent({ currentRevision: { deploymentID: D1, phase: "Failed", health: { reason: "Error", message } } }), D1);
    expect(verdict.state).toBe("failed");
    expect(verdict.summary).toContain("line 39");
    expect(verdict.summary).not.toContain("line 10\n");
  });
});
