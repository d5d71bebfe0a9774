/** The service answered with an error status (400, 401, 403, 404, 409, 413, 503…); `body` is its JSON error body. */
export class OnshiHttpError extends Error {
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** `{ error, message, field? }` as the service sent it (or `{ error: "http", message }` for a non-JSON body). */
    readonly body: { error: string; message: string; field?: string },
  ) {
    super(`onshi ${status} ${body.error}: ${body.message}`);
    this.name = "OnshiHttpError";
  }
}
