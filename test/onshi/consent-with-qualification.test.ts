import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnshiHttpError } from "../../sim/onshi/onshi-http-error.ts";
import { CLINIC, DAY, deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

const consent = { specificHealthCheckInfo: false, pharmacistsInfo: true, diagnosisInfo: true, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false };

let onshi: MswOnshi;
beforeAll(async () => {
  onshi = await mswOnshi();
});
afterAll(() => onshi.close());

describe("consent sent with the qualification (one request, as the reader gathers it before the read is sent)", () => {
  it("records the consent with the answer, with the service's time, and refuses a second consent", async () => {
    const phone = await issueDevice(onshi.links, "P0015", "iphone");
    const clinic = onshi.client(CLINIC);
    const result = await clinic.qualify(deviceProof(phone, await clinic.requestChallenge()), { consent });
    expect(result.qualificationValidity).toBe("1");
    expect(result.consent).toMatchObject(consent);
    expect(Date.parse(result.consent?.consentTime ?? "")).not.toBeNaN();
    const stored = await clinic.getQualification(result.qualificationId ?? "");
    expect(stored.consent).toEqual(result.consent);
    const again = await clinic.recordConsent(result.qualificationId ?? "", consent).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(OnshiHttpError);
    expect((again as OnshiHttpError).status).toBe(409);
  });

  it("records no consent for a refused qualification", async () => {
    const expired = await issueDevice(onshi.links, "P0016", "android", { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    const clinic = onshi.client(CLINIC);
    const result = await clinic.qualify(deviceProof(expired, await clinic.requestChallenge()), { consent });
    expect(result.processingResultStatus).toBe("2");
    expect(result.consent).toBeUndefined();
  });

  it("refuses a malformed consent with 400 naming the field", async () => {
    const phone = await issueDevice(onshi.links, "P0017", "android");
    const clinic = onshi.client(CLINIC);
    const challenge = await clinic.requestChallenge();
    const proof = deviceProof(phone, challenge);
    const response = await onshi.fetch("/qualifications", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        deviceKind: proof.deviceKind,
        method: proof.method,
        certificate: Buffer.from(proof.certificate).toString("base64"),
        challengeId: proof.challengeId,
        challenge: Buffer.from(proof.challenge).toString("base64"),
        deviceSignature: Buffer.from(proof.deviceSignature ?? new Uint8Array()).toString("base64"),
        consent: { pharmacistsInfo: "yes" },
      }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("consent");
  });
});
