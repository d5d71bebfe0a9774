import type { KeyObject } from "node:crypto";
import type { CertificateHolder } from "./certificate-holder.ts";
import type { CertificateKind } from "./certificate-kind.ts";

/** What `JpkiAuthority.issue` needs to issue one end-entity certificate. */
export interface CertificateRequest {
  /** Which certificate (and so which CA). */
  kind: CertificateKind;
  /** The holder's RSA public key (the card's key pair for that kind). */
  publicKey: KeyObject;
  /** Start of validity; sub-second precision is dropped. */
  notBefore: Date;
  /** End of validity; sub-second precision is dropped. */
  notAfter: Date;
  /** The person. Only the signing certificate writes personal data into the certificate. */
  holder: CertificateHolder;
  /**
   * Serial number, hex (positive, at most 20 octets). Default: 16 random bytes. Give one to make issuance
   * reproducible from a seed; a serial already issued by the same CA is refused.
   */
  serialNumber?: string;
  /**
   * MODELLED: the built-in persona whose card this certificate is. The serial is then derived from the authority, kind,
   * persona and validity (`personaCardSerialNumber`), so the same card is the same certificate in every process, the
   * identical request again gets the same certificate, and a persona the catalogue says is revoked is revoked in every
   * process. Not with `serialNumber`.
   */
  personaId?: string;
  /** Municipality written as an OU of the subject. Default: picked from a fixed list by the holder's address. */
  municipality?: string;
}
