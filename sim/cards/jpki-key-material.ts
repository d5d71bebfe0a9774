import type { KeyObject } from "node:crypto";
import type { IssuedCertificate } from "../pki/index.ts";

/**
 * The JPKI material a token holds: the user-authentication certificate and key, both CA certificates, and — except on a
 * card issued to a child under 15 — the signing certificate and key (docs/domain/card-apdus.md "Under-15 cards").
 */
export interface JpkiKeyMaterial {
  authCertificate: IssuedCertificate;
  authCaCertificate: Uint8Array;
  signCaCertificate: Uint8Array;
  authKey: KeyObject;
  /** The signing certificate; absent on a card issued under 15. */
  signCertificate?: IssuedCertificate;
  /** The signing key; absent with the signing certificate. */
  signKey?: KeyObject;
}
