// Plans and results as people read them, close to the Pulumi CLI's layout.
import type { StepEvent } from "./engine";

const SYMBOL: Record<StepEvent["op"], string> = { create: "+", update: "~", replace: "+-", same: " ", delete: "-", refresh: "~" };

/** One line per resource, then one line per changed property (for create: the inputs set). */
export function formatEvent(event: StepEvent, options: { details?: boolean } = {}): string {
  const head = `  ${SYMBOL[event.op].padEnd(2)} ${event.type} ${event.name}`;
  const lines = [`${head}  ${describe(event)}`];
  if (event.error) lines.push(...event.error.split("\n").map((l) => `      error: ${l}`));
  if (options.details !== false && event.op !== "delete" && event.op !== "same") {
    for (const change of event.changes) {
      lines.push(
        event.op === "create"
          ? `      ${change.property}: ${show(change.after)}`
          : `      ~ ${change.property}: ${show(change.before)} => ${show(change.after)}`,
      );
    }
  }
  return lines.join("\n");
}

function describe(event: StepEvent): string {
  switch (event.op) {
    case "create": return "create";
    case "same": return "no change";
    case "delete": return "delete";
    case "update": return `update  [diff: ${event.changes.map((c) => `~${c.property}`).join(", ")}]`;
    case "replace":
      return `replace  [diff: ${event.changes.map((c) => `~${c.property}`).join(", ")}; replaced because ${event.replaces.join(", ")} changed${event.deleteBeforeReplace ? ", deleted before it is recreated" : ""}]`;
    case "refresh":
      if (event.gone) return "gone: deleted outside Pulumi, dropped from the stack";
      return event.changes.length > 0 ? `drift  [${event.changes.map((c) => `~${c.property}`).join(", ")}]` : "in sync";
  }
}

export function summarize(events: StepEvent[], dryRun: boolean): string {
  const count = (op: StepEvent["op"]) => events.filter((e) => e.op === op && !e.error).length;
  const parts = ([
    ["create", dryRun ? "to create" : "created"],
    ["update", dryRun ? "to update" : "updated"],
    ["replace", dryRun ? "to replace" : "replaced"],
    ["delete", dryRun ? "to delete" : "deleted"],
    ["same", "unchanged"],
  ] as const)
    .map(([op, label]) => [count(op), label] as const)
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`);
  const failed = events.filter((e) => e.error).length;
  if (failed > 0) parts.push(`${failed} failed`);
  return `${dryRun ? "Plan" : "Resources"}: ${parts.join(", ") || "no resources"}`;
}

export function formatOutputs(outputs: Record<string, unknown>): string {
  return Object.entries(outputs).map(([k, v]) => `    ${k.padEnd(14)}: ${show(v)}`).join("\n");
}

function show(value: unknown): string {
  return typeof value === "string" && (value.startsWith("(") || value === "[secret]") ? value : JSON.stringify(value ?? null);
}
