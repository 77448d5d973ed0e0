// Base of every error this package throws. `code` is stable: match on it, not on
// messages. The brand makes `isPipecatError` work across duplicated copies of the
// package (a program and its provider host may load different ones).
const brand = Symbol.for("pulumi-pipecat-cloud.error");

/**
 * Base class of every error this package throws. Match on `code`, which is stable
 * across releases, not on `message`; `isPipecatError(e)` also recognises one
 * thrown by another copy of the package, where `instanceof` would not.
 */
export abstract class PipecatError extends Error {
  /** The kind of error, a stable `PIPECAT_ERR_…` string each subclass documents; never undefined. */
  abstract readonly code: string;
  /** Always true: marks the error as this package's, for `isPipecatError` across copies of the package. */
  readonly [brand] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any error this package threw (any copy of it), so `code` can be read. */
export function isPipecatError(value: unknown): value is PipecatError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
