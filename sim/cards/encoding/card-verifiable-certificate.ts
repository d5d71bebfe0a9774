import { type KeyObject, sign } from "node:crypto";
import { concatBytes } from "../../apdu/tlv.ts";
import { cardPublicKey } from "./card-public-key.ts";
import { cardTlv } from "./card-tlv.ts";

/** What a card-verifiable certificate binds. */
export interface CardVerifiableCertificateRequest {
  /** 証明者鍵ID: the key that signs (16 bytes). */
  issuerKeyId: Uint8Array;
  /** 被証明者鍵ID: the key certified (16 bytes). */
  subjectKeyId: Uint8Array;
  /** The certified RSA-2048 public key. */
  publicKey: KeyObject;
  /** The issuer's private key. */
  issuerKey: KeyObject;
}

/**
 * A card-verifiable certificate as the card-info and card-face APs keep it in EF 0004 (568 bytes):
 * `7F21 82 02 33 { 5F4E 82 01 29 <issuer id 16 | subject id 16 | 90/91 public key>, 5F37 82 01 00 <signature> }`, the
 * signature PKCS#1 v1.5 with SHA-256 over the 297-byte body (myna-card `CardVerifiableCertificate`, jpki/myna Go
 * `TextCertificate`, jsapdu `schemaCertificate`; docs/domain/card-applications.md "EF 0004 — the AP's certificate").
 */
export function cardVerifiableCertificate(request: CardVerifiableCertificateRequest): Uint8Array {
  if (request.issuerKeyId.length !== 16 || request.subjectKeyId.length !== 16) throw new RangeError("key identifiers are 16 bytes");
  const body = concatBytes(request.issuerKeyId, request.subjectKeyId, cardPublicKey(request.publicKey));
  const signature = sign("sha256", body, request.issuerKey);
  return cardTlv(0x7f21, concatBytes(cardTlv(0x5f4e, body), cardTlv(0x5f37, signature)));
}
