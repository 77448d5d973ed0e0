// Base of every error this package throws. `code` is stable: match on it, not on
// messages. The brand makes `isPipecatError` work across duplicated copies of the
// package (a program and its provider host may load different ones).
const brand = Symbol.for("pulumi-pipecat-cloud.error");

export abstract class PipecatError extends Error {
  abstract readonly code: string;
  readonly [brand] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isPipecatError(value: unknown): value is PipecatError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
