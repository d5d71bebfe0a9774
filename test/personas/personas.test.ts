import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ageOn, BUILT_IN_PERSONAS, completeMyNumber, findPersona, isValidMyNumber, myNumberCheckDigit } from "../../sim/personas/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

describe("My Number check digit", () => {
  it("matches the published worked example 1234 5678 9018", () => {
    expect(myNumberCheckDigit("12345678901")).toBe(8);
    expect(isValidMyNumber("123456789018")).toBe(true);
    expect(isValidMyNumber("123456789019")).toBe(false);
    expect(isValidMyNumber("12345678901")).toBe(false);
    expect(completeMyNumber("00000000000")).toBe("000000000000");
  });
});

describe("built-in personas", () => {
  it("have stable unique IDs and valid My Numbers", () => {
    const ids = BUILT_IN_PERSONAS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe("P0001");
    expect(findPersona("P0001").name).toBe("山田 太郎");
    for (const p of BUILT_IN_PERSONAS) expect(isValidMyNumber(p.myNumber), p.id).toBe(true);
    expect(new Set(BUILT_IN_PERSONAS.map((p) => p.myNumber)).size).toBe(ids.length);
    expect(() => findPersona("P9999")).toThrow(/unknown persona/);
  });

  it("cover every certificate state and children under 15", () => {
    const states = new Set(BUILT_IN_PERSONAS.map((p) => p.certificateStatus));
    expect([...states].sort()).toEqual(["expired", "expired-in-grace", "expiring", "revoked", "valid"]);
    const now = new Date("2026-11-22T00:00:00Z");
    expect(BUILT_IN_PERSONAS.some((p) => ageOn(p, now) < 15)).toBe(true);
    expect(ageOn({ birthDate: "2011-11-23" }, now)).toBe(14);
    expect(ageOn({ birthDate: "2011-11-22" }, now)).toBe(15);
  });

  it("are issued certificates whose validity matches their state", async () => {
    const now = new Date("2026-11-22T00:00:00Z");
    const registry = freshCardRegistry({ now });
    const authority = await registry.authority();
    const day = 86_400_000;
    const valid = await registry.card("P0001");
    expect(new Date(new X509Certificate(valid.authCertificate.der).validTo).getTime()).toBeGreaterThan(now.getTime() + 365 * day);
    const grace = await registry.card("P0006");
    const graceEnd = new Date(new X509Certificate(grace.authCertificate.der).validTo).getTime();
    expect(Math.round((now.getTime() - graceEnd) / day)).toBe(60);
    const revoked = await registry.card("P0008");
    expect(authority.isRevoked("auth", revoked.authCertificate.serialNumber)).toBe(true);
    expect(authority.isRevoked("auth", valid.authCertificate.serialNumber)).toBe(false);
  });
});
