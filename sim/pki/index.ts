/** The test JPKI: key cache, certificate authority, certificate checks. */
export { KeyStore } from "./key-store.ts";
export type { KeyStoreOptions, RsaKeyPair } from "./key-store.ts";
export type { IssuedCertificate } from "./issued-certificate.ts";
export { certificateKinds } from "./certificate-kind.ts";
export type { CertificateKind } from "./certificate-kind.ts";
export type { CertificateHolder } from "./certificate-holder.ts";
export type { CertificateRequest } from "./certificate-request.ts";
export { revocationReasonCodes } from "./revocation-reason.ts";
export type { RevocationReason } from "./revocation-reason.ts";
export { JpkiAuthority } from "./jpki-authority.ts";
export type { JpkiAuthorityOptions, RevocationRecord } from "./jpki-authority.ts";
export { verifyCertificate } from "./certificate-verifier.ts";
export type { CertificateVerdict, VerifyCertificateOptions } from "./certificate-verifier.ts";
export { encodeBirthDate, encodeSigningIdentity, readSigningIdentity } from "./signing-identity.ts";
export type { SigningIdentity } from "./signing-identity.ts";
export { jpkiOids } from "./jpki-oids.ts";
export { x509 } from "./x509.ts";
export { addMonthsUtc } from "./add-months-utc.ts";
