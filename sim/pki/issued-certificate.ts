import type { KeyObject } from "node:crypto";

/** A certificate the test JPKI authority issued (or one of its self-signed CA certificates). */
export interface IssuedCertificate {
  /** DER X.509 certificate. */
  der: Uint8Array;
  /** Serial number: hex, lower case, no leading 00. */
  serialNumber: string;
  /** Subject distinguished name as an RFC 4514-style string, for display. */
  subject: string;
  /** Start of validity (whole seconds, as written in the certificate). */
  notBefore: Date;
  /** End of validity (whole seconds, as written in the certificate). */
  notAfter: Date;
  /** The subject public key. */
  publicKey: KeyObject;
}
