import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { mutatedDoc, namesAMutatedField } from "./json-mutations.ts";
import type { Mutation } from "./json-mutations.ts";
import { openOnshiFuzzWorld } from "./onshi-fuzz-world.ts";
import type { OnshiFuzzWorld } from "./onshi-fuzz-world.ts";

let world: OnshiFuzzWorld;
/** Route → a valid body and the statuses a request to it may get. Filled in beforeAll (needs a challenge and a result). */
let ROUTES: { path: string; valid: unknown; admin: boolean; statuses: number[] }[] = [];

beforeAll(async () => {
  world = await openOnshiFuzzWorld();
  // A qualification body whose challenge is already used: whatever a mutation leaves valid is refused (422), never counted.
  const used = await world.validQualifyBody();
  const answered = await world.postJson("/qualifications", used);
  expect(answered.status).toBe(200);
  const id = answered.body.qualificationId as string;
  const consent = { specificHealthCheckInfo: true, pharmacistsInfo: false, diagnosisInfo: true, operationInfo: false, limitApplicationCertificateRelatedConsFlg: true };
  expect((await world.postJson(`/qualifications/${id}/consent`, consent)).status).toBe(200);
  ROUTES = [
    { path: "/qualifications", valid: { ...used, nextChallenge: false, arbitraryFileIdentifier: "A1", limitApplicationCertificateRelatedConsFlg: false, consent }, admin: false, statuses: [400, 413, 422] },
    { path: "/qualifications", valid: { ...used, method: "face", deviceSignature: undefined, readerAttestation: { readerId: "fuzz-reader", signature: used.deviceSignature } }, admin: false, statuses: [400, 413, 422] },
    { path: `/qualifications/${id}/consent`, valid: consent, admin: false, statuses: [400, 409, 413] },
    { path: "/qualifications/q_none/consent", valid: consent, admin: false, statuses: [400, 404, 413] },
    {
      path: "/insurance-queries",
      valid: { insurerNumber: "33120015", insuredCardSymbol: "12", insuredIdentificationNumber: "1", insuredBranchNumber: "01", birthdate: "19800401", qualificationConfirmationDate: "20251001", medicalInstitutionCode: "1312345678", arbitraryFileIdentifier: "A1", limitApplicationCertificateRelatedConsFlg: true },
      admin: false,
      statuses: [200, 400, 403, 413],
    },
    { path: "/readers", valid: { readerId: "fuzz-reader", publicKey: world.readerKey }, admin: false, statuses: [200, 201, 400, 409, 413] },
    { path: "/admin/links", valid: { serialNumber: "0fedcba987", personaId: "P0009", deviceKind: "android" }, admin: true, statuses: [201, 400, 413] },
    { path: "/admin/revocations", valid: { serialNumber: "0fedcba987", date: "2025-10-01T09:00:00+09:00" }, admin: true, statuses: [201, 400, 413] },
    { path: "/challenges", valid: {}, admin: false, statuses: [201] },
  ];
});
afterAll(() => world.close());

/** A route by index (the table is filled in only once beforeAll ran). */
const route = fc.nat();
const at = (i: number) => ROUTES[i % ROUTES.length] as (typeof ROUTES)[number];

const contentType = fc.constantFrom<string | undefined>(undefined, "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=utf-16", "*/*");
/** Content-Length as sent: none, the true length, or a lie (too small, too big, over the limit, not a number). */
const contentLength = fc.constantFrom<"none" | "true" | string>("none", "none", "true", "true", "0", "1", "abc", "-1", "1e3", "70000", "99999999999");

/** Before a request: the usage counts, and no internal error left over from an earlier case (each case is judged alone). */
function fresh(): unknown {
  world.internalErrors.length = 0;
  return world.service.allUsage();
}

async function send(path: string, admin: boolean, body: Uint8Array | string, type: string | undefined, length: string): Promise<Response> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  const headers: Record<string, string> = {};
  if (type !== undefined) headers["content-type"] = type;
  if (length !== "none") headers["content-length"] = length === "true" ? String(bytes.length) : length;
  return world.request("POST", path, { body: bytes, headers, ...(admin ? { auth: `Bearer ${world.service.adminToken}` } : {}) });
}

/**
 * The invariants of every answer: an expected status (never 5xx), a JSON body, a 400 that names a field in its body and
 * message, usage counts unchanged unless the request was answered 200 by a route that counts, no internal error, and
 * the service keeps serving.
 */
async function expectHandled(r: (typeof ROUTES)[number], response: Response, usageBefore: unknown, mutations?: readonly Mutation[]): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  expect(r.statuses, `${r.path} → ${response.status} ${text}`).toContain(response.status);
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: string; field?: string; message?: string };
  if (response.status === 400) {
    expect(body.error).toBe("bad-request");
    expect(typeof body.field === "string" && body.field.length > 0, text).toBe(true);
    expect(body.message?.startsWith(`${body.field}: `), text).toBe(true);
    if (mutations !== undefined && body.field !== "body") expect(namesAMutatedField(body.field as string, mutations), `${text} (mutations ${JSON.stringify(mutations)})`).toBe(true);
  }
  if (response.status === 413) expect(body).toMatchObject({ error: "too-large", field: "body" });
  const counts = r.path === "/insurance-queries" && response.status === 200;
  if (!counts) expect(world.service.allUsage(), `${r.path} → ${response.status} changed the usage counts`).toEqual(usageBefore);
  expect(world.internalErrors).toEqual([]);
  expect((await world.request("POST", "/challenges")).status).toBe(201);
}

describe("fuzz: HTTP bodies of the emulated national service (sim/onshi)", () => {
  test.prop([route.chain((i) => fc.tuple(fc.constant(i), mutatedDoc([at(i).valid], 3))), contentType, contentLength], fuzzParameters(600))(
    "a mutated valid body is handled: 400 naming a mutated field (or body), the route's refusals, or an answer — never a 5xx",
    async ([i, { doc, mutations }], type, length) => {
      const r = at(i);
      const before = fresh();
      await expectHandled(r, await send(r.path, r.admin, JSON.stringify(doc) ?? "", type ?? "application/json", length), before, length === "none" || length === "true" ? mutations : undefined);
    },
  );

  test.prop([route, fc.jsonValue({ maxDepth: 3 }), contentType], fuzzParameters(300))("any JSON value as a body is handled — never a 5xx", async (i, value, type) => {
    const r = at(i);
    const before = fresh();
    await expectHandled(r, await send(r.path, r.admin, JSON.stringify(value), type, "none"), before);
  });

  test.prop([route, fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 200 }), fc.nat({ max: 70_000 }).map((n) => `{"certificate":"${"A".repeat(n)}"}`)), contentType, contentLength], fuzzParameters(300))(
    "any bytes (or an oversized body) with any content type are handled — never a 5xx",
    async (i, body, type, length) => {
      const r = at(i);
      const before = fresh();
      await expectHandled(r, await send(r.path, r.admin, body, type, length), before);
    },
  );

  test("after all that, a valid read is answered and counted once", async () => {
    const before = world.service.allUsage().total.onlineQualifications;
    const answered = await world.postJson("/qualifications", await world.validQualifyBody());
    expect(answered.status).toBe(200);
    expect(answered.body.processingResultStatus).toBe("1");
    expect(world.service.allUsage().total.onlineQualifications).toBe(before + 1);
    expect((await world.request("GET", "/health", { auth: null })).status).toBe(200);
    expect(world.internalErrors).toEqual([]);
  });
});
