import type { z } from "zod";
import type { Facility } from "./facility-directory.ts";
import type { OnshiService } from "./onshi-service.ts";
import { ServiceUnavailableError } from "./onshi-service.ts";
import { firstIssue, qualifyRequestSchema } from "./request-schemas.ts";

/**
 * What the HTTP routes answer, without an HTTP framework: the hono app (`onshi-app.ts`, served by node:http and by msw)
 * and the node:http listener's direct path for the hot routes (`onshi-listener.ts`) both answer through these
 * functions, so a route's checks and answers exist once.
 */

/** An answer: HTTP status, the JSON body (serialised by whoever sends it) and extra headers. */
export class RouteAnswer {
  constructor(
    readonly status: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503,
    readonly body: unknown,
    readonly headers?: Readonly<Record<string, string>>,
  ) {}
}

/** Largest request body accepted (a certificate is ~1.2 KB; base64 and JSON add a third). */
export const MAX_BODY_BYTES = 64 * 1024;

const AUTH_HELP = "send Authorization: Basic base64(<medical institution code>:<secret>)";

/** A JSON error answer: `error` is a stable code, `field` names the bad field of a 400. */
export function failure(status: RouteAnswer["status"], error: string, message: string, field?: string, headers?: Readonly<Record<string, string>>): RouteAnswer {
  return new RouteAnswer(status, { error, message, ...(field !== undefined ? { field } : {}) }, headers);
}

/** `code:secret` from an `Authorization: Basic …` header. */
function basicCredentials(header: string | undefined): { code: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { code: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const CHALLENGE_WWW_AUTHENTICATE = Object.freeze({ "WWW-Authenticate": 'Basic realm="onshi"' });

/** The facility an `Authorization` header authenticates, or the 401 answer (with `WWW-Authenticate`). */
export function authenticateFacility(service: OnshiService, authorization: string | undefined): Facility | RouteAnswer {
  const credentials = basicCredentials(authorization);
  const facility = credentials === undefined ? undefined : service.facilities.authenticate(credentials.code, credentials.secret);
  if (facility !== undefined) return facility;
  return credentials === undefined
    ? failure(401, "unauthorized", `missing facility credentials: ${AUTH_HELP}`, undefined, CHALLENGE_WWW_AUTHENTICATE)
    : failure(401, "unauthorized", "unknown medical institution code or wrong secret", undefined, CHALLENGE_WWW_AUTHENTICATE);
}

/**
 * A body parsed as JSON and validated, or the answer refusing it: 413 when it was too large to be read (`text`
 * undefined), 400 naming the field when it is not JSON or not valid.
 */
export function parseBody<S extends z.ZodType>(schema: S, text: string | undefined): z.output<S> | RouteAnswer {
  if (text === undefined) return failure(413, "too-large", `body: larger than ${MAX_BODY_BYTES} bytes`, "body");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failure(400, "bad-request", "body: is not valid JSON", "body");
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  return failure(400, "bad-request", message, field);
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** A fresh challenge as the routes hand it out. */
function challengeBody(service: OnshiService, facility: Facility): { challengeId: string; challenge: string; expiresAt: string } {
  const issued = service.issueChallenge(facility);
  return { challengeId: issued.challengeId, challenge: b64(issued.challenge), expiresAt: issued.expiresAt.toISOString() };
}

/** `POST /challenges`: 201 with a fresh challenge. */
export function challengeRoute(service: OnshiService, facility: Facility): RouteAnswer {
  return new RouteAnswer(201, challengeBody(service, facility));
}

/**
 * `POST /qualifications` with the request's body text (undefined: too large): 200 answered, 422 refused, with the
 * facility's next challenge when asked for (`nextChallenge: true`, saving the terminal a round trip on its next read).
 */
export async function qualificationRoute(service: OnshiService, facility: Facility, text: string | undefined): Promise<RouteAnswer> {
  const body = parseBody(qualifyRequestSchema, text);
  if (body instanceof RouteAnswer) return body;
  const outcome = await service.qualify(facility, {
    deviceKind: body.deviceKind,
    method: body.method,
    certificate: body.certificate.der,
    parsedCertificate: body.certificate.parsed,
    challengeId: body.challengeId,
    challenge: body.challenge,
    ...(body.deviceSignature !== undefined ? { deviceSignature: body.deviceSignature } : {}),
    ...(body.readerAttestation !== undefined ? { readerAttestation: body.readerAttestation } : {}),
    ...(body.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: body.arbitraryFileIdentifier } : {}),
    ...(body.limitApplicationCertificateRelatedConsFlg !== undefined ? { limitApplicationCertificateRelatedConsFlg: body.limitApplicationCertificateRelatedConsFlg } : {}),
    ...(body.consent !== undefined ? { consent: body.consent } : {}),
  });
  const status = outcome.status === "answered" ? 200 : 422;
  if (body.nextChallenge === true) return new RouteAnswer(status, { ...outcome.result, nextChallenge: challengeBody(service, facility) });
  return new RouteAnswer(status, outcome.result);
}

/** Where internal errors are told by default: one line on stderr. */
export const internalErrorsToStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * The answer to an error a route threw: 503 once the journal failed; otherwise 500, told to `logInternal` as one line
 * (`onshi: 500 <method> <path>: <stack>`, never headers or bodies).
 */
export function errorAnswer(error: unknown, method: string, path: string, logInternal: (line: string) => void): RouteAnswer {
  if (error instanceof ServiceUnavailableError) return failure(503, "unavailable", error.message);
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  logInternal(`onshi: 500 ${method} ${path}: ${detail}`);
  return failure(500, "internal", "internal error");
}
