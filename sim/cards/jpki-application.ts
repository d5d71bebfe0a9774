import { fromHex } from "../apdu/hex.ts";
import { Aid, JpkiFile } from "../jpki/index.ts";
import { type AccessGuard, type CardApplication, cardApplication } from "./card-application.ts";
import type { ElementaryFile } from "./elementary-file.ts";
import type { JpkiKeyMaterial } from "./jpki-key-material.ts";
import type { PinCounter } from "./pin-counter.ts";
import { type JpkiTokenLabel, tokenInfo } from "./token-info.ts";

/** What a JPKI application holds: the certificates with their CAs, the keys, two PINs, and the token label. */
export interface JpkiContents {
  tokenLabel: JpkiTokenLabel;
  serialNumber: string;
  /** The certificates, their CA certificates and the private keys (no signing pair on a child's card). */
  keys: JpkiKeyMaterial;
  authPin: PinCounter;
  /** The signing password; on a card without a signing certificate, give {@link PinCounter.blockedAtIssue}. */
  signPin: PinCounter;
  /** Android phones protect the auth certificate behind the auth PIN; the card does not. */
  authCertificateRequiresPin?: boolean;
  /** Extra access rule (the iPhone's authorisation window). */
  guard?: AccessGuard;
}

/**
 * EF `0008`: which certificates the token carries, 3 bytes, no filler — `8F 8F 00` with both (observed, myna-card
 * `src/ap/jpki.rs` test `reads_the_certificate_availability`), `00 8F 00` without the signing certificate. The second
 * value appears in that test only as a constructed input for "a child under fifteen", not as an observed card value.
 */
function certificateAvailability(hasSignCertificate: boolean): Uint8Array {
  return fromHex(hasSignCertificate ? "8F8F00" : "008F00");
}

/**
 * The 公的個人認証AP: the user-authentication certificate (free to read on the card), the signing certificate (behind
 * the signing password), both CA certificates, the two RSA-2048 keys and their PINs, token info `0006` and certificate
 * availability `0008`. Without a signing pair (a card issued under 15) EF `0001` and key `001A` are absent (`6A82`) and
 * the signing password `001B` is a key EF blocked from issue (modelled: what such a card holds there is not public;
 * keeping `001B` lets OpenSC's PKCS#15 emulation, which queries both PINs, bind to the card).
 */
export function jpkiApplication(c: JpkiContents): CardApplication {
  const f = JpkiFile;
  const k = c.keys;
  const files: ElementaryFile[] = [
    { kind: "binary", fid: f.SIGN_CA_CERT, content: k.signCaCertificate },
    { kind: "binary", fid: f.TOKEN_INFO, content: tokenInfo(c.tokenLabel, c.serialNumber) },
    { kind: "binary", fid: f.CERTS_PRESENT, content: certificateAvailability(k.signCertificate !== undefined) },
    c.authCertificateRequiresPin
      ? { kind: "binary", fid: f.AUTH_CERT, content: k.authCertificate.der, readRequires: [f.AUTH_PIN] }
      : { kind: "binary", fid: f.AUTH_CERT, content: k.authCertificate.der },
    { kind: "binary", fid: f.AUTH_CA_CERT, content: k.authCaCertificate },
    { kind: "key", fid: f.AUTH_KEY, privateKey: k.authKey, useRequires: f.AUTH_PIN },
    { kind: "pin", fid: f.AUTH_PIN, counter: c.authPin },
    { kind: "pin", fid: f.SIGN_PIN, counter: c.signPin },
  ];
  if (k.signCertificate !== undefined && k.signKey !== undefined) {
    files.push(
      { kind: "binary", fid: f.SIGN_CERT, content: k.signCertificate.der, readRequires: [f.SIGN_PIN] },
      { kind: "key", fid: f.SIGN_KEY, privateKey: k.signKey, useRequires: f.SIGN_PIN },
    );
  }
  return cardApplication("JPKI", Aid.JPKI, files, c.guard);
}
