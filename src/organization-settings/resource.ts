// The PipecatOrganizationSettings resource as a Pulumi program sees it.
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../core/serialized";

/** The inputs of {@link PipecatOrganizationSettings}: the settings it manages. */
export interface PipecatOrganizationSettingsArgs {
  /** The region where agents, secret sets and builds without a `region` go (`PATCH /properties`). Must be one the organization has (see `getRegions`). */
  defaultRegion: pulumi.Input<string>;
}

// One per Pulumi run: keyed by the run's resource monitor, so unit tests that load a program
// again under new mocks (each setMocks makes a new monitor) are not refused.
const declaredIn = new WeakMap<object, string>();
const NO_MONITOR = {};

/**
 * The organization's settings in Pipecat Cloud: today its default region. There is one per
 * organization, so a program may declare one. `pulumi destroy` leaves the setting as it is
 * (an organization always has a default region); it only stops managing it.
 */
export class PipecatOrganizationSettings extends pulumi.dynamic.Resource {
  /** The default region, as the API reports it. */
  declare readonly defaultRegion: pulumi.Output<string>;
  /** The default region before this resource first set it; destroy does not put it back. */
  declare readonly previousDefaultRegion: pulumi.Output<string | null>;

  constructor(name: string, args: PipecatOrganizationSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const run = pulumi.runtime.getMonitor() ?? NO_MONITOR;
    const first = declaredIn.get(run);
    if (first !== undefined) {
      throw new Error(
        `PipecatOrganizationSettings "${name}": a program may declare one per organization, and "${first}" already does. ` +
          "Keep one resource and set every organization setting on it",
      );
    }
    declaredIn.set(run, name);
    super(serializedProvider("organizationSettings"), name, { previousDefaultRegion: undefined, ...args }, opts, "pipecat", "PipecatOrganizationSettings");
  }
}
