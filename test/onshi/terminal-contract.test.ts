import { describe, expect, it } from "vitest";
import { OnshiClient } from "../../sim/onshi/onshi-client.ts";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { type InsuranceQueryRequest } from "../../sim/contract/index.ts";
import { CLINIC, MSW_ORIGIN, PHARMACY, deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";

describe("the client is the terminal's QualificationService", () => {
  it("implements the interface the terminal codes against (checked by the compiler) and works through it", async () => {
    const onshi = await mswOnshi();
    try {
      const service: QualificationService = new OnshiClient({ baseUrl: MSW_ORIGIN, medicalInstitutionCode: CLINIC.medicalInstitutionCode, secret: CLINIC.secret });
      const phone = await issueDevice(onshi.links, "P0001", "android");
      const result = await service.qualify(deviceProof(phone, { ...(await service.requestChallenge()), expiresAt: new Date() }), { arbitraryFileIdentifier: "f-1" });
      expect(result).toMatchObject({ qualificationValidity: "1", arbitraryFileIdentifier: "f-1" });
      const consent = await service.recordConsent(result.qualificationId ?? "", { specificHealthCheckInfo: true, pharmacistsInfo: true, diagnosisInfo: true, operationInfo: false, limitApplicationCertificateRelatedConsFlg: false });
      expect(consent).toMatchObject({ specificHealthCheckInfo: true, operationInfo: false, consentTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

      const own = result.insured;
      const request: InsuranceQueryRequest = {
        qualificationConfirmationDate: "20260401",
        medicalInstitutionCode: CLINIC.medicalInstitutionCode,
        arbitraryFileIdentifier: "req-7",
        insurerNumber: own?.insurerNumber ?? "",
        insuredCardSymbol: own?.insuredCardSymbol ?? "",
        insuredIdentificationNumber: own?.insuredIdentificationNumber ?? "",
        birthdate: own?.birthdate ?? "",
        limitApplicationCertificateRelatedConsFlg: false,
      };
      expect(await service.queryInsurance(request)).toMatchObject({ referenceClassification: "2", qualificationConfirmationDate: "20260401", arbitraryFileIdentifier: "req-7", qualificationValidity: "1" });
      // A request file naming another facility is refused.
      const wrong = await onshi.fetch("/insurance-queries", { method: "POST", facility: PHARMACY, body: JSON.stringify(request) });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ field: "medicalInstitutionCode" });
    } finally {
      await onshi.close();
    }
  });
});
