import type { KeyObject } from "node:crypto";
import { KeyStore } from "../pki/index.ts";
import { cardVerifiableCertificate } from "./encoding/card-verifiable-certificate.ts";
import { keyIdentifier } from "./encoding/key-identifier.ts";

/** The two APs whose EF 0004 holds a card-verifiable certificate. */
export type CertifiedApplication = "card-info" | "card-face";

/**
 * 証明者鍵ID numbers of the two CAs. Production cards name `5000033` (card-info) and `5000023` (card-face), JPKI test
 * cards `6000033`/`6000023` (myna-card `src/data.rs` `CardVerifiableCertificate`); the simulator's test hierarchy uses
 * `9000033`/`9000023`, so a client holding the real keys reports an unknown CA rather than a bad signature.
 */
const ISSUER_NUMBERS: Readonly<Record<CertifiedApplication, string>> = { "card-info": "9000033", "card-face": "9000023" };

/**
 * The test PKI's card-verifiable-certificate authority for the card-info and card-face APs: one RSA-2048 key per AP from
 * the project's key cache (slots `ca:card-ap:card-info`, `ca:card-ap:card-face`), so certificates are the same in every
 * process that shares the cache. Hosts check an EF 0004 certificate against {@link publicKey}.
 */
export class CardApAuthority {
  private constructor(private readonly keys: Readonly<Record<CertifiedApplication, { privateKey: KeyObject; publicKey: KeyObject }>>) {}

  /** Loads (or generates once) the two CA keys. */
  static async create(options: { keyStore?: KeyStore } = {}): Promise<CardApAuthority> {
    const keyStore = options.keyStore ?? KeyStore.shared();
    const [cardInfo, cardFace] = await Promise.all([keyStore.keyPair("ca:card-ap:card-info"), keyStore.keyPair("ca:card-ap:card-face")]);
    return new CardApAuthority({ "card-info": cardInfo, "card-face": cardFace });
  }

  /** The 16-byte 証明者鍵ID the AP's certificates name. */
  issuerKeyId(application: CertifiedApplication): Uint8Array {
    return keyIdentifier(ISSUER_NUMBERS[application]);
  }

  /** The CA public key a host verifies the AP's EF 0004 certificate with. */
  publicKey(application: CertifiedApplication): KeyObject {
    return this.keys[application].publicKey;
  }

  /** The `7F21` certificate of `publicKey` (named `subjectKeyId`) for `application`'s EF 0004. */
  certify(application: CertifiedApplication, subjectKeyId: Uint8Array, publicKey: KeyObject): Uint8Array {
    return cardVerifiableCertificate({ issuerKeyId: this.issuerKeyId(application), subjectKeyId, publicKey, issuerKey: this.keys[application].privateKey });
  }
}
