import { type CertificateStatus } from "../personas/index.ts";

const DAY = 86_400_000;

/** The validity period of a JPKI certificate issued so that it has `status` on `now`. */
export function certificateValidity(status: CertificateStatus, now: Date): { notBefore: Date; notAfter: Date } {
  const t = now.getTime();
  switch (status) {
    case "valid":
    case "revoked":
      return { notBefore: new Date(t - 365 * DAY), notAfter: new Date(t + 4 * 365 * DAY) };
    case "expiring":
      // Inside the reader's alert window (3 months before expiry).
      return { notBefore: new Date(t - 5 * 365 * DAY + 45 * DAY), notAfter: new Date(t + 45 * DAY) };
    case "expired-in-grace":
      // Expired two months ago: inside the card's 3-month grace.
      return { notBefore: new Date(t - 5 * 365 * DAY - 60 * DAY), notAfter: new Date(t - 60 * DAY) };
    case "expired":
      // Expired 100 days ago: past the grace.
      return { notBefore: new Date(t - 5 * 365 * DAY - 100 * DAY), notAfter: new Date(t - 100 * DAY) };
  }
}
