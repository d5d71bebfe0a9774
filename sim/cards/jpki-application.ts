import type { CardKeyMaterial } from "./card-key-material.ts";
import { fromHex } from "../apdu/hex.ts";
import { Aid, JpkiFile } from "../jpki/index.ts";
import { type AccessGuard, type CardApplication, cardApplication } from "./card-application.ts";
import type { PinCounter } from "./pin-counter.ts";
import { type JpkiTokenLabel, tokenInfo } from "./token-info.ts";


/** What a JPKI application holds: two certificates with their CAs, two keys, two PINs, and the token label. */
export interface JpkiContents {
  tokenLabel: JpkiTokenLabel;
  serialNumber: string;
  /** The certificates, their CA certificates and the private keys. */
  keys: CardKeyMaterial;
  authPin: PinCounter;
  signPin: PinCounter;
  /** Android phones protect the auth certificate behind the auth PIN; the card does not. */
  authCertificateRequiresPin?: boolean;
  /** Extra access rule (the iPhone's authorisation window). */
  guard?: AccessGuard;
}

/**
 * The 公的個人認証AP: the user-authentication certificate (free to read on the card), the signing certificate
 * (behind the signing password), both CA certificates, the two RSA-2048 keys and their PINs.
 */
export function jpkiApplication(c: JpkiContents): CardApplication {
  const f = JpkiFile;
  const k = c.keys;
  return cardApplication(
    "JPKI",
    Aid.JPKI,
    [
      { kind: "binary", fid: f.SIGN_CERT, content: k.signCertificate.der, readRequires: f.SIGN_PIN },
      { kind: "binary", fid: f.SIGN_CA_CERT, content: k.signCaCertificate },
      { kind: "binary", fid: f.TOKEN_INFO, content: tokenInfo(c.tokenLabel, c.serialNumber) },
      { kind: "binary", fid: f.CERTS_PRESENT, content: fromHex("8F8F00") },
      c.authCertificateRequiresPin
        ? { kind: "binary", fid: f.AUTH_CERT, content: k.authCertificate.der, readRequires: f.AUTH_PIN }
        : { kind: "binary", fid: f.AUTH_CERT, content: k.authCertificate.der },
      { kind: "binary", fid: f.AUTH_CA_CERT, content: k.authCaCertificate },
      { kind: "key", fid: f.AUTH_KEY, privateKey: k.authKey, useRequires: f.AUTH_PIN },
      { kind: "pin", fid: f.AUTH_PIN, counter: c.authPin },
      { kind: "key", fid: f.SIGN_KEY, privateKey: k.signKey, useRequires: f.SIGN_PIN },
      { kind: "pin", fid: f.SIGN_PIN, counter: c.signPin },
    ],
    c.guard,
  );
}
