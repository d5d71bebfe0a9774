import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi, TestDevice } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
let card: TestDevice;
beforeAll(async () => {
  onshi = await mswOnshi();
  card = await issueDevice(onshi.links, "P0001", "card");
});
afterAll(() => onshi.close());

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

async function validBody(): Promise<Record<string, unknown>> {
  const proof = deviceProof(card, await onshi.client().requestChallenge());
  return { deviceKind: "card", method: "pin", certificate: b64(proof.certificate), challengeId: proof.challengeId, challenge: b64(proof.challenge), deviceSignature: b64(proof.deviceSignature ?? new Uint8Array()) };
}

async function post(path: string, body: string | Record<string, unknown>) {
  const r = await onshi.fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { error: string; field?: string; message: string } };
}

describe("malformed requests get 400 naming the bad field, never a crash", () => {
  it.each([
    ["bad JSON", "{not json", "body"],
    ["an array", "[]", "body"],
    ["null", "null", "body"],
  ])("qualification with %s → 400 body", async (_what, body, field) => {
    const r = await post("/qualifications", body);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: "bad-request", field });
  });

  it.each([
    ["a missing certificate", "certificate", "is required", (b: Record<string, unknown>) => ({ ...b, certificate: undefined })],
    ["bad base64 in the certificate", "certificate", "base64", (b: Record<string, unknown>) => ({ ...b, certificate: "***" })],
    ["a garbage certificate", "certificate", "X.509", (b: Record<string, unknown>) => ({ ...b, certificate: b64(Buffer.from("this is not a certificate at all")) })],
    ["a number as the certificate", "certificate", "base64", (b: Record<string, unknown>) => ({ ...b, certificate: 42 })],
    ["an unknown device kind", "deviceKind", "card, iphone or android", (b: Record<string, unknown>) => ({ ...b, deviceKind: "pager" })],
    ["an unknown method", "method", "face", (b: Record<string, unknown>) => ({ ...b, method: "retina" })],
    ["a missing challenge ID", "challengeId", "is required", (b: Record<string, unknown>) => ({ ...b, challengeId: undefined })],
    ["bad base64 in the challenge", "challenge", "base64", (b: Record<string, unknown>) => ({ ...b, challenge: "abc" })],
    ["a PIN read without a device signature", "deviceSignature", "required", (b: Record<string, unknown>) => ({ ...b, deviceSignature: undefined })],
    ["a face read without a reader attestation", "readerAttestation", "required", (b: Record<string, unknown>) => ({ ...b, method: "face" })],
    ["a reader attestation without a signature", "readerAttestation.signature", "is required", (b: Record<string, unknown>) => ({ ...b, method: "face", readerAttestation: { readerId: "r1" } })],
    ["a consent flag that is not a boolean", "limitApplicationCertificateRelatedConsFlg", "true or false", (b: Record<string, unknown>) => ({ ...b, limitApplicationCertificateRelatedConsFlg: "yes" })],
  ])("qualification with %s → 400 naming %s", async (_what, field, words, change) => {
    const r = await post("/qualifications", change(await validBody()));
    expect(r.status).toBe(400);
    expect(r.body.field).toBe(field);
    expect(r.body.message).toContain(words);
    expect(r.body.message.startsWith(`${field}:`)).toBe(true);
  });

  it.each([
    ["a 65-byte challenge", "challenge", 65, "at most 64 bytes"],
    ["a 1025-byte device signature", "deviceSignature", 1025, "at most 1024 bytes"],
  ])("qualification with %s → 400 naming %s (not a 422 refusal)", async (_what, field, size, words) => {
    const r = await post("/qualifications", { ...(await validBody()), [field]: b64(new Uint8Array(size).fill(7)) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: "bad-request", field, message: expect.stringContaining(words) });
  });

  it("rejects a bad insurer number, birth date or branch number in an insurance-data query", async () => {
    const good = { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" };
    expect((await post("/insurance-queries", good)).status).toBe(200);
    expect((await post("/insurance-queries", { ...good, insurerNumber: "33120016" })).body).toMatchObject({ field: "insurerNumber", message: expect.stringContaining("check digit") });
    expect((await post("/insurance-queries", { ...good, birthdate: "19800231" })).body.field).toBe("birthdate");
    expect((await post("/insurance-queries", { ...good, insuredBranchNumber: "1" })).body.field).toBe("insuredBranchNumber");
    expect((await post("/insurance-queries", { ...good, insuredIdentificationNumber: undefined })).body).toMatchObject({ field: "insuredIdentificationNumber", message: "insuredIdentificationNumber: is required" });
  });

  it("rejects bad consent, reader and admin bodies", async () => {
    expect((await post("/qualifications/q_x/consent", { pharmacistsInfo: true })).body.field).toBe("specificHealthCheckInfo");
    expect((await post("/readers", { readerId: "r 1", publicKey: "AAAA" })).body.field).toBe("readerId");
    expect((await post("/readers", { readerId: "r1", publicKey: b64(Buffer.from("not a key, just some bytes")) })).body).toMatchObject({ field: "publicKey", message: expect.stringContaining("SubjectPublicKeyInfo") });
    const admin = await onshi.fetch("/admin/links", { method: "POST", headers: { authorization: `Bearer ${onshi.service.adminToken}` }, body: JSON.stringify({ serialNumber: "xyz", personaId: "P0001", deviceKind: "card" }) });
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { field: string }).field).toBe("serialNumber");
  });

  it("answers 413 to an oversized body and 404 to unknown routes and unknown qualifications", async () => {
    const big = await post("/qualifications", JSON.stringify({ certificate: "A".repeat(100_000) }));
    expect(big).toMatchObject({ status: 413, body: { field: "body" } });
    const unknown = await onshi.fetch("/no/such/route", { method: "GET" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not-found" });
    expect((await onshi.fetch("/qualifications/q_nothing")).status).toBe(404);
    expect((await onshi.fetch("/challenges", { method: "GET" })).status).toBe(404);
  });

  it("keeps serving after all of that", async () => {
    const proof = deviceProof(card, await onshi.client().requestChallenge());
    expect((await onshi.client().qualify(proof)).processingResultStatus).toBe("1");
    expect((await onshi.fetch("/health", { facility: null })).status).toBe(200);
  });
});
