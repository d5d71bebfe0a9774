import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import type { QualificationResult } from "../../sim/contract/qualification-result.ts";
import { CLINIC, PHARMACY, basicAuth, deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

const consent = { specificHealthCheckInfo: true, pharmacistsInfo: true, diagnosisInfo: false, operationInfo: false, limitApplicationCertificateRelatedConsFlg: true };

let onshi: MswOnshi;
let clinicsQualification: QualificationResult;
beforeAll(async () => {
  onshi = await mswOnshi();
  const phone = await issueDevice(onshi.links, "P0014", "android");
  const clinic = onshi.client(CLINIC);
  clinicsQualification = await clinic.qualify(deviceProof(phone, await clinic.requestChallenge()));
});
afterAll(() => onshi.close());

async function rejection(promise: Promise<unknown>): Promise<OnshiHttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OnshiHttpError)) throw new Error(`expected an OnshiHttpError, got ${String(error)}`);
  return error;
}

describe("one facility never sees another's patients, consents or counts", () => {
  it("lets a facility read its own qualification, and answers 404 to another facility", async () => {
    const id = clinicsQualification.qualificationId ?? "";
    expect((await onshi.client(CLINIC).getQualification(id)).insured?.name).toBe("井上\u3000千尋");
    const error = await rejection(onshi.client(PHARMACY).getQualification(id));
    expect(error.status).toBe(404);
    expect(JSON.stringify(error.body)).not.toContain("井上");
  });

  it("refuses consent on another facility's qualification, and records it once, with its time, for the owner", async () => {
    const id = clinicsQualification.qualificationId ?? "";
    expect((await rejection(onshi.client(PHARMACY).recordConsent(id, consent))).status).toBe(404);
    expect((await onshi.client(CLINIC).getQualification(id)).consent).toBeUndefined();
    const before = Date.now();
    const recorded = await onshi.client(CLINIC).recordConsentWithResult(id, consent);
    expect(recorded.consent).toMatchObject(consent);
    expect(Date.parse(recorded.consent?.consentTime ?? "")).toBeGreaterThanOrEqual(before - 1000);
    expect(await onshi.client(CLINIC).getQualification(id)).toEqual(recorded);
    // Consent to share cost-cap data brings the 限度額 certificate into the answer.
    expect(recorded.insured?.limitApplicationCertificate?.classification).toBe("ウ");
    expect((await rejection(onshi.client(CLINIC).recordConsent(id, consent))).status).toBe(409);
  });

  it("counts per facility: the pharmacy sees none of the clinic's uses; the total is admin-only", async () => {
    expect((await onshi.client(CLINIC).usage()).phoneUses).toBe(1);
    expect(await onshi.client(PHARMACY).usage()).toMatchObject({ onlineQualifications: 0, myNumberUses: 0, phoneUses: 0 });
    expect((await onshi.fetch("/admin/usage", { facility: PHARMACY })).status).toBe(401);
    const admin = await onshi.fetch("/admin/usage", { headers: { authorization: `Bearer ${onshi.service.adminToken}` } });
    expect(admin.status).toBe(200);
    expect(((await admin.json()) as { total: { phoneUses: number } }).total.phoneUses).toBe(1);
  });

  it("answers 401 with a clear body to missing, unknown or wrong credentials", async () => {
    const missing = await onshi.fetch("/usage", { facility: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Basic");
    expect(await missing.json()).toMatchObject({ error: "unauthorized", message: expect.stringContaining("Authorization: Basic") });
    const wrong = await onshi.fetch("/usage", { facility: { ...CLINIC, secret: "not-the-clinic-secret" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "unauthorized", message: expect.stringContaining("wrong secret") });
    const unknown = await onshi.fetch("/challenges", { method: "POST", headers: { authorization: basicAuth({ ...PHARMACY, medicalInstitutionCode: "1310000009" }) } });
    expect(unknown.status).toBe(401);
    const garbage = await onshi.fetch("/challenges", { method: "POST", headers: { authorization: "Basic !!!" } });
    expect(garbage.status).toBe(401);
  });

  it("lets a facility opt only itself out of the public list", async () => {
    const r = await onshi.fetch(`/facilities/${CLINIC.medicalInstitutionCode}/opt-out`, { method: "POST", facility: PHARMACY });
    expect(r.status).toBe(403);
    expect((await onshi.client().phoneConfirmedFacilities()).map((f) => f.medicalInstitutionCode)).toEqual([CLINIC.medicalInstitutionCode]);
  });
});
