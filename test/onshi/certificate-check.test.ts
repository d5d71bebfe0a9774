import { X509Certificate } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { JpkiAuthority, KeyStore, verifyCertificate } from "../../sim/pki/index.ts";
import type { IssuedCertificate } from "../../sim/pki/index.ts";
import { checkAuthCertificate } from "../../sim/onshi/certificate-check.ts";
import { DAY, testAuthority } from "./support/onshi-fixture.ts";

const holder = { name: "山田 太郎", birthDate: "1980-04-01", sex: "male" as const, address: "東京都千代田区" };
let authority: JpkiAuthority;
let certificates: IssuedCertificate[];
const base = Date.UTC(2026, 0, 31, 12);

beforeAll(async () => {
  authority = await testAuthority();
  const keys = await KeyStore.shared().keyPair("persona:P0001:auth");
  const other = await JpkiAuthority.create({ name: "OTHER", keyStore: KeyStore.shared() });
  const issue = (a: JpkiAuthority, kind: "auth" | "sign", notBefore: number, notAfter: number) =>
    a.issue({ kind, publicKey: keys.publicKey, notBefore: new Date(notBefore), notAfter: new Date(notAfter), holder });
  certificates = await Promise.all([
    issue(authority, "auth", base - 400 * DAY, base + 400 * DAY),
    issue(authority, "auth", base - 400 * DAY, base - 31 * DAY), // ends on the last day of a month
    issue(authority, "auth", base + 10 * DAY, base + 400 * DAY),
    issue(authority, "sign", base - 400 * DAY, base + 400 * DAY),
    issue(other, "auth", base - 400 * DAY, base + 400 * DAY),
    issue(authority, "auth", base - 400 * DAY, base + 400 * DAY),
  ]);
  authority.revoke("auth", certificates[5]?.serialNumber ?? "", { date: new Date(base - 5 * DAY) });
});

describe("the service's certificate check", () => {
  test.prop([fc.nat({ max: 5 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 4 })], { numRuns: 300 })(
    "agrees with sim/pki verifyCertificate (issuer, signature, revocation, validity, month grace)",
    async (which, days, months) => {
      const certificate = certificates[which];
      if (certificate === undefined) throw new Error("fixture");
      const at = new Date(base + days * DAY + (days % 7) * 3_600_000);
      const expected = await verifyCertificate(authority, "auth", certificate.der, { at, graceAfterExpiryMonths: months });
      expect(checkAuthCertificate(authority, new X509Certificate(certificate.der), { at, graceAfterExpiryMonths: months })).toEqual(expected);
    },
  );
});
