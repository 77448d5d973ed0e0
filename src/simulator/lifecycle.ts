// The deployment lifecycle as a pure function of time. Nothing is scheduled:
// every read computes the phases from the deployments' creation times and the
// clock, so an injected clock makes the whole simulator deterministic.
//
// Per deployment, relative to its creation time:
//   [0, reconcileMs)              not yet seen by the operator
//   [reconcileMs, validatingMs)   Creating (no health yet)
//   [validatingMs, readyMs)       Validating (replicas started, not ready)
//   [readyMs, ∞)                  Active
// Image tag conventions (see `outcomeOf`) end in Failed at failMs instead.

import type {
  AgentConfig,
  DeploymentError,
  RevisionHealth,
  RevisionInfo,
  RevisionPhase,
  SimulatorTimings,
} from "./types";

/**
 * How a deployment will end, decided by its image tag:
 * - a tag containing `pullfail` → the image cannot be pulled (ImagePullBackOff);
 * - a tag containing `crash`    → the container crash-loops (CrashLoopBackOff);
 * - anything else (and any build deploy) comes up healthy.
 */
export type Outcome = "ok" | "crash" | "pullfail";

export function outcomeOf(image: string | null): Outcome {
  const tag = imageTag(image);
  if (tag.includes("pullfail")) return "pullfail";
  if (tag.includes("crash")) return "crash";
  return "ok";
}

/** The tag of `repo/name:tag`; a registry port (`host:5000/name`) is not a tag. */
function imageTag(image: string | null): string {
  if (!image) return "";
  const name = image.split("@")[0];
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : "";
}

export interface DeploymentRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** The configuration it was deployed with (scaling is kept current in place). */
  config: AgentConfig;
  outcome: Outcome;
}

