import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { completeInsurerNumber, insurerCheckDigit, isValidInsurerNumber } from "../../sim/onshi/insurer-number.ts";
import { BUILT_IN_INSURERS } from "../../sim/onshi/insurer.ts";
import { isValidMedicalInstitutionCode, medicalInstitutionCode } from "../../sim/onshi/medical-institution-code.ts";

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));

describe("保険者番号 check digit (MHLW 保険者番号設定要領)", () => {
  it("gives the published worked example: 3312001 → 5", () => {
    expect(insurerCheckDigit("3312001")).toBe(5);
    expect(isValidInsurerNumber("33120015")).toBe(true);
    expect(isValidInsurerNumber("33120016")).toBe(false);
  });

  test.prop([fc.oneof(digits(5), digits(7))])("a completed number is valid, with 6 or 8 digits", (body) => {
    const number = completeInsurerNumber(body);
    expect(number).toHaveLength(body.length + 1);
    expect(isValidInsurerNumber(number)).toBe(true);
  });

  test.prop([fc.oneof(digits(5), digits(7)), fc.nat(), fc.integer({ min: 1, max: 9 })])("any single wrong digit is detected", (body, at, delta) => {
    const number = completeInsurerNumber(body);
    const i = at % number.length;
    const changed = number.slice(0, i) + String((Number(number[i]) + delta) % 10) + number.slice(i + 1);
    expect(isValidInsurerNumber(changed)).toBe(false);
  });

  it("refuses other lengths and non-digits", () => {
    for (const bad of ["", "1234567", "123456789", "0113901a", "１２３４５６"]) expect(isValidInsurerNumber(bad)).toBe(false);
    expect(() => insurerCheckDigit("123")).toThrow(RangeError);
  });

  it("gives every built-in insurer a valid, unique number: 8 digits, 6 for 国保", () => {
    const numbers = BUILT_IN_INSURERS.map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const insurer of BUILT_IN_INSURERS) {
      expect(isValidInsurerNumber(insurer.number), insurer.name).toBe(true);
      expect(insurer.number).toHaveLength(insurer.kind === "kokuho" ? 6 : 8);
    }
  });
});

describe("医療機関コード", () => {
  it("accepts the public example and codes built from parts, and refuses a wrong check digit", () => {
    expect(isValidMedicalInstitutionCode("0110113719")).toBe(true);
    expect(isValidMedicalInstitutionCode("0110113718")).toBe(false);
    const code = medicalInstitutionCode(13, "pharmacy", 123_456);
    expect(code).toMatch(/^134123456\d$/);
    expect(isValidMedicalInstitutionCode(code)).toBe(true);
    expect(isValidMedicalInstitutionCode("13412345")).toBe(false);
  });
});
