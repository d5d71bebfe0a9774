import http from "node:http";
import { fc, test } from "@fast-check/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AddressInfo } from "node:net";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { createOnshiApp } from "../../sim/onshi/onshi-app.ts";
import { createOnshiListener } from "../../sim/onshi/onshi-listener.ts";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import type { RunningOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { ServiceUnavailableError } from "../../sim/onshi/onshi-service.ts";
import { mutatedDoc } from "../fuzz/json-mutations.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { CLINIC, PHARMACY, basicAuth, deviceProof, issueDevice, testAuthority } from "./support/onshi-fixture.ts";
import type { TestDevice } from "./support/onshi-fixture.ts";

/**
 * The real server answers `POST /challenges` and `POST /qualifications` straight from node:http (onshi-listener.ts) when
 * they come with an empty body / a Content-Length within the limit, and sends every other shape of them (chunked, a
 * query string) through the hono app. Both paths use the same route functions: these tests hold them to the same answers.
 */

let server: RunningOnshiServer;
let phone: TestDevice;
const internalErrors: string[] = [];
const client = (): OnshiClient => new OnshiClient({ baseUrl: server.url, medicalInstitutionCode: CLINIC.medicalInstitutionCode, secret: CLINIC.secret });

beforeAll(async () => {
  const links = new CertificateLinks();
  server = await startOnshiServer({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links, sync: "none", onInternalError: (line) => internalErrors.push(line) });
  phone = await issueDevice(links, "P0002", "android");
});
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
  internalErrors.length = 0;
});

interface Answer {
  status: number;
  contentType: string | undefined;
  wwwAuthenticate: string | undefined;
  body: Record<string, unknown>;
}

/** One request over node:http: the body sent with a Content-Length, chunked, or none; what came back. */
function request(path: string, options: { authorization?: string; body?: string | Uint8Array; framing?: "content-length" | "chunked" } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.authorization !== undefined ? { authorization: options.authorization } : {}) };
    if (options.body !== undefined && options.framing !== "chunked") headers["content-length"] = String(Buffer.byteLength(options.body));
    if (options.framing === "chunked") headers["transfer-encoding"] = "chunked";
    const req = http.request(new URL(path, server.url), { method: "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"],
          wwwAuthenticate: res.headers["www-authenticate"],
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        }),
      );
    });
    req.on("error", reject);
    if (options.body !== undefined && options.framing === "chunked") {
      const bytes = Buffer.from(options.body);
      const half = Math.floor(bytes.length / 2);
      req.write(bytes.subarray(0, half));
      req.end(bytes.subarray(half));
    } else req.end(options.body);
  });
}

const VOLATILE = new Set(["qualificationId", "challengeId", "challenge", "expiresAt", "consentTime"]);
const normalized = (answer: Answer): Answer => ({
  ...answer,
  body: JSON.parse(JSON.stringify(answer.body, (key, value: unknown) => (VOLATILE.has(key) ? `<${key}>` : value))) as Record<string, unknown>,
});

async function proofBody(extra: Record<string, unknown> = {}): Promise<string> {
  const p = deviceProof(phone, await client().requestChallenge());
  const b = (x: Uint8Array | undefined) => Buffer.from(x ?? new Uint8Array()).toString("base64");
  return JSON.stringify({ deviceKind: p.deviceKind, method: p.method, certificate: b(p.certificate), challengeId: p.challengeId, challenge: b(p.challenge), deviceSignature: b(p.deviceSignature), ...extra });
}

