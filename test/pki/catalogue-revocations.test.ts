import { describe, expect, it } from "vitest";
import { catalogueRevokedHolder, personaCardSerialNumber } from "../../sim/pki/index.ts";

const period = { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2031-01-01T00:00:00Z") };
const shifted = { notBefore: new Date(period.notBefore.getTime() + 1000), notAfter: period.notAfter };

describe("the catalogue's revocations (remembered answers)", () => {
  it("answers a repeated question as the first time, and only for the exact authority, kind, serial and validity", () => {
    const revoked = personaCardSerialNumber("JPKI", "auth", "P0008", period);
    const valid = personaCardSerialNumber("JPKI", "auth", "P0001", period);
    for (let round = 0; round < 3; round++) {
      expect(catalogueRevokedHolder("JPKI", "auth", revoked, period)).toBe("P0008");
      expect(catalogueRevokedHolder("JPKI", "auth", valid, period)).toBeUndefined();
      expect(catalogueRevokedHolder("JPKI", "auth", revoked, shifted)).toBeUndefined();
      expect(catalogueRevokedHolder("OTHER", "auth", revoked, period)).toBeUndefined();
      expect(catalogueRevokedHolder("JPKI", "sign", revoked, period)).toBeUndefined();
      expect(catalogueRevokedHolder("JPKI", "sign", personaCardSerialNumber("JPKI", "sign", "P0008", shifted), shifted)).toBe("P0008");
    }
    // Sub-second parts do not matter (a certificate states whole seconds), as before.
    expect(catalogueRevokedHolder("JPKI", "auth", revoked, { notBefore: new Date(period.notBefore.getTime() + 999), notAfter: period.notAfter })).toBe("P0008");
  });

  it("still answers right once many other certificates were asked about", () => {
    const revoked = personaCardSerialNumber("JPKI", "auth", "P0008", period);
    expect(catalogueRevokedHolder("JPKI", "auth", revoked, period)).toBe("P0008");
    for (let i = 0; i < 10_000; i++) catalogueRevokedHolder("JPKI", "auth", i.toString(16).padStart(32, "4"), period);
    expect(catalogueRevokedHolder("JPKI", "auth", revoked, period)).toBe("P0008");
    expect(catalogueRevokedHolder("JPKI", "auth", "40".repeat(16), period)).toBeUndefined();
  });
});
