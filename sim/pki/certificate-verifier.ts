import { addMonthsUtc } from "./add-months-utc.ts";
import { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { CertificateKind } from "./certificate-kind.ts";
import type { IssuedCertificate } from "./issued-certificate.ts";
import type { JpkiAuthority } from "./jpki-authority.ts";
import { normalizeSerialNumber } from "./_internals/serial-number.ts";

/** The outcome of {@link verifyCertificate}. */
export type CertificateVerdict =
  | { ok: true; serialNumber: string; notAfter: Date; inGrace: boolean }
  | { ok: false; reason: "malformed" | "wrong-issuer" | "bad-signature" | "not-yet-valid" | "expired" | "revoked" };

/** Options of {@link verifyCertificate}. */
export interface VerifyCertificateOptions {
  /** The moment of the check. Default: now. */
  at?: Date;
  /** Days after notAfter during which the certificate still passes, with `inGrace: true`. Default 0. */
  graceAfterExpiryDays?: number;
  /** Calendar months (UTC) after notAfter during which it still passes, added before the days. Default 0. */
  graceAfterExpiryMonths?: number;
}

const dayMs = 86_400_000;
const parsedCaCertificates = new WeakMap<IssuedCertificate, NodeX509Certificate>();

function caX509(certificate: IssuedCertificate): NodeX509Certificate {
  let parsed = parsedCaCertificates.get(certificate);
  if (parsed === undefined) {
    parsed = new NodeX509Certificate(certificate.der);
    parsedCaCertificates.set(certificate, parsed);
  }
  return parsed;
}


/**
 * Checks a DER end-entity certificate against the authority: issuer (DN, AKI and key usage of the kind's CA, via
 * OpenSSL's check-issued), signature by that CA, revocation (effective from its recorded date), validity at a given
 * date with an optional grace period after notAfter. Returns a structured verdict and never throws on bad input
 * (garbage DER gives `{ ok: false, reason: "malformed" }`). Checks run in that order, so a revoked expired certificate
 * is reported as revoked.
 */
export async function verifyCertificate(
  authority: JpkiAuthority,
  kind: CertificateKind,
  der: Uint8Array,
  options: VerifyCertificateOptions = {},
): Promise<CertificateVerdict> {
  let certificate: NodeX509Certificate;
  let notBefore: Date;
  let notAfter: Date;
  let serialNumber: string;
  try {
    certificate = new NodeX509Certificate(der);
    notBefore = new Date(certificate.validFrom);
    notAfter = new Date(certificate.validTo);
    serialNumber = normalizeSerialNumber(certificate.serialNumber);
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return { ok: false, reason: "malformed" };
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const ca = caX509(authority.caCertificate(kind));
  if (!certificate.checkIssued(ca)) return { ok: false, reason: "wrong-issuer" };
  let signatureValid: boolean;
  try {
    signatureValid = certificate.verify(ca.publicKey);
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) return { ok: false, reason: "bad-signature" };

  const at = options.at ?? new Date();
  const revocation = authority.revocation(kind, serialNumber, { notBefore, notAfter });
  if (revocation !== undefined && revocation.date.getTime() <= at.getTime()) return { ok: false, reason: "revoked" };
  if (at.getTime() < notBefore.getTime()) return { ok: false, reason: "not-yet-valid" };
  if (at.getTime() <= notAfter.getTime()) return { ok: true, serialNumber, notAfter, inGrace: false };
  const graceEnd = addMonthsUtc(notAfter, options.graceAfterExpiryMonths ?? 0).getTime() + (options.graceAfterExpiryDays ?? 0) * dayMs;
  if (at.getTime() <= graceEnd) return { ok: true, serialNumber, notAfter, inGrace: true };
  return { ok: false, reason: "expired" };
}
