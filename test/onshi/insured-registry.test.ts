import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { BUILT_IN_PERSONAS } from "../../sim/personas/index.ts";
import { InsuredRegistry } from "../../sim/onshi/insured-registry.ts";
import { PERSONA_CASES, personaEligibilities } from "../../sim/onshi/persona-eligibility.ts";
import { toInsuredRecord } from "../../sim/onshi/eligibility.ts";
import { isValidInsurerNumber } from "../../sim/onshi/insurer-number.ts";

const compact = (d: Date): string => d.toISOString().slice(0, 10).replaceAll("-", "");
const caseOf = (id: string): string => Object.entries(PERSONA_CASES).find(([, ids]) => ids.includes(id))?.[0] ?? "1";

describe("the synthetic insured registry", () => {
  test.prop([fc.date({ min: new Date("2025-01-01"), max: new Date("2035-12-31"), noInvalidDate: true })], { numRuns: 40 })(
    "answers each built-in persona's documented case on any reference date (card reads); the others are valid",
    (at) => {
      const date = compact(at);
      const registry = new InsuredRegistry(personaEligibilities(date));
      for (const persona of BUILT_IN_PERSONAS) {
        const expected = caseOf(persona.id) === "5" ? "1" : caseOf(persona.id); // 5 happens only for insurance-data queries
        expect(registry.lookupPerson(persona.id, date).validity, persona.id).toBe(expected);
      }
    },
  );

  it("is deterministic and every record has a valid insurer number", () => {
    expect(personaEligibilities("20261122")).toEqual(personaEligibilities("20261122"));
    for (const e of personaEligibilities("20261122")) expect(isValidInsurerNumber(e.insurer.number)).toBe(true);
  });

  const date = "20261122";
  const registry = new InsuredRegistry(personaEligibilities(date));

  it("2: a lost eligibility with its loss date and reason (99 other, 02 public assistance)", () => {
    const p13 = registry.lookupPerson("P0013", date);
    expect(p13.validity).toBe("2");
    expect(p13.eligibility).toMatchObject({ disqualificationDate: "20260901", reasonOfLoss: "99" });
    expect(registry.lookupPerson("P0020", date).eligibility?.reasonOfLoss).toBe("02");
  });

  it("3: lost (03 other insurance) with a newer eligibility starting next month; by the old card numbers too", () => {
    const a = registry.lookupPerson("P0012", date);
    expect(a.validity).toBe("3");
    expect(a.eligibility).toMatchObject({ reasonOfLoss: "03", disqualificationDate: "20261101" });
    const old = a.eligibility;
    if (old === undefined) throw new Error("no record");
    expect(registry.lookupInsuranceData({ insurerNumber: old.insurer.number, insuredCardSymbol: old.insuredCardSymbol, insuredIdentificationNumber: old.insuredIdentificationNumber, birthdate: old.birthdate }, date).validity).toBe("3");
    expect(registry.lookupPerson("P0012", "20261201").validity).toBe("1");
  });

  it("4: no eligibility for P0023 or an unknown person; 6: P0024's pending registration", () => {
    expect(registry.lookupPerson("P0023", date)).toEqual({ validity: "4" });
    expect(registry.lookupPerson("P9999", date)).toEqual({ validity: "4" });
    expect(registry.lookupPerson("P0024", date)).toMatchObject({ validity: "6", eligibility: { registrationPending: true } });
  });

  it("5: P0010 and her twin match an insurance-data query without the branch number; with it, one each", () => {
    const p10 = registry.lookupPerson("P0010", date).eligibility;
    if (p10 === undefined) throw new Error("no record");
    const query = { insurerNumber: p10.insurer.number, insuredCardSymbol: p10.insuredCardSymbol, insuredIdentificationNumber: p10.insuredIdentificationNumber, birthdate: p10.birthdate };
    expect(registry.lookupInsuranceData(query, date)).toEqual({ validity: "5" });
    expect(registry.lookupInsuranceData({ ...query, insuredBranchNumber: "02" }, date)).toMatchObject({ validity: "1", eligibility: { personId: "P0010", personalFamilyClassification: "2" } });
    expect(registry.lookupInsuranceData({ ...query, insuredBranchNumber: "03" }, date).eligibility?.personId).toBe("T-P0010");
    expect(registry.lookupInsuranceData({ ...query, birthdate: "20120116" }, date)).toEqual({ validity: "4" });
  });

  it("moves the 75-and-over to the prefecture's 後期高齢者 union on the 75th birthday (10%, or by income)", () => {
    const p17 = registry.eligibilitiesOf("P0017");
    expect(p17).toHaveLength(2);
    expect(p17[0]).toMatchObject({ disqualificationDate: "20260131", reasonOfLoss: "99" });
    expect(p17[1]).toMatchObject({ qualificationDate: "20260131", insurer: { kind: "koki" } });
    const record = (id: string) => {
      const e = registry.lookupPerson(id, date).eligibility;
      if (e === undefined) throw new Error(id);
      return toInsuredRecord(e, date, false);
    };
    expect(record("P0011").copaymentRatio).toBe("010");
    expect(record("P0003").copaymentRatio).toBe("020");
    expect(record("P0017").copaymentRatio).toBe("030");
    expect(record("P0001").copaymentRatio).toBe("030");
    expect(record("P0009")).toMatchObject({ personalFamilyClassification: "2", insuredBranchNumber: "01" });
  });

  it("includes a cost-cap certificate only when asked (consent)", () => {
    const e = registry.lookupPerson("P0014", date).eligibility;
    if (e === undefined) throw new Error("no record");
    expect(toInsuredRecord(e, date, false).limitApplicationCertificate).toBeUndefined();
    expect(toInsuredRecord(e, date, true).limitApplicationCertificate).toEqual({ classification: "ウ", validFrom: "20260801", validTo: "20270731" });
  });
});
