import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JpkiAuthority } from "../../sim/pki/jpki-authority.ts";
import type { IssuedCertificate } from "../../sim/pki/issued-certificate.ts";
import { KeyStore } from "../../sim/pki/key-store.ts";
import { x509 } from "../../sim/pki/x509.ts";
import { holder, validity } from "./persona.ts";
import { temporaryKeyStore } from "./temporary-key-store.ts";

function caPublicKey(authority: JpkiAuthority, kind: "auth" | "sign"): x509.PublicKey {
  return new x509.X509Certificate(authority.caCertificate(kind).der).publicKey;
}

describe("JpkiAuthority revocation and CRL", () => {
  let remove: () => Promise<void>;
  let authority: JpkiAuthority;
  let revoked: IssuedCertificate;
  let kept: IssuedCertificate;
  let revokedSigning: IssuedCertificate;
  const now = new Date("2026-03-01T09:00:00Z");
  const revokedAt = new Date("2026-02-15T12:00:00Z");

  beforeAll(async () => {
    let keyStore;
    ({ keyStore, remove } = await temporaryKeyStore());
    authority = await JpkiAuthority.create({ keyStore });
    const { publicKey } = await keyStore.keyPair("persona:P0002:auth");
    [revoked, kept, revokedSigning] = await Promise.all([
      authority.issue({ kind: "auth", publicKey, holder, ...validity }),
      authority.issue({ kind: "auth", publicKey, holder, ...validity }),
      authority.issue({ kind: "sign", publicKey, holder, ...validity }),
    ]);
    authority.revoke("auth", revoked.serialNumber, { date: revokedAt, reason: "keyCompromise" });
    authority.revoke("sign", revokedSigning.serialNumber);
  });
  afterAll(() => remove());

  it("isRevoked is true for the revoked serial (any case, leading zeros) and only for its kind", () => {
    expect(authority.isRevoked("auth", revoked.serialNumber)).toBe(true);
    expect(authority.isRevoked("auth", `00${revoked.serialNumber.toUpperCase()}`)).toBe(true);
    expect(authority.isRevoked("auth", kept.serialNumber)).toBe(false);
    expect(authority.isRevoked("sign", revoked.serialNumber)).toBe(false);
    expect(authority.isRevoked("auth", "not hex")).toBe(false);
    expect(authority.revocation("auth", revoked.serialNumber)).toEqual({ date: revokedAt, reason: "keyCompromise" });
    expect(authority.revocation("sign", revokedSigning.serialNumber)?.reason).toBe("unspecified");
  });

  it("lists the revoked serial in a v2 CRL signed by the kind's CA, with dates and reason", async () => {
    const crl = new x509.X509Crl(await authority.crl("auth", now));
    expect(await crl.verify({ publicKey: caPublicKey(authority, "auth") })).toBe(true);
    expect(await crl.verify({ publicKey: caPublicKey(authority, "sign") })).toBe(false);
    expect(crl.issuer).toBe(authority.caCertificate("auth").subject);
    expect(crl.thisUpdate).toEqual(now);
    expect(crl.nextUpdate).toEqual(new Date(now.getTime() + 86_400_000));
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toEqual([revoked.serialNumber]);
    const entry = crl.findRevoked(revoked.serialNumber);
    expect(entry?.revocationDate).toEqual(revokedAt);
    expect(entry?.reason).toBe(x509.X509CrlReason.keyCompromise);
    expect(crl.findRevoked(kept.serialNumber)).toBeNull();
  });

  it("keeps each kind's CRL separate and leaves the reason out for 'unspecified'", async () => {
    const crl = new x509.X509Crl(await authority.crl("sign", now));
    expect(await crl.verify({ publicKey: caPublicKey(authority, "sign") })).toBe(true);
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toEqual([revokedSigning.serialNumber]);
    expect(crl.entries[0]?.reason).toBeUndefined();
  });

  it("gives an empty, still signed CRL when nothing is revoked", async () => {
    const fresh = await JpkiAuthority.create({ keyStore: new KeyStore({ directory: null }) });
    const crl = new x509.X509Crl(await fresh.crl("auth"));
    expect(crl.entries).toHaveLength(0);
    expect(await crl.verify({ publicKey: caPublicKey(fresh, "auth") })).toBe(true);
  });
});
