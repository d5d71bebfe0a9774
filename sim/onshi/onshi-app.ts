import { Hono } from "hono";
import type { Context } from "hono";
import type { z } from "zod";
import type { Facility } from "./facility-directory.ts";
import { ServiceUnavailableError } from "./onshi-service.ts";
import type { OnshiService } from "./onshi-service.ts";
import {
  consentRequestSchema,
  firstIssue,
  insuranceQuerySchema,
  linkRequestSchema,
  qualifyRequestSchema,
  readerRequestSchema,
  revocationRequestSchema,
} from "./request-schemas.ts";

type Env = { Variables: { facility: Facility } };

/** Options of {@link createOnshiApp}. */
export interface OnshiAppOptions {
  /**
   * Told about every internal error (HTTP 500) as one line: `onshi: 500 <method> <path>: <stack>`. Never the headers
   * or the body (no credentials, no personal data). Default: written to stderr.
   */
  onInternalError?: (line: string) => void;
}

const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/** Largest request body accepted (a certificate is ~1.2 KB; base64 and JSON add a third). */
const MAX_BODY_BYTES = 64 * 1024;

const AUTH_HELP = "send Authorization: Basic base64(<medical institution code>:<secret>)";

/** A JSON error body: `error` is a stable code, `field` names the bad field of a 400. */
function fail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 500 | 503, error: string, message: string, field?: string): Response {
  return c.json({ error, message, ...(field !== undefined ? { field } : {}) }, status);
}

/**
 * The body as text, or undefined when it is larger than {@link MAX_BODY_BYTES}. A body with a Content-Length within
 * the limit is read in one go (the node server's fast path, no web stream); one without (chunked) is streamed and
 * abandoned at the limit.
 */
