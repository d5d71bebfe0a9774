import { addMonthsUtc } from "../../pki/add-months-utc.ts";
import { X509Certificate } from "node:crypto";

/**
 * A certificate's dates as a reader judges them on its own:
 * - `valid`: not in the alert window;
 * - `expiring`: within the alert window before expiry (alert shown, read goes on);
 * - `in-grace`: expired, within the grace the device allows (card 3 months; alert shown, read goes on);
 * - `expired`: expired beyond the grace (error 006).
 * Revocation is not here: a reader cannot know it (the online service checks it).
 */
export type ExpiryStatus = "valid" | "expiring" | "in-grace" | "expired";

/** The verdict and the date it rests on. */
export interface ExpiryCheck {
  status: ExpiryStatus;
  notAfter: Date;
}


/**
 * Judges a DER certificate's expiry at `at`: alert from `alertMonths` before to `alertMonths` after notAfter, usable
 * for `graceMonths` after it. Throws when the certificate cannot be parsed.
 */
export function checkCertificateExpiry(der: Uint8Array, at: Date, options: { alertMonths: number; graceMonths: number }): ExpiryCheck {
  const notAfter = new Date(new X509Certificate(der).validTo);
  if (Number.isNaN(notAfter.getTime())) throw new Error("certificate has no readable notAfter");
  const t = at.getTime();
  if (t <= notAfter.getTime()) {
    const status = t >= addMonthsUtc(notAfter, -options.alertMonths).getTime() ? "expiring" : "valid";
    return { status, notAfter };
  }
  return { status: t <= addMonthsUtc(notAfter, options.graceMonths).getTime() ? "in-grace" : "expired", notAfter };
}
