/**
 * Why a call to the online qualification service failed, as the terminal acts on it:
 * - `unreachable`: no answer (network, time-out), or the service could not serve it (5xx, 408, 429). The patient goes
 *   to the fallbacks (docs/domain/fallbacks.md); a REQ-folder request is tried again, a bounded number of times.
 * - `refused`: the service answered with a 4xx: it will not answer this request as sent (bad field, credentials, a
 *   conflict). Asking again changes nothing; the result file names the service's error code and message.
 */
export type ServiceFailure =
  | { kind: "unreachable"; reason: string }
  | { kind: "refused"; status: number; code: string; message: string; field?: string; reason: string };

/** The shape of an HTTP error of a service client (the onshi client's `OnshiHttpError` has it). */
interface HttpErrorShape {
  status?: unknown;
  body?: { error?: unknown; message?: unknown; field?: unknown };
  message?: unknown;
}

/** 4xx statuses that say "not now" rather than "not this request": treated as unreachable. */
const TRANSIENT_4XX = new Set([408, 429]);

/**
 * Classifies what a {@link QualificationService} call threw. The contract does not fix error types, so an HTTP error
 * is recognised by its shape: a numeric `status` and, optionally, `body: { error, message, field? }` (the service's JSON
 * error body). Anything without a status (a socket error, a time-out) is `unreachable`.
 */
export function classifyServiceFailure(error: unknown): ServiceFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as HttpErrorShape;
  const fallbackMessage = typeof e.message === "string" ? e.message : String(error);
  if (typeof e.status !== "number" || !Number.isInteger(e.status)) return { kind: "unreachable", reason: fallbackMessage };
  const status = e.status;
  const code = typeof e.body?.error === "string" ? e.body.error : `http-${status}`;
  const message = typeof e.body?.message === "string" ? e.body.message : fallbackMessage;
  const reason = `HTTP ${status} ${code}: ${message}`;
  if (status < 400 || status >= 500 || TRANSIENT_4XX.has(status)) return { kind: "unreachable", reason };
  return { kind: "refused", status, code, message, reason, ...(typeof e.body?.field === "string" ? { field: e.body.field } : {}) };
}