describe("the hot routes straight from node:http answer as the hono app does", () => {
  it("challenges: issued, refused without or with wrong credentials", async () => {
    for (const authorization of [basicAuth(CLINIC), undefined, basicAuth({ ...CLINIC, secret: "wrong-secret-wrong-secret" })]) {
      const direct = await request("/challenges", authorization !== undefined ? { authorization } : {});
      const viaApp = await request("/challenges?via=app", authorization !== undefined ? { authorization } : {});
      expect(normalized(direct)).toEqual(normalized(viaApp));
      expect(direct.contentType).toBe("application/json");
    }
    const unauthorized = await request("/challenges");
    expect(unauthorized).toMatchObject({ status: 401, wwwAuthenticate: 'Basic realm="onshi"', body: { error: "unauthorized" } });
    expect((await request("/challenges", { authorization: basicAuth(CLINIC) })).status).toBe(201);
  });

  it("qualifications: answered, refused, bad bodies, with the next challenge", async () => {
    const consent = { specificHealthCheckInfo: true, pharmacistsInfo: true, diagnosisInfo: false, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false };
    const cases: [string, () => Promise<string>][] = [
      ["answered", () => proofBody()],
      ["answered with consent and the next challenge", () => proofBody({ consent, nextChallenge: true, arbitraryFileIdentifier: "F1" })],
      ["refused: bad signature", async () => JSON.stringify({ ...(JSON.parse(await proofBody()) as object), deviceSignature: Buffer.alloc(256, 1).toString("base64") })],
      ["bad JSON", () => Promise.resolve("{oops")],
      ["garbage certificate", () => Promise.resolve(JSON.stringify({ deviceKind: "card", method: "pin", certificate: "AAAAAAAAAAAAAAAAAAAAAAAA", challengeId: "x", challenge: "AAAA", deviceSignature: "AAAA" }))],
    ];
    for (const [what, body] of cases) {
      // As text with a Content-Length: the direct path; the same text with a byte-order mark in front: decoded alike.
      const withMark = await request("/qualifications", { authorization: basicAuth(CLINIC), body: `\uFEFF${await body()}` });
      const viaAppWithMark = await request("/qualifications?via=app", { authorization: basicAuth(CLINIC), body: `\uFEFF${await body()}` });
      expect([what, normalized(withMark)]).toEqual([what, normalized(viaAppWithMark)]);
      const direct = await request("/qualifications", { authorization: basicAuth(CLINIC), body: await body() });
      const chunked = await request("/qualifications", { authorization: basicAuth(CLINIC), body: await body(), framing: "chunked" });
      expect([what, normalized(direct)]).toEqual([what, normalized(chunked)]);
    }
    const replay = await proofBody();
    expect((await request("/qualifications", { authorization: basicAuth(CLINIC), body: replay })).status).toBe(200);
    const again = await request("/qualifications", { authorization: basicAuth(CLINIC), body: replay });
    expect(again).toMatchObject({ status: 422, body: { processingResultCode: "challenge-replayed" } });
    expect(await request("/qualifications", { authorization: basicAuth(PHARMACY), body: await proofBody() })).toMatchObject({ status: 422, body: { processingResultCode: "challenge-other-facility" } });
    expect(await request("/qualifications", { body: await proofBody() })).toMatchObject({ status: 401, wwwAuthenticate: 'Basic realm="onshi"' });
  });

  it("after a journal failure: 503 from both routes", async () => {
    vi.spyOn(server.service, "issueChallenge").mockImplementation(() => {
      throw new ServiceUnavailableError(new Error("EIO"));
    });
    vi.spyOn(server.service, "qualify").mockRejectedValue(new ServiceUnavailableError(new Error("EIO")));
    const challenge = await request("/challenges", { authorization: basicAuth(CLINIC) });
    expect(challenge).toMatchObject({ status: 503, body: { error: "unavailable" } });
    vi.mocked(server.service.issueChallenge).mockRestore();
    const qualification = await request("/qualifications", { authorization: basicAuth(CLINIC), body: await proofBody() });
    expect(qualification).toMatchObject({ status: 503, body: { error: "unavailable" } });
    expect(internalErrors).toEqual([]);
  });

  it("an internal error: 500 'internal error', logged as one line without secrets", async () => {
    vi.spyOn(server.service, "qualify").mockRejectedValue(new Error("boom in qualify"));
    const answer = await request("/qualifications", { authorization: basicAuth(CLINIC), body: await proofBody() });
    expect(answer).toMatchObject({ status: 500, body: { error: "internal", message: "internal error" } });
    expect(internalErrors).toEqual([expect.stringMatching(/^onshi: 500 POST \/qualifications: Error: boom in qualify/)]);
    expect(internalErrors.join("")).not.toContain(CLINIC.secret);
  });

  it("a client that goes away before its body is complete: nothing done, nothing logged, the server serves on", async () => {
    const qualify = vi.spyOn(server.service, "qualify");
    await new Promise<void>((resolve) => {
      const req = http.request(new URL("/qualifications", server.url), { method: "POST", agent: false, headers: { authorization: basicAuth(CLINIC), "content-length": "5000" } });
      req.on("error", () => resolve());
      req.write("{\"deviceKind\":");
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(qualify).not.toHaveBeenCalled();
    expect(internalErrors).toEqual([]);
    expect((await client().qualify(deviceProof(phone, await client().requestChallenge()))).processingResultStatus).toBe("1");
  });
});

describe("which requests take the direct path", () => {
  it("the hot routes in their usual shape skip the app; other shapes and routes go through it", async () => {
    const app = createOnshiApp(server.service);
    const viaApp: string[] = [];
    const listener = createOnshiListener(
      server.service,
      (req: Request) => {
        viaApp.push(`${req.method} ${new URL(req.url).pathname}${new URL(req.url).search}`);
        return app.fetch(req);
      },
      { overrideGlobalObjects: false, onInternalError: (line) => internalErrors.push(line) },
    );
    const own = http.createServer(listener);
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    try {
      const send = (path: string, options: Parameters<typeof request>[1] = {}) => request(`${base}${path}`, options);
      expect((await send("/challenges", { authorization: basicAuth(CLINIC) })).status).toBe(201);
      expect((await send("/challenges")).status).toBe(401);
      expect((await send("/qualifications", { authorization: basicAuth(CLINIC), body: await proofBody() })).status).toBe(200);
      expect((await send("/qualifications", { authorization: basicAuth(CLINIC), body: "{oops" })).status).toBe(400);
      expect(viaApp).toEqual([]);
      expect((await send("/qualifications", { authorization: basicAuth(CLINIC), body: await proofBody(), framing: "chunked" })).status).toBe(200);
      expect((await send("/challenges?x=1", { authorization: basicAuth(CLINIC) })).status).toBe(201);
      expect((await send("/challenges", { authorization: basicAuth(CLINIC), body: "{}" })).status).toBe(201);
      expect((await send("/usage", { authorization: basicAuth(CLINIC) })).status).toBe(404); // POST /usage: no such route
      expect(viaApp).toEqual(["POST /qualifications", "POST /challenges?x=1", "POST /challenges", "POST /usage"]);
    } finally {
      await new Promise<void>((resolve) => own.close(() => resolve()));
    }
  });
});

describe("fuzz: the direct path and the app answer a mutated qualification body alike", () => {
  // A body whose challenge is used up: whatever a mutation leaves valid is refused as a replay, so neither request
  // changes the service's state and the two answers can be compared.
  let used: Record<string, unknown> = {};
  beforeAll(async () => {
    const consent = { specificHealthCheckInfo: true, pharmacistsInfo: true, diagnosisInfo: true, operationInfo: true, limitApplicationCertificateRelatedConsFlg: false };
    used = JSON.parse(await proofBody({ consent, nextChallenge: true })) as Record<string, unknown>;
    expect((await request("/qualifications", { authorization: basicAuth(CLINIC), body: JSON.stringify(used) })).status).toBe(200);
  });

  test.prop([fc.constant(null).chain(() => mutatedDoc([used], 3))], fuzzParameters(150))("same status and body (random IDs aside), never a 5xx", async ({ doc }) => {
    const body = JSON.stringify(doc) ?? "";
    const direct = await request("/qualifications", { authorization: basicAuth(CLINIC), body });
    const viaApp = await request("/qualifications?via=app", { authorization: basicAuth(CLINIC), body });
    expect(normalized(direct)).toEqual(normalized(viaApp));
    expect(direct.status).toBeLessThan(500);
    expect(internalErrors).toEqual([]);
  });

  test.prop([fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200, unit: "binary" }))], fuzzParameters(100))("any bytes or text as a body: the same answer", async (body) => {
    const direct = await request("/qualifications", { authorization: basicAuth(CLINIC), body });
    const viaApp = await request("/qualifications?via=app", { authorization: basicAuth(CLINIC), body });
    expect(normalized(direct)).toEqual(normalized(viaApp));
    expect(direct.status).toBe(400);
  });
});
