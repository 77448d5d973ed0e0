import { PipecatError } from "./PipecatError";

/** One field the API accepted in a write but did not apply. */
export interface IgnoredField {
  /** The input's name, dotted when nested: `autoScaling.maxAgents`. */
  field: string;
  /** What the write sent; undefined when it sent nothing. */
  sent: unknown;
  /** What reading the agent back showed; undefined when it had nothing. */
  live: unknown;
}

/**
 * The API answered a create or update with success, but reading the agent back
 * shows fields it did not apply. Reporting success would leave drift that every
 * later `pulumi up` re-sends and the API keeps ignoring.
 */
export class WriteNotAppliedError extends PipecatError {
  /** `PIPECAT_ERR_WRITE_NOT_APPLIED`: the write was accepted but some fields were not applied. */
  readonly code = "PIPECAT_ERR_WRITE_NOT_APPLIED";

  constructor(
    /** The agent's name in Pipecat Cloud. */
    readonly agentName: string,
    /** The fields the API did not apply, one entry each; never empty. */
    readonly fields: IgnoredField[],
  ) {
    const list = fields.map((f) => `${f.field} (sent ${show(f.sent)}, live ${show(f.live)})`).join("; ");
    super(
      `Pipecat Cloud accepted the change to agent "${agentName}" but did not apply: ${list}. ` +
        "The stack records the live values, so the next preview shows the difference again. " +
        "Change the field in the Pipecat Cloud dashboard or with `pcc deploy` (or set the input to the live value), then run `pulumi refresh` and `pulumi up`",
    );
  }
}

/** A sent or live value in a message: JSON, or "nothing" when there is none. */
export function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
