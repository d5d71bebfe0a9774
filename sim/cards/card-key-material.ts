import type { KeyObject } from "node:crypto";
import type { CertificateKind, IssuedCertificate, JpkiAuthority, RsaKeyPair } from "../pki/index.ts";

/** The JPKI material a card or phone token is issued with: certificates, their CAs, and the private keys. */
export interface CardKeyMaterial {
  authCertificate: IssuedCertificate;
  signCertificate: IssuedCertificate;
  authCaCertificate: Uint8Array;
  signCaCertificate: Uint8Array;
  authKey: KeyObject;
  signKey: KeyObject;
}

/**
 * Issues the user-authentication and signing certificates (in parallel) with `issue`, and bundles them with the
 * authority's CA certificates and the private keys. Cards and phones differ only in `issue` (key slots, validity).
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
