import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import type { RunningOnshiServer } from "../../sim/onshi/onshi-server.ts";
import type { FacilityCredentials } from "../../sim/onshi/facility-directory.ts";
import { CLINIC, DAY, MSW_ORIGIN, PHARMACY, basicAuth, deviceProof, issueDevice, monthsBefore, mswOnshi, testAuthority } from "./support/onshi-fixture.ts";
import type { MswOnshi, TestDevice } from "./support/onshi-fixture.ts";

/** Values that differ between two runs by design (random IDs, times). */
const VOLATILE = new Set(["qualificationId", "challengeId", "challenge", "expiresAt", "consentTime", "confirmedAt"]);
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, VOLATILE.has(k) ? `<${k}>` : normalize(v)]));
  }
  return value;
}

interface Step {
  step: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

/** The same sequence of requests against one base URL; the transcript of answers. */
async function transcript(baseUrl: string, devices: { phone: TestDevice; oldCard: TestDevice; graceCard: TestDevice }): Promise<Step[]> {
  const steps: Step[] = [];
  const raw = async (step: string, method: string, path: string, options: { facility?: FacilityCredentials; body?: string } = {}): Promise<unknown> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: options.facility !== undefined ? { authorization: basicAuth(options.facility) } : {},
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const body: unknown = await r.json();
    steps.push({ step, status: r.status, contentType: r.headers.get("content-type"), body: normalize(body) });
    return body;
  };
  const clinic = new OnshiClient({ baseUrl, medicalInstitutionCode: CLINIC.medicalInstitutionCode, secret: CLINIC.secret });
  const proofBody = async (device: TestDevice) => {
    const p = deviceProof(device, await clinic.requestChallenge());
    const b = (x: Uint8Array | undefined) => Buffer.from(x ?? new Uint8Array()).toString("base64");
    return JSON.stringify({ deviceKind: p.deviceKind, method: p.method, certificate: b(p.certificate), challengeId: p.challengeId, challenge: b(p.challenge), deviceSignature: b(p.deviceSignature) });
  };

  await raw("challenge without credentials", "POST", "/challenges");
  await raw("challenge with a wrong secret", "POST", "/challenges", { facility: { ...CLINIC, secret: "wrong-secret-wrong-secret" } });
  await raw("challenge", "POST", "/challenges", { facility: CLINIC });
  await raw("bad JSON", "POST", "/qualifications", { facility: CLINIC, body: "{oops" });
  await raw("garbage certificate", "POST", "/qualifications", { facility: CLINIC, body: JSON.stringify({ deviceKind: "card", method: "pin", certificate: "AAAAAAAAAAAAAAAAAAAAAAAA", challengeId: "x", challenge: "AAAA", deviceSignature: "AAAA" }) });
  await raw("unknown route", "GET", "/nope", { facility: CLINIC });
  const phoneBody = await proofBody(devices.phone);
  const answered = (await raw("phone qualification", "POST", "/qualifications", { facility: CLINIC, body: phoneBody })) as { qualificationId: string };
  await raw("replayed phone qualification", "POST", "/qualifications", { facility: CLINIC, body: phoneBody });
  await raw("card beyond grace", "POST", "/qualifications", { facility: CLINIC, body: await proofBody(devices.oldCard) });
  await raw("card in grace", "POST", "/qualifications", { facility: CLINIC, body: await proofBody(devices.graceCard) });
  const consent = JSON.stringify({ specificHealthCheckInfo: true, pharmacistsInfo: true, diagnosisInfo: false, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false });
  await raw("consent", "POST", `/qualifications/${answered.qualificationId}/consent`, { facility: CLINIC, body: consent });
  await raw("consent again", "POST", `/qualifications/${answered.qualificationId}/consent`, { facility: CLINIC, body: consent });
  await raw("another facility reads it", "GET", `/qualifications/${answered.qualificationId}`, { facility: PHARMACY });
  await raw("the owner reads it", "GET", `/qualifications/${answered.qualificationId}`, { facility: CLINIC });
  await raw("insurance query", "POST", "/insurance-queries", { facility: CLINIC, body: JSON.stringify({ insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" }) });
  await raw("usage", "GET", "/usage", { facility: CLINIC });
  await raw("pharmacy usage", "GET", "/usage", { facility: PHARMACY });
  await raw("public list", "GET", "/facilities/phone-confirmed");
  await raw("opt-out", "POST", `/facilities/${CLINIC.medicalInstitutionCode}/opt-out`, { facility: CLINIC });
  await raw("public list after opt-out", "GET", "/facilities/phone-confirmed");
  await raw("health", "GET", "/health");
  return steps;
}

let server: RunningOnshiServer;
let mocked: MswOnshi;
let devices: { phone: TestDevice; oldCard: TestDevice; graceCard: TestDevice };
beforeAll(async () => {
  mocked = await mswOnshi();
  server = await startOnshiServer({ port: 0, host: "127.0.0.1", authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links: mocked.links, sync: "none" });
  devices = {
    phone: await issueDevice(mocked.links, "P0002", "android"),
    oldCard: await issueDevice(mocked.links, "P0001", "card", { notBefore: new Date(Date.now() - 1800 * DAY), notAfter: new Date(monthsBefore(new Date(), 3).getTime() - DAY) }),
    graceCard: await issueDevice(mocked.links, "P0001", "card", { notBefore: new Date(Date.now() - 1800 * DAY), notAfter: monthsBefore(new Date(), 2) }),
  };
});
afterAll(async () => {
  await server.close();
  await mocked.close();
});

describe("defined once, served twice", () => {
  it("gives the same answers from the real HTTP server and from the msw-served handler", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const real = await transcript(server.url, devices);
    const viaMsw = await transcript(MSW_ORIGIN, devices);
    expect(real.map((s) => `${s.step}: ${s.status}`)).toEqual([
      "challenge without credentials: 401",
      "challenge with a wrong secret: 401",
      "challenge: 201",
      "bad JSON: 400",
      "garbage certificate: 400",
      "unknown route: 404",
      "phone qualification: 200",
      "replayed phone qualification: 422",
      "card beyond grace: 422",
      "card in grace: 200",
      "consent: 200",
      "consent again: 409",
      "another facility reads it: 404",
      "the owner reads it: 200",
      "insurance query: 200",
      "usage: 200",
      "pharmacy usage: 200",
      "public list: 200",
      "opt-out: 200",
      "public list after opt-out: 200",
      "health: 200",
    ]);
    expect(viaMsw).toEqual(real);
  });
});
