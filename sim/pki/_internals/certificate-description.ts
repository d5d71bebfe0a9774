import { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { IssuedCertificate } from "../issued-certificate.ts";
import { x509 } from "../x509.ts";
import { normalizeSerialNumber } from "./serial-number.ts";

/** Builds the {@link IssuedCertificate} record of a DER certificate (read back from the DER, so it says what the certificate says). */
export function describeCertificate(der: Uint8Array): IssuedCertificate {
  const parsed = new NodeX509Certificate(der);
  return {
    der,
    serialNumber: normalizeSerialNumber(parsed.serialNumber),
    subject: new x509.X509Certificate(der).subject,
    notBefore: new Date(parsed.validFrom),
    notAfter: new Date(parsed.validTo),
    publicKey: parsed.publicKey,
  };
}
