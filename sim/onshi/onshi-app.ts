import { Hono } from "hono";
import type { Context } from "hono";
import type { z } from "zod";
import type { Facility } from "./facility-directory.ts";
import type { OnshiService } from "./onshi-service.ts";
import { authenticateFacility, challengeRoute, errorAnswer, failure, internalErrorsToStderr, MAX_BODY_BYTES, parseBody, qualificationRoute, RouteAnswer } from "./onshi-routes.ts";
import { consentRequestSchema, insuranceQuerySchema, linkRequestSchema, readerRequestSchema, revocationRequestSchema } from "./request-schemas.ts";

type Env = { Variables: { facility: Facility } };

/** Options of {@link createOnshiApp}. */
export interface OnshiAppOptions {
  /**
   * Told about every internal error (HTTP 500) as one line: `onshi: 500 <method> <path>: <stack>`. Never the headers
   * or the body (no credentials, no personal data). Default: written to stderr.
   */
  onInternalError?: (line: string) => void;
}

/** Sends a route's answer (`onshi-routes.ts`) as JSON. */
function send(c: Context, answer: RouteAnswer): Response {
  if (answer.headers !== undefined) for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  return c.json(answer.body as object, answer.status);
}

/** A JSON error body: `error` is a stable code, `field` names the bad field of a 400. */
function fail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 500 | 503, error: string, message: string, field?: string): Response {
  return send(c, failure(status, error, message, field));
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
  const body = parseBody(schema, await readLimitedText(c));
  return body instanceof RouteAnswer ? send(c, body) : body;
}

/**
 * The service's HTTP API as one web-standard fetch handler (a hono app): served by a real HTTP server
 * (`startOnshiServer`) and, in unit tests, by one msw catch-all handler. Every route but `/health` and the public
 * facility list needs facility credentials (HTTP Basic: code and secret) or, under `/admin`, the admin token (Bearer).
 * Bodies are JSON, bytes are base64. Malformed input gets 400 with `{ error, field, message }`; unknown routes 404;
 * once the journal failed, every route 503 (`/health` too). Internal errors (500) are logged through `onInternalError`.
 */
export function createOnshiApp(service: OnshiService, options: OnshiAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const logInternal = options.onInternalError ?? internalErrorsToStderr;

  app.onError((error, c) => send(c, errorAnswer(error, c.req.method, new URL(c.req.url).pathname, logInternal)));
  app.notFound((c) => fail(c, 404, "not-found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`));

  app.get("/health", (c) => (service.available ? c.json({ status: "ok" }) : fail(c, 503, "unavailable", "the journal failed; restart the service")));
  app.get("/facilities/phone-confirmed", (c) => c.json({ facilities: service.phoneConfirmedFacilities() }));

  const facilityRoutes = ["/challenges", "/qualifications", "/qualifications/*", "/insurance-queries", "/usage", "/readers", "/facilities/:code/opt-out"];
  for (const route of facilityRoutes) {
    app.use(route, async (c, next) => {
      const facility = authenticateFacility(service, c.req.header("authorization"));
      if (facility instanceof RouteAnswer) return send(c, facility);
      c.set("facility", facility);
      await next();
    });
  }
  app.use("/admin/*", async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (token === undefined || !service.isAdminToken(token)) return fail(c, 401, "unauthorized", "the admin routes need Authorization: Bearer <admin token>");
    await next();
  });

  // The hot routes: node:http serves them directly too (`onshi-listener.ts`), through the same route functions.
  app.post("/challenges", (c) => send(c, challengeRoute(service, c.get("facility"))));
  app.post("/qualifications", async (c) => send(c, await qualificationRoute(service, c.get("facility"), await readLimitedText(c))));

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