export interface LifecycleView {
  reconciledDeploymentId: string | null;
  currentRevision: RevisionInfo | null;
  previousRevision: RevisionInfo | null;
  ready: boolean;
  available: boolean;
  /** Non-empty only when the desired deployment has failed. */
  errors: DeploymentError[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What a crash-looping revision reports as its last output. */
export const CRASH_TRACEBACK_LINES = [
  "Traceback (most recent call last):",
  '  File "/app/server.py", line 3, in <module>',
  "    import bot",
  "ModuleNotFoundError: No module named 'bot'",
];
const CRASH_TRACEBACK = CRASH_TRACEBACK_LINES.join("\n");

interface Step {
  phase: RevisionPhase;
  at: number;
}

/** The absolute times at which a deployment enters each phase. */
function timeline(d: DeploymentRecord, t: SimulatorTimings): Step[] {
  const reconciled = d.createdAt + t.reconcileMs;
  const validating = Math.max(reconciled, d.createdAt + t.validatingMs);
  if (d.outcome === "ok") {
    const active = Math.max(validating, d.createdAt + t.readyMs);
    return [
      { phase: "Creating", at: reconciled },
      { phase: "Validating", at: validating },
      { phase: "Active", at: active },
    ];
  }
  const failed = Math.max(reconciled, d.createdAt + t.failMs);
  const steps: Step[] = [{ phase: "Creating", at: reconciled }];
  // An image that cannot be pulled never starts, so it skips Validating.
  if (d.outcome === "crash" && validating < failed) steps.push({ phase: "Validating", at: validating });
  steps.push({ phase: "Failed", at: failed });
  return steps;
}

function stepAt(d: DeploymentRecord, now: number, t: SimulatorTimings): Step | undefined {
  return timeline(d, t)
    .filter((s) => s.at <= now)
    .at(-1);
}

function activeAt(d: DeploymentRecord, t: SimulatorTimings): number | undefined {
  return timeline(d, t).find((s) => s.phase === "Active")?.at;
}

function healthFor(d: DeploymentRecord, phase: RevisionPhase, replicas: number): RevisionHealth | undefined {
  const replicasStarted = Math.max(1, replicas);
  switch (phase) {
    case "Creating":
      return undefined;
    case "Validating":
      return { ready: false, state: "running", restartCount: 0, replicasStarted };
    case "Active":
    case "Draining":
      return { ready: true, state: "running", restartCount: 0, replicasStarted };
    case "Failed":
      return d.outcome === "pullfail"
        ? {
            ready: false,
            state: "waiting",
            restartCount: 0,
            replicasStarted: 0,
            reason: "ImagePullBackOff",
            message: `Back-off pulling image "${d.config.image}"`,
          }
        : {
            ready: false,
            state: "waiting",
            reason: "CrashLoopBackOff",
            restartCount: 3,
            replicasStarted,
            lastExitCode: 1,
            lastTerminationReason: "Error",
            message: CRASH_TRACEBACK,
          };
  }
}

function revision(d: DeploymentRecord, phase: RevisionPhase, since: number, replicas: number): RevisionInfo {
  const serving = phase === "Active" || phase === "Draining";
  const info: RevisionInfo = {
    deploymentID: d.id,
    phase,
    readyReplicas: serving ? replicas : 0,
    phaseStartedAt: iso(since),
  };
  const health = healthFor(d, phase, replicas);
  if (health) info.health = health;
  return info;
}

/** The `errors[]` entry of a failed deployment, using documented PCC codes. */
function errorsFor(d: DeploymentRecord): DeploymentError[] {
  if (d.outcome === "pullfail") {
    return [
      {
        code: "PCC_IMAGE_NOT_FOUND",
        message: `Image '${d.config.image}' could not be pulled: not found. Check the image name and tag, and the image pull secret.`,
      },
    ];
  }
  return [
    {
      code: "PCC_UNKNOWN_ERROR",
      message: "Agent container is crash looping (CrashLoopBackOff, exit code 1). See currentRevision.health.message.",
    },
  ];
}

/**
 * The deployment that keeps serving while the last one rolls out: the latest
 * earlier healthy deployment that became Active before its successor was
 * picked up by the operator (a rollout superseded half-way never serves).
 */
function servingBefore(deployments: DeploymentRecord[], t: SimulatorTimings): DeploymentRecord | undefined {
  for (let k = deployments.length - 2; k >= 0; k--) {
    const active = activeAt(deployments[k], t);
    if (active !== undefined && active <= deployments[k + 1].createdAt + t.reconcileMs) return deployments[k];
  }
  return undefined;
}

const NOTHING_YET: LifecycleView = {
  reconciledDeploymentId: null,
  currentRevision: null,
  previousRevision: null,
  ready: false,
  available: false,
  errors: [],
};

/**
 * What GET reports at time `now` for an agent whose deployments are given
 * oldest first (the last one is the desired deployment). `replicas` is the
 * current minAgents: scaling changes apply in place without a deployment.
 */
export function describeLifecycle(
  deployments: DeploymentRecord[],
  now: number,
  timings: SimulatorTimings,
  replicas: number,
): LifecycleView {
  const desired = deployments.at(-1);
  if (!desired) return NOTHING_YET;

  const step = stepAt(desired, now, timings);
  if (!step) {
    // The operator has not seen the desired deployment yet: report the world
    // as it was, `ready` included. Like the real API, an update therefore looks
    // ready at once (the old deployment is): only reconciledDeploymentId, still
    // the old id, tells that the new one has not been picked up (the trap the
    // official CLI fell into). Errors of an older failed deployment are not
    // repeated, so errors[] always concerns the desired deployment.
    const before = describeLifecycle(deployments.slice(0, -1), now, timings, replicas);
    return { ...before, errors: [] };
  }

  const current = revision(desired, step.phase, step.at, replicas);
  const serving = servingBefore(deployments, timings);
  const view: LifecycleView = {
    reconciledDeploymentId: desired.id,
    currentRevision: current,
    previousRevision: null,
    ready: step.phase === "Active",
    available: step.phase === "Active" || serving !== undefined,
    errors: step.phase === "Failed" ? errorsFor(desired) : [],
  };
  if (serving) {
    if (step.phase !== "Active") {
      // Old pods keep taking sessions while the new revision validates or after it failed.
      view.previousRevision = revision(serving, "Active", activeAt(serving, timings)!, replicas);
    } else if (now < step.at + timings.drainingMs) {
      view.previousRevision = revision(serving, "Draining", step.at, replicas);
    }
  }
  return view;
}
