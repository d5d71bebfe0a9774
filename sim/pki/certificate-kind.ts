/**
 * The two JPKI certificates on a card, each with its own CA:
 * `auth` = 利用者証明用電子証明書 (user authentication, no personal data, used for health-insurance qualification),
 * `sign` = 署名用電子証明書 (digital signature, carries name, birth date, sex and address).
 */
export type CertificateKind = "auth" | "sign";

/** Both kinds, in a fixed order. */
export const certificateKinds: readonly CertificateKind[] = ["auth", "sign"];
