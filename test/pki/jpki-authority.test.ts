import { X509Certificate, sign, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import type { IssuedCertificate } from "../../sim/pki/issued-certificate.ts";
import { jpkiOids } from "../../sim/pki/jpki-oids.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import type { RsaKeyPair } from "../../sim/pki/key-store.ts";
import { readSigningIdentity } from "../../sim/pki/signing-identity.ts";
import { verifyCertificate } from "../../sim/pki/certificate-verifier.ts";
import { x509 } from "../../sim/pki/x509.ts";
import { holder, validity } from "./persona.ts";
import { temporaryKeyStore } from "./temporary-key-store.ts";

const { KeyUsageFlags } = x509;

function extension<T extends x509.Extension>(der: Uint8Array, type: new (raw: ArrayBuffer | ArrayBufferView) => T): T {
  const found = new x509.X509Certificate(der).getExtension(type);
  if (found === null) throw new Error(`missing ${type.name}`);
  return found;
}

function subjectAttributes(der: Uint8Array, type: string): string[] {
  return new x509.X509Certificate(der).subjectName.getField(type);
}

const hex = (bytes: ArrayBuffer | string): string => (typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("hex")).toLowerCase();

describe("JpkiAuthority", () => {
  let keyStore: KeyStore;
  let directory: string;
  let remove: () => Promise<void>;
  let authority: JpkiAuthority;
  let cardKeys: RsaKeyPair;
  let auth: IssuedCertificate;
  let signing: IssuedCertificate;

  beforeAll(async () => {
    ({ keyStore, directory, remove } = await temporaryKeyStore());
    [authority, cardKeys] = await Promise.all([JpkiAuthority.create({ keyStore }), keyStore.keyPair("persona:P0001:auth")]);
    [auth, signing] = await Promise.all([
      authority.issue({ kind: "auth", publicKey: cardKeys.publicKey, holder, ...validity }),
      authority.issue({ kind: "sign", publicKey: cardKeys.publicKey, holder, ...validity }),
    ]);
  });
  afterAll(() => remove());

  describe("CA certificates", () => {
    it.each(["auth", "sign"] as const)("%s CA is a self-signed RSA-2048 CA valid 2020..2040", (kind) => {
      const ca = authority.caCertificate(kind);
      const parsed = new X509Certificate(ca.der);
      expect(parsed.ca).toBe(true);
      expect(parsed.verify(parsed.publicKey)).toBe(true);
      expect(parsed.checkIssued(parsed)).toBe(true);
      expect(parsed.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(ca.notBefore.toISOString()).toBe("2020-01-01T00:00:00.000Z");
      expect(ca.notAfter.toISOString()).toBe("2040-01-01T00:00:00.000Z");
      expect(extension(ca.der, x509.BasicConstraintsExtension)).toMatchObject({ ca: true, critical: true });
      expect(extension(ca.der, x509.KeyUsagesExtension)).toMatchObject({ usages: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, critical: true });
      expect(extension(ca.der, x509.SubjectKeyIdentifierExtension).keyId).toMatch(/^[0-9a-f]{40}$/);
      expect(ca.subject).toContain(kind === "auth" ? "OU=JPKI for user authentication" : "OU=JPKI for digital signature");
    });

    it("uses different keys for the two CAs", () => {
      expect(authority.caCertificate("auth").publicKey.equals(authority.caCertificate("sign").publicKey)).toBe(false);
    });

    it("re-creates byte-identical CA certificates from the cached keys, in a fresh KeyStore on the same directory", async () => {
      const again = await JpkiAuthority.create({ keyStore: new KeyStore({ directory }) });
      for (const kind of ["auth", "sign"] as const) {
        expect(Buffer.from(again.caCertificate(kind).der).equals(Buffer.from(authority.caCertificate(kind).der))).toBe(true);
      }
      expect(await verifyCertificate(again, "sign", signing.der, { at: new Date("2025-01-01T00:00:00Z") })).toMatchObject({ ok: true });
    });
  });

  describe.each(["auth", "sign"] as const)("%s end-entity certificate", (kind) => {
    const issued = (): IssuedCertificate => (kind === "auth" ? auth : signing);

    it("parses with node, is signed by its CA and checkIssued by it, not by the other CA", () => {
      const parsed = new X509Certificate(issued().der);
      const ca = new X509Certificate(authority.caCertificate(kind).der);
      const otherCa = new X509Certificate(authority.caCertificate(kind === "auth" ? "sign" : "auth").der);
      expect(parsed.ca).toBe(false);
      expect(parsed.verify(ca.publicKey)).toBe(true);
      expect(parsed.checkIssued(ca)).toBe(true);
      expect(parsed.verify(otherCa.publicKey)).toBe(false);
      expect(parsed.checkIssued(otherCa)).toBe(false);
    });

    it("has the requested validity, the holder's public key and a consistent record", () => {
      const record = issued();
      const parsed = new X509Certificate(record.der);
      expect(record.notBefore).toEqual(validity.notBefore);
      expect(record.notAfter).toEqual(validity.notAfter);
      expect(new Date(parsed.validFrom)).toEqual(validity.notBefore);
      expect(new Date(parsed.validTo)).toEqual(validity.notAfter);
      expect(parsed.publicKey.equals(cardKeys.publicKey)).toBe(true);
      expect(record.publicKey.equals(cardKeys.publicKey)).toBe(true);
      expect(record.serialNumber).toMatch(/^[1-9a-f][0-9a-f]{31}$/);
      expect(record.serialNumber).toBe(parsed.serialNumber.toLowerCase());
    });

    it("verifies a signature made with the holder's private key", () => {
      const data = Buffer.from(`challenge for ${kind}`);
      const signature = sign("sha256", data, cardKeys.privateKey);
      const publicKey = new X509Certificate(issued().der).publicKey;
      expect(verify("sha256", data, publicKey, signature)).toBe(true);
      expect(verify("sha256", Buffer.from("other data"), publicKey, signature)).toBe(false);
    });

    it("points at its CA (AKI = CA SKI) and at a CRL distribution point", () => {
      const caKeyId = extension(authority.caCertificate(kind).der, x509.SubjectKeyIdentifierExtension).keyId;
      expect(extension(issued().der, x509.AuthorityKeyIdentifierExtension).keyId).toBe(caKeyId);
      const points = extension(issued().der, x509.CRLDistributionPointsExtension).distributionPoints;
      expect(points[0]?.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier).toBe(authority.crlUrl(kind));
      expect(authority.crlUrl(kind)).toMatch(/^http:\/\/127\.0\.0\.1\//);
    });
  });

  it("auth: keyUsage digitalSignature only (critical), clientAuth, JPKI-style subject without any personal data", () => {
    expect(extension(auth.der, x509.KeyUsagesExtension)).toMatchObject({ usages: KeyUsageFlags.digitalSignature, critical: true });
    expect(extension(auth.der, x509.ExtendedKeyUsageExtension).usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(extension(auth.der, x509.CertificatePolicyExtension).policies).toEqual([jpkiOids.authenticationPolicy]);
    expect(subjectAttributes(auth.der, "C")).toEqual(["JP"]);
    expect(subjectAttributes(auth.der, "O")).toEqual(["JPKI"]);
    expect(subjectAttributes(auth.der, "OU")[0]).toBe("JPKI for user authentication");
    expect(subjectAttributes(auth.der, "OU")).toHaveLength(2);
    expect(subjectAttributes(auth.der, "CN")[0]).toMatch(/^[0-9A-Z]{25}$/);
    const der = Buffer.from(auth.der);
    for (const personal of [holder.name, "山田", holder.address, holder.nameKana ?? ""]) expect(der.includes(Buffer.from(personal))).toBe(false);
    expect(new X509Certificate(auth.der).subjectAltName).toBeUndefined();
    expect(readSigningIdentity(auth.der)).toBeNull();
  });

  it("sign: keyUsage digitalSignature+nonRepudiation (critical), an opaque CN, 基本4情報 in subjectAltName otherNames", () => {
    expect(extension(signing.der, x509.KeyUsagesExtension)).toMatchObject({
      usages: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
      critical: true,
    });
    expect(extension(signing.der, x509.CertificatePolicyExtension).policies).toEqual([jpkiOids.signingPolicy]);
    // As in real JPKI: an opaque CN, the name only in the subjectAltName.
    expect(subjectAttributes(signing.der, "CN")).not.toEqual([holder.name]);
    expect(subjectAttributes(signing.der, "CN")[0]).toMatch(/^[0-9A-Z]{20,}$/);
    expect(subjectAttributes(signing.der, "OU")[0]).toBe("JPKI for digital signature");
    const identity = readSigningIdentity(signing.der);
    const { nameKana: _kana, ...basicFour } = holder;
    expect(identity).toMatchObject(basicFour);
    expect(identity?.encoded).toMatchObject({
      [jpkiOids.name]: holder.name,
      [jpkiOids.birthDate]: "419900102",
      [jpkiOids.sex]: "2",
      [jpkiOids.address]: holder.address,
      [jpkiOids.nameSubstituteCharacters]: "00000",
    });
    // Only the public JPKI arc (jpki/myna Go jpki_ap.go; docs/domain/card-applications.md "Signing certificate SAN OIDs"):
    // the kana name used to go under an invented 2.25.<128-bit> OID, which has no public source and breaks parsers.
    expect(Object.keys(identity?.encoded ?? {}).every((oid) => oid.startsWith("1.2.392.200149.8.5.5."))).toBe(true);
  });

  it("issues unique serial numbers and refuses a serial it already issued", async () => {
    const again = await authority.issue({ kind: "auth", publicKey: cardKeys.publicKey, holder, ...validity });
    expect(again.serialNumber).not.toBe(auth.serialNumber);
    const chosen = await authority.issue({ kind: "auth", publicKey: cardKeys.publicKey, holder, ...validity, serialNumber: "00C0FFEE" });
    expect(chosen.serialNumber).toBe("c0ffee");
    expect(hex(new X509Certificate(chosen.der).serialNumber)).toBe("c0ffee");
    await expect(authority.issue({ kind: "auth", publicKey: cardKeys.publicKey, holder, ...validity, serialNumber: "c0ffee" })).rejects.toThrow(RangeError);
  });

  it("refuses bad requests with a clear error", async () => {
    const base = { kind: "sign" as const, publicKey: cardKeys.publicKey, holder, ...validity };
    await expect(authority.issue({ ...base, holder: { ...holder, birthDate: "1990-02-30" } })).rejects.toThrow(/birthDate/);
    await expect(authority.issue({ ...base, notAfter: validity.notBefore })).rejects.toThrow(/notAfter/);
    await expect(authority.issue({ ...base, publicKey: cardKeys.privateKey })).rejects.toThrow(TypeError);
  });
});
