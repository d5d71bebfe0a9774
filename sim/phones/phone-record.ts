import type { CertificateKind, IssuedCertificate } from "../pki/index.ts";
import type { PhoneToken } from "./phone-token.ts";

/**
 * Where one installation of a person's card on a phone stands:
 * - `active`: the phone answers as the person's JPKI token;
 * - `replaced`: the card was added to another phone (one phone per person): token disabled, certificates revoked (superseded);
 * - `suspended`: reported lost through the hotline: token disabled, certificates revoked (keyCompromise);
 * - `card-certificate-invalid`: the card's certificate was revoked or expired: the phone's certificates are revoked
 *   (cessationOfOperation) but the token still answers, so online checks see a revoked certificate (error 006 on a reader).
 */
export type PhoneRecordStatus = "active" | "replaced" | "suspended" | "card-certificate-invalid";

/** One installation of a person's card on a phone, as the registry keeps it (a snapshot: later changes make new snapshots). */
export interface PhoneRecord {
  readonly phone: PhoneToken;
  readonly phoneId: string;
  readonly personaId: string;
  /** 1 for the person's first phone in this registry, 2 for the next… */
  readonly generation: number;
  readonly status: PhoneRecordStatus;
  readonly provisionedAt: Date;
  /** When the status last changed (provisioning, replacement, suspension, card-certificate revocation). */
  readonly changedAt: Date;
  /** The phone's own certificates: their notBefore/notAfter are the phone's validity (no grace after notAfter). */
  readonly certificates: Readonly<Record<CertificateKind, IssuedCertificate>>;
  /** The card certificates the phone's depend on. */
  readonly cardCertificates: Readonly<Record<CertificateKind, IssuedCertificate>>;
}
