import { describe, expect, it } from "vitest";
import { BUILT_IN_PERSONAS, collationNumberB, eraBirthDate, findPersona, holdsSigningCertificate, japaneseEra } from "../../sim/personas/index.ts";

describe("Japanese era (soltia48/myna-card src/data.rs `Date::to_era` @ 08c204b2)", () => {
  it.each([
    ["1980-02-17", "showa", 55],
    ["1989-01-07", "showa", 64],
    ["1989-01-08", "heisei", 1],
    ["2019-04-30", "heisei", 31],
    ["2019-05-01", "reiwa", 1],
    ["1926-12-25", "showa", 1],
    ["1926-12-24", "taisho", 15],
    ["1912-07-30", "taisho", 1],
    ["1868-01-25", "meiji", 1],
  ] as const)("%s is %s %i", (date, era, year) => {
    expect(japaneseEra(date)).toEqual({ era, year });
  });

  it("refuses a date before Meiji or not a date", () => {
    expect(() => japaneseEra("1867-01-01")).toThrow(RangeError);
    expect(() => japaneseEra("1980-02-30")).toThrow(RangeError);
  });
});

describe("照合番号B", () => {
  it("is myna-card's confirmed example: 1980-02-17, expiry 2035, code 2285 → 55021720352285", () => {
    expect(collationNumberB({ birthDate: "1980-02-17", cardExpiry: "2035-02-17", securityCode: "2285" })).toBe("55021720352285");
    expect(eraBirthDate("1980-02-17")).toBe("550217");
  });

  it("is 14 digits with the era year for every built-in persona (平成/令和 children included)", () => {
    for (const p of BUILT_IN_PERSONAS) expect(collationNumberB(p), p.id).toMatch(/^[0-9]{14}$/);
    // P0009, born 2015-05-02: 平成27.
    expect(collationNumberB(findPersona("P0009")).slice(0, 6)).toBe("270502");
    // P0011, born 1939-10-10: 昭和14.
    expect(collationNumberB(findPersona("P0011")).slice(0, 6)).toBe("141010");
  });
});

describe("signing certificate at issuance", () => {
  it("is issued from 15 on the issue date", () => {
    const p = findPersona("P0021"); // born 2010-12-24
    expect(holdsSigningCertificate(p, new Date("2025-12-23T00:00:00Z"))).toBe(false);
    expect(holdsSigningCertificate(p, new Date("2025-12-24T00:00:00Z"))).toBe(true);
  });
});
