import type { KeyObject } from "node:crypto";
import type { CertificateKind, IssuedCertificate, JpkiAuthority, RsaKeyPair } from "../pki/index.ts";
import type { JpkiKeyMaterial } from "./jpki-key-material.ts";

/** JPKI material with both certificates, as an adult's card and every phone token hold it. */
export interface CardKeyMaterial extends JpkiKeyMaterial {
  signCertificate: IssuedCertificate;
  signKey: KeyObject;
}

/**
 * Issues the user-authentication and signing certificates (in parallel) with `issue`, and bundles them with the
 * authority's CA certificates and the private keys. Phones use it (their `issue` picks key slots and validity).
 */
export async function issueCardKeyMaterial(
  authority: JpkiAuthority,
  issue: (kind: CertificateKind) => Promise<{ keys: RsaKeyPair; certificate: IssuedCertificate }>,
): Promise<CardKeyMaterial> {
  const [auth, sign] = await Promise.all([issue("auth"), issue("sign")]);
  return {
    authCertificate: auth.certificate,
    signCertificate: sign.certificate,
    authCaCertificate: authority.caCertificate("auth").der,
    signCaCertificate: authority.caCertificate("sign").der,
    authKey: auth.keys.privateKey,
    signKey: sign.keys.privateKey,
  };
}
