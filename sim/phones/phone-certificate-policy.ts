import type { IssuedCertificate, VerifyCertificateOptions } from "../pki/index.ts";

/**
 * The validity of a smartphone certificate issued on `now` (modelled: valid from the day the card is added until the
 * card certificate of the same kind expires; the public rule is only that the phone's goes when the card's goes).
 */
export function phoneCertificateValidity(cardCertificate: Pick<IssuedCertificate, "notAfter">, now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(Math.floor(now.getTime() / 1000) * 1000), notAfter: cardCertificate.notAfter };
}

/**
 * A phone certificate has **no grace** after expiry (docs/domain/rules.md: it cannot be read and cannot log in), unlike the card's
 * 3 months for online qualification. Spread into `verifyCertificate` options when checking a phone's certificate.
 */
export const PHONE_CERTIFICATE_GRACE: Readonly<Pick<VerifyCertificateOptions, "graceAfterExpiryDays" | "graceAfterExpiryMonths">> = Object.freeze({
  graceAfterExpiryDays: 0,
  graceAfterExpiryMonths: 0,
});
