import { X509Certificate, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCertificate } from "../../sim/pki/certificate-verifier.ts";
import type { IssuedCertificate } from "../../sim/pki/issued-certificate.ts";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import type { RsaKeyPair } from "../../sim/pki/key-store.ts";
import { holder, validity } from "./persona.ts";
import { temporaryKeyStore } from "./temporary-key-store.ts";

const at = (iso: string): { at: Date } => ({ at: new Date(iso) });
const threeMonths = { graceAfterExpiryMonths: 3 };

describe("verifyCertificate", () => {
  let remove: () => Promise<void>;
  let authority: JpkiAuthority;
  let impostor: JpkiAuthority;
  let keys: RsaKeyPair;
  let certificate: IssuedCertificate;

  beforeAll(async () => {
    let keyStore;
    ({ keyStore, remove } = await temporaryKeyStore());
    // The impostor has the same name (so the same issuer DN) but its own keys: a memory-only KeyStore.
    [authority, impostor, keys] = await Promise.all([
      JpkiAuthority.create({ keyStore }),
      JpkiAuthority.create({ keyStore: new KeyStore({ directory: null }) }),
      keyStore.keyPair("persona:P0003:auth"),
    ]);
    certificate = await authority.issue({ kind: "auth", publicKey: keys.publicKey, holder, ...validity });
  });
  afterAll(() => remove());

  it("accepts a valid certificate inside its validity", async () => {
    expect(await verifyCertificate(authority, "auth", certificate.der, at("2025-06-01T00:00:00Z"))).toEqual({
      ok: true,
      serialNumber: certificate.serialNumber,
      notAfter: validity.notAfter,
      inGrace: false,
    });
    expect(await verifyCertificate(authority, "auth", certificate.der, { at: validity.notAfter })).toMatchObject({ ok: true, inGrace: false });
    expect(await verifyCertificate(authority, "auth", certificate.der, { at: validity.notBefore })).toMatchObject({ ok: true });
  });

  it("says not-yet-valid before notBefore and expired after notAfter without grace", async () => {
    expect(await verifyCertificate(authority, "auth", certificate.der, at("2023-12-31T23:59:59Z"))).toEqual({ ok: false, reason: "not-yet-valid" });
    expect(await verifyCertificate(authority, "auth", certificate.der, at("2029-01-01T00:00:01Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it("passes in grace for three months after expiry, then says expired", async () => {
    expect(await verifyCertificate(authority, "auth", certificate.der, { ...at("2029-03-01T00:00:00Z"), ...threeMonths })).toMatchObject({ ok: true, inGrace: true });
    expect(await verifyCertificate(authority, "auth", certificate.der, { ...at("2029-04-01T00:00:00Z"), ...threeMonths })).toMatchObject({ ok: true, inGrace: true });
    expect(await verifyCertificate(authority, "auth", certificate.der, { ...at("2029-04-02T00:00:00Z"), ...threeMonths })).toEqual({ ok: false, reason: "expired" });
  });

  it("counts a grace period in days too", async () => {
    const twoMonthsLate = at("2029-03-01T00:00:00Z");
    expect(await verifyCertificate(authority, "auth", certificate.der, { ...twoMonthsLate, graceAfterExpiryDays: 90 })).toMatchObject({ ok: true, inGrace: true });
    expect(await verifyCertificate(authority, "auth", certificate.der, { ...twoMonthsLate, graceAfterExpiryDays: 30 })).toEqual({ ok: false, reason: "expired" });
  });

  it("says revoked from the revocation date on", async () => {
    const doomed = await authority.issue({ kind: "auth", publicKey: keys.publicKey, holder, ...validity });
    authority.revoke("auth", doomed.serialNumber, { date: new Date("2025-06-01T00:00:00Z"), reason: "affiliationChanged" });
    expect(await verifyCertificate(authority, "auth", doomed.der, at("2025-05-31T23:59:59Z"))).toMatchObject({ ok: true });
    expect(await verifyCertificate(authority, "auth", doomed.der, at("2025-06-01T00:00:00Z"))).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyCertificate(authority, "auth", certificate.der, at("2025-06-01T00:00:00Z"))).toMatchObject({ ok: true });
  });

  it("says wrong-issuer for a certificate from another authority with the same name, and for the other kind's CA", async () => {
    const foreign = await impostor.issue({ kind: "auth", publicKey: keys.publicKey, holder, ...validity });
    expect(new X509Certificate(foreign.der).issuer).toBe(new X509Certificate(certificate.der).issuer);
    expect(await verifyCertificate(authority, "auth", foreign.der, at("2025-06-01T00:00:00Z"))).toEqual({ ok: false, reason: "wrong-issuer" });
    expect(await verifyCertificate(impostor, "auth", foreign.der, at("2025-06-01T00:00:00Z"))).toMatchObject({ ok: true });
    expect(await verifyCertificate(authority, "sign", certificate.der, at("2025-06-01T00:00:00Z"))).toEqual({ ok: false, reason: "wrong-issuer" });
  });

  it("says bad-signature for a tampered certificate", async () => {
    const tamperedSignature = Uint8Array.from(certificate.der);
    tamperedSignature[tamperedSignature.length - 1] = (tamperedSignature.at(-1) ?? 0) ^ 0x01;
    expect(await verifyCertificate(authority, "auth", tamperedSignature, at("2025-06-01T00:00:00Z"))).toEqual({ ok: false, reason: "bad-signature" });

    // Move notAfter from 2029 to 2039 inside the signed part: the signature no longer matches.
    const der = Buffer.from(certificate.der);
    const notAfter = der.indexOf(Buffer.from("290101000000Z"));
    expect(notAfter).toBeGreaterThan(0);
    const tamperedValidity = Uint8Array.from(der);
    tamperedValidity[notAfter] = "3".charCodeAt(0);
    expect(await verifyCertificate(authority, "auth", tamperedValidity, at("2030-06-01T00:00:00Z"))).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("says malformed for garbage, empty and truncated input, never throwing", async () => {
    for (const bytes of [randomBytes(300), new Uint8Array(0), certificate.der.subarray(0, 100), Uint8Array.of(0x30, 0x82, 0xff, 0xff)]) {
      expect(await verifyCertificate(authority, "auth", bytes)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
