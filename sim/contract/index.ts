/**
 * What a facility and the national online qualification service exchange: the identity proof a read produces, the
 * reader's attestation, the qualification result, consents, and the service interface the terminal calls.
 * `sim/onshi` (the service) and `sim/terminal` (the facility) both depend on this; neither imports the other.
 */
export type { DeviceKind, IdentityMethod, IdentityProof } from "./identity-proof.ts";
export type { InsuranceQueryRequest } from "./insurance-query-request.ts";
export type * from "./qualification-result.ts";
export type { ConsentChoice, QualificationService } from "./qualification-service.ts";
export { readerAttestationPayload, signReaderAttestation, verifyReaderAttestation } from "./reader-attestation.ts";
