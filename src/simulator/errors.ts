// The error type thrown by validation and the store, turned into an
// `{error, code}` body by the server.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): { error: string; code: string } {
    return { error: this.message, code: this.code };
  }
}

export const badRequest = (message: string) => new ApiError(400, "GENERIC_BAD_REQUEST", message);
export const notFound = (message: string) => new ApiError(404, "NOT_FOUND", message);
export const conflict = (message: string) => new ApiError(409, "CONFLICT", message);
