import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_CASES } from "../../sim/onshi/persona-eligibility.ts";
import type { QualificationResult } from "../../sim/contract/qualification-result.ts";
import { deviceProof, issueDevice, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

let onshi: MswOnshi;
beforeAll(async () => {
  onshi = await mswOnshi();
});
afterAll(() => onshi.close());

async function byCard(personaId: string): Promise<QualificationResult> {
  const client = onshi.client();
  const card = await issueDevice(onshi.links, personaId, "card");
  return client.qualify(deviceProof(card, await client.requestChallenge()), { arbitraryFileIdentifier: `visit-${personaId}` });
}

describe("QualificationValidity 1–6 with the fields of docs/domain/oqs-files.md", () => {
  it("1 有効: a normal answer with the insured record and the copay share", async () => {
    const r = await byCard("P0001");
    expect(r).toMatchObject({
      processingResultStatus: "1",
      segmentOfResult: "1",
      referenceClassification: "1",
      qualificationValidity: "1",
      arbitraryFileIdentifier: "visit-P0001",
      insured: { personalFamilyClassification: "1", birthdate: "19800401", copaymentRatio: "030", insuredBranchNumber: "00" },
    });
    expect(r.qualificationConfirmationDate).toMatch(/^\d{8}$/);
    expect(r.qualificationId).toMatch(/^q_/);
  });

  it("2 無効: lost eligibility, with the loss date and reason", async () => {
    for (const id of PERSONA_CASES["2"]) {
      const r = await byCard(id);
      expect(r, id).toMatchObject({ processingResultStatus: "1", qualificationValidity: "2", processingResultCode: "eligibility-lost" });
      expect(r.insured?.disqualificationDate).toMatch(/^\d{8}$/);
      expect(["99", "02"]).toContain(r.insured?.reasonOfLoss);
    }
  });

  it("3 無効（新しい資格あり）, 4 該当資格なし, 6 有効（未登録）", async () => {
    expect(await byCard("P0012")).toMatchObject({ qualificationValidity: "3", insured: { reasonOfLoss: "03" } });
    const none = await byCard("P0023");
    expect(none).toMatchObject({ processingResultStatus: "1", qualificationValidity: "4" });
    expect(none.insured).toBeUndefined();
    expect(await byCard("P0024")).toMatchObject({ qualificationValidity: "6", processingResultCode: "registration-pending" });
  });

  it("5 複数該当 by insurance data (twins without a branch number); with the branch number, 1", async () => {
    const own = (await byCard("P0010")).insured;
    if (own === undefined) throw new Error("no record");
    const client = onshi.client();
    const query = { insurerNumber: own.insurerNumber, insuredCardSymbol: own.insuredCardSymbol, insuredIdentificationNumber: own.insuredIdentificationNumber, birthdate: own.birthdate };
    const several = await client.queryInsurance(query, { arbitraryFileIdentifier: "req-1" });
    expect(several).toMatchObject({ processingResultStatus: "1", referenceClassification: "2", qualificationValidity: "5", arbitraryFileIdentifier: "req-1" });
    expect(several.insured).toBeUndefined();
    expect(await client.queryInsurance({ ...query, insuredBranchNumber: "02" })).toMatchObject({ qualificationValidity: "1", insured: { name: "加藤\u3000陽菜" } });
    expect((await client.queryInsurance({ ...query, insuredIdentificationNumber: "999999" })).qualificationValidity).toBe("4");
  });

  it("gives the cost-cap certificate in an insurance-data answer only with the consent flag", async () => {
    const own = (await byCard("P0011")).insured;
    if (own === undefined) throw new Error("no record");
    expect(own.limitApplicationCertificate).toBeUndefined();
    expect(own.copaymentRatio).toBe("010");
    const query = { insurerNumber: own.insurerNumber, insuredCardSymbol: own.insuredCardSymbol, insuredIdentificationNumber: own.insuredIdentificationNumber, insuredBranchNumber: own.insuredBranchNumber, birthdate: own.birthdate };
    expect((await onshi.client().queryInsurance(query)).insured?.limitApplicationCertificate).toBeUndefined();
    expect((await onshi.client().queryInsurance(query, { limitApplicationCertificateRelatedConsFlg: true })).insured?.limitApplicationCertificate?.classification).toBe("区分Ⅱ");
  });
});
