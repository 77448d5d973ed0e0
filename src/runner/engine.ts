// The part of a Pulumi engine this runner imitates: for each resource the
// program registers, check, then diff against state, then create, update or
// replace (or, in preview, only say which); afterwards delete what the program
// no longer declares. It talks to the real dynamic-provider host over gRPC.
import { HostCallError, type ProviderHost, type Props } from "./host";
import type { ResourceState, StackState } from "./state";

export type Operation = "create" | "update" | "replace" | "same" | "delete" | "refresh";

export interface PropertyChange {
  property: string;
  before: unknown;
  /** UNKNOWN_DISPLAY during preview when the value depends on other resources. */
  after: unknown;
}

export interface StepEvent {
  op: Operation;
  urn: string;
  type: string;
  name: string;
  changes: PropertyChange[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Refresh: the resource was gone and was dropped from state. */
  gone?: boolean;
  error?: string;
}

export const UNKNOWN_DISPLAY = "(known after up)";
export const SECRET_DISPLAY = "[secret]";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PROVIDER_KEY = "__provider";

export class StepError extends Error {}

export class Engine {
  readonly events: StepEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly host: ProviderHost,
    private readonly state: StackState,
    private readonly dryRun: boolean,
    private readonly onEvent: (event: StepEvent) => void = () => {},
    /** Called after every change to state, so a failure half-way loses nothing. */
    private readonly persist: () => void = () => {},
  ) {}

  /** One resource registration: returns its id and outputs, as the engine answers the program. */
  async register(urn: string, type: string, name: string, news: Props, secretKeys: string[] = []): Promise<{ id?: string; outputs: Props }> {
    this.seen.add(urn);
    const old = this.find(urn);
    const secret = [...new Set([...(old?.secretKeys ?? []), ...secretKeys])];
    const changesOf = (before: Props, after: Props) => changesBetween(before, after, secret);
    const checked = await this.host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length > 0) {
      const lines = checked.failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n");
      return this.fail({ op: old ? "update" : "create", urn, type, name, changes: [], replaces: [], deleteBeforeReplace: false }, `invalid inputs:\n${lines}`);
    }
    const inputs = checked.inputs;

    if (!old) {
      const event = this.event("create", urn, type, name, changesOf({}, inputs));
      if (this.dryRun) return this.emit(event, { outputs: inputs });
      const created = await this.create(event, urn, type, name, inputs, secret);
      return { id: created.id, outputs: created.outputs };
    }

    const diff = await this.host.diff(urn, old.id, old.outputs, inputs);
    const changes = changesOf(old.inputs, inputs);
    if (diff.changes === "none" && !old.initErrors) {
      if (!this.dryRun) {
        Object.assign(old, { inputs, secretKeys: secret });
        this.persist();
      }
      return this.emit(this.event("same", urn, type, name, []), { id: old.id, outputs: old.outputs });
    }

    if (diff.replaces.length > 0) {
      const event = { ...this.event("replace", urn, type, name, changes), replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
      if (this.dryRun) return this.emit(event, { outputs: inputs });
      if (diff.deleteBeforeReplace) await this.deleteResource(old);
      const created = await this.create(event, urn, type, name, inputs, secret, old);
      if (!diff.deleteBeforeReplace) await this.deleteResource(old);
      return { id: created.id, outputs: created.outputs };
    }

    const event = this.event("update", urn, type, name, changes);
    if (this.dryRun) return this.emit(event, { id: old.id, outputs: inputs });
    try {
      const updated = await this.host.update(urn, old.id, old.outputs, inputs);
      Object.assign(old, { inputs, outputs: updated.properties, initErrors: undefined, secretKeys: secret });
      this.persist();
      return this.emit(event, { id: old.id, outputs: updated.properties });
    } catch (error) {
      const init = error instanceof HostCallError ? error.initFailure : undefined;
      // Partial failure: the engine records what the provider says is live now.
      if (init) Object.assign(old, { inputs, outputs: init.properties, initErrors: init.reasons, secretKeys: secret });
      this.persist();
      return this.fail(event, messageOf(error));
    }
  }

  /** Deletes, newest first, what the program no longer declares and replaced resources still pending deletion. */
  async deleteUnregistered(): Promise<void> {
    const doomed = this.state.resources.filter((r) => !this.seen.has(r.urn) || r !== this.find(r.urn)).reverse();
    for (const resource of doomed) {
      const event = this.event("delete", resource.urn, resource.type, resource.name, []);
      if (!this.dryRun) await this.deleteResource(resource);
      this.emit(event, undefined);
    }
  }

