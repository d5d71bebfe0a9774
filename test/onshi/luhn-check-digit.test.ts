import { describe, expect, it } from "vitest";
import { luhnCheckDigit } from "../../sim/onshi/luhn-check-digit.ts";

describe("luhnCheckDigit (shared by 保険者番号 and 医療機関コード)", () => {
  it("gives the public worked examples: 3312001 → 5, 011011371 → 9 (0110113719)", () => {
    expect(luhnCheckDigit("3312001")).toBe(5);
    expect(luhnCheckDigit("011011371")).toBe(9);
  });

  it("gives 0 when the weighted sum ends in 0, and counts a two-digit product as its digit sum", () => {
    expect(luhnCheckDigit("0")).toBe(0);
    expect(luhnCheckDigit("5")).toBe(9); // 5 × 2 = 10 → 1 + 0 = 1 → 9
    expect(luhnCheckDigit("7992739871")).toBe(3); // the textbook Luhn example 79927398713
  });

  it("refuses an empty string and non-digits", () => {
    for (const bad of ["", "12a4", "１２３", " 123"]) expect(() => luhnCheckDigit(bad)).toThrow(RangeError);
  });
});