async function readLimitedText(c: Context): Promise<string | undefined> {
  const length = c.req.header("content-length");
  if (length !== undefined) {
    if (Number(length) > MAX_BODY_BYTES) {
      await c.req.raw.body?.cancel().catch(() => undefined);
      return undefined;
    }
    return c.req.text();
  }
  const stream = c.req.raw.body;
  if (stream === null) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses the body as JSON and validates it; a Response (400, or 413 when too large) when either fails. */
async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | Response> {
  const text = await readLimitedText(c);
  if (text === undefined) return fail(c, 413, "too-large", `body: larger than ${MAX_BODY_BYTES} bytes`, "body");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(c, 400, "bad-request", "body: is not valid JSON", "body");
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  return fail(c, 400, "bad-request", message, field);
}

/** `code:secret` from an `Authorization: Basic …` header. */
function basicCredentials(header: string | undefined): { code: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { code: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/**
 * The service's HTTP API as one web-standard fetch handler (a hono app): served by a real HTTP server
 * (`startOnshiServer`) and, in unit tests, by one msw catch-all handler. Every route but `/health` and the public
 * facility list needs facility credentials (HTTP Basic: code and secret) or, under `/admin`, the admin token (Bearer).
 * Bodies are JSON, bytes are base64. Malformed input gets 400 with `{ error, field, message }`; unknown routes 404;
 * once the journal failed, every route 503 (`/health` too). Internal errors (500) are logged through `onInternalError`.
 */
export function createOnshiApp(service: OnshiService, options: OnshiAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const logInternal = options.onInternalError ?? toStderr;

  app.onError((error, c) => {
    if (error instanceof ServiceUnavailableError) return fail(c, 503, "unavailable", error.message);
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    logInternal(`onshi: 500 ${c.req.method} ${new URL(c.req.url).pathname}: ${detail}`);
    return fail(c, 500, "internal", "internal error");
  });
  app.notFound((c) => fail(c, 404, "not-found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.get("/health", (c) => (service.available ? c.json({ status: "ok" }) : fail(c, 503, "unavailable", "the journal failed; restart the service")));
  app.get("/facilities/phone-confirmed", (c) => c.json({ facilities: service.phoneConfirmedFacilities() }));

  const facilityRoutes = ["/challenges", "/qualifications", "/qualifications/*", "/insurance-queries", "/usage", "/readers", "/facilities/:code/opt-out"];
  for (const route of facilityRoutes) {
    app.use(route, async (c, next) => {
      const credentials = basicCredentials(c.req.header("authorization"));
      const facility = credentials === undefined ? undefined : service.facilities.authenticate(credentials.code, credentials.secret);
      if (facility === undefined) {
        c.header("WWW-Authenticate", 'Basic realm="onshi"');
        return credentials === undefined
          ? fail(c, 401, "unauthorized", `missing facility credentials: ${AUTH_HELP}`)
          : fail(c, 401, "unauthorized", "unknown medical institution code or wrong secret");
      }
      c.set("facility", facility);
      await next();
    });
  }
  app.use("/admin/*", async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (token === undefined || !service.isAdminToken(token)) return fail(c, 401, "unauthorized", "the admin routes need Authorization: Bearer <admin token>");
    await next();
  });

  app.post("/challenges", (c) => {
    const issued = service.issueChallenge(c.get("facility"));
    return c.json({ challengeId: issued.challengeId, challenge: b64(issued.challenge), expiresAt: issued.expiresAt.toISOString() }, 201);
  });

  app.post("/qualifications", async (c) => {
    const body = await readBody(c, qualifyRequestSchema);
    if (body instanceof Response) return body;
    const outcome = await service.qualify(c.get("facility"), {
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
    // The terminal may ask for its next challenge with the answer, saving a round trip on its next read.
    if (body.nextChallenge === true) {
      const next = service.issueChallenge(c.get("facility"));
      return c.json({ ...outcome.result, nextChallenge: { challengeId: next.challengeId, challenge: b64(next.challenge), expiresAt: next.expiresAt.toISOString() } }, outcome.status === "answered" ? 200 : 422);
    }
    return c.json(outcome.result, outcome.status === "answered" ? 200 : 422);
  });

  app.get("/qualifications/:id", (c) => {
    const result = service.getQualification(c.get("facility"), c.req.param("id"));
    return result === undefined ? fail(c, 404, "not-found", "no such qualification for this facility") : c.json(result);
  });

  app.post("/qualifications/:id/consent", async (c) => {
    const body = await readBody(c, consentRequestSchema);
    if (body instanceof Response) return body;
    const outcome = await service.recordConsent(c.get("facility"), c.req.param("id"), body);
    if (outcome.ok) return c.json(outcome.result);
    return outcome.code === "not-found"
      ? fail(c, 404, "not-found", "no such qualification for this facility")
      : fail(c, 409, "consent-already-recorded", "consent was already recorded for this qualification");
  });

  app.post("/insurance-queries", async (c) => {
    const body = await readBody(c, insuranceQuerySchema);
    if (body instanceof Response) return body;
    const facility = c.get("facility");
    if (body.medicalInstitutionCode !== undefined && body.medicalInstitutionCode !== facility.medicalInstitutionCode) {
      return fail(c, 403, "forbidden", "medicalInstitutionCode: is not the code of the credentials", "medicalInstitutionCode");
    }
    return c.json(await service.queryInsurance(facility, body));
  });

  app.get("/usage", (c) => c.json({ medicalInstitutionCode: c.get("facility").medicalInstitutionCode, ...service.usage(c.get("facility")) }));

  app.post("/readers", async (c) => {
    const body = await readBody(c, readerRequestSchema);
    if (body instanceof Response) return body;
    const outcome = await service.registerReader(c.get("facility"), body.readerId, body.publicKey.der);
    if (outcome === "conflict") return fail(c, 409, "reader-conflict", `reader ${body.readerId} is registered with another key`, "publicKey");
    return c.json({ readerId: body.readerId, registered: outcome }, outcome === "created" ? 201 : 200);
  });

  app.post("/facilities/:code/opt-out", async (c) => {
    const facility = c.get("facility");
    if (c.req.param("code") !== facility.medicalInstitutionCode) return fail(c, 403, "forbidden", "a facility can opt out only itself");
    await service.optOut(facility);
    return c.json({ medicalInstitutionCode: facility.medicalInstitutionCode, optedOut: true });
  });

  app.post("/admin/links", async (c) => {
    const body = await readBody(c, linkRequestSchema);
    if (body instanceof Response) return body;
    await service.registerLink(body.serialNumber, body.personaId, body.deviceKind);
    return c.json({ serialNumber: body.serialNumber.toLowerCase(), personaId: body.personaId, deviceKind: body.deviceKind }, 201);
  });

  app.post("/admin/revocations", async (c) => {
    const body = await readBody(c, revocationRequestSchema);
    if (body instanceof Response) return body;
    await service.revoke(body.serialNumber, body.date !== undefined ? new Date(body.date) : undefined);
    return c.json({ serialNumber: body.serialNumber.toLowerCase(), revoked: true }, 201);
  });

  app.get("/admin/usage", (c) => c.json(service.allUsage()));

  return app;
}