  /** `pulumi refresh`: read every resource; drop what is gone; record drift. */
  async refresh(): Promise<void> {
    for (const resource of [...this.state.resources]) {
      const read = await this.host.read(resource.urn, resource.id, resource.outputs, resource.inputs);
      if (!read.id) {
        this.state.resources = this.state.resources.filter((r) => r !== resource);
        this.persist();
        this.emit({ ...this.event("refresh", resource.urn, resource.type, resource.name, []), gone: true }, undefined);
        continue;
      }
      const changes = changesBetween(resource.inputs, read.inputs ?? resource.inputs, resource.secretKeys ?? []);
      Object.assign(resource, { id: read.id, outputs: read.properties, inputs: read.inputs ?? resource.inputs });
      this.persist();
      this.emit(this.event("refresh", resource.urn, resource.type, resource.name, changes), undefined);
    }
  }

  /** `pulumi destroy`: delete everything, newest first. */
  async destroy(): Promise<void> {
    for (const resource of [...this.state.resources].reverse()) {
      const event = this.event("delete", resource.urn, resource.type, resource.name, []);
      if (!this.dryRun) await this.deleteResource(resource);
      this.emit(event, undefined);
    }
  }

  private async create(
    event: StepEvent, urn: string, type: string, name: string, inputs: Props, secretKeys: string[], replacing?: ResourceState,
  ): Promise<{ id: string; outputs: Props }> {
    const secret = secretKeys.length > 0 ? { secretKeys } : {};
    try {
      const created = await this.host.create(urn, inputs);
      this.store({ urn, type, name, id: created.id, inputs, outputs: created.properties, ...secret }, replacing);
      return this.emit(event, { id: created.id, outputs: created.properties }) as { id: string; outputs: Props };
    } catch (error) {
      const init = error instanceof HostCallError ? error.initFailure : undefined;
      // Created but not healthy: keep it in state, or it would be orphaned.
      if (init) this.store({ urn, type, name, id: init.id, inputs, outputs: init.properties, initErrors: init.reasons, ...secret }, replacing);
      return this.fail(event, messageOf(error));
    }
  }

  private async deleteResource(resource: ResourceState): Promise<void> {
    await this.host.delete(resource.urn, resource.id, resource.outputs);
    this.state.resources = this.state.resources.filter((r) => r !== resource);
    this.persist();
  }

  private store(resource: ResourceState, replacing?: ResourceState): void {
    const at = replacing ? this.state.resources.indexOf(replacing) : -1;
    // Create-before-delete: the old one stays in state, before the new one, until it is deleted.
    if (at >= 0) this.state.resources.splice(at + 1, 0, resource);
    else this.state.resources.push(resource);
    this.persist();
  }

  /** The newest entry: an older one with the same URN is a replaced resource whose delete is still pending. */
  private find(urn: string): ResourceState | undefined {
    return this.state.resources.findLast((r) => r.urn === urn);
  }

  private event(op: Operation, urn: string, type: string, name: string, changes: PropertyChange[]): StepEvent {
    return { op, urn, type, name, changes, replaces: [], deleteBeforeReplace: false };
  }

  private emit<T>(event: StepEvent, result: T): T {
    this.events.push(event);
    this.onEvent(event);
    return result;
  }

  private fail(event: StepEvent, message: string): never {
    this.emit({ ...event, error: message }, undefined);
    throw new StepError(`${event.op} of ${event.type} "${event.name}" failed: ${message}`);
  }
}

/** What the engine shows in a plan: inputs that differ, `__provider` aside; secret ones as SECRET_DISPLAY. */
export function changesBetween(before: Props, after: Props, secretKeys: readonly string[] = []): PropertyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== PROVIDER_KEY).sort();
  const changes: PropertyChange[] = [];
  for (const key of keys) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    const unknown = JSON.stringify(after[key] ?? null).includes(UNKNOWN);
    const shown = (value: unknown) => (value === undefined || !secretKeys.includes(key) ? value : SECRET_DISPLAY);
    changes.push({ property: key, before: shown(before[key]), after: unknown ? UNKNOWN_DISPLAY : shown(after[key]) });
  }
  return changes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
