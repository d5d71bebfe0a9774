import type { ConsentRecord, QualificationResult } from "./qualification-result.ts";
import type { IdentityProof } from "./identity-proof.ts";
import type { InsuranceQueryRequest } from "./insurance-query-request.ts";

/** The consents chosen on the reader's screens, before the service stamps their time. */
export type ConsentChoice = Omit<ConsentRecord, "consentTime">;

/**
 * What the qualification terminal needs from the online qualification service. The HTTP client of `sim/onshi`
 * implements it; so can an in-process service or a vendor's test double.
 */
export interface QualificationService {
  /** A fresh, single-use challenge for the device or reader to sign. */
  requestChallenge(): Promise<{ challengeId: string; challenge: Uint8Array }>;
  /**
   * Qualifies the patient from a read (ReferenceClassification 1). The consents given on the reader's screens travel
   * with it and are recorded with the answer (the result then carries them, with the service's time).
   */
  qualify(proof: IdentityProof, options?: { arbitraryFileIdentifier?: string; consent?: ConsentChoice }): Promise<QualificationResult>;
  /** Records the consents against a qualification; resolves with the recorded consent (time set by the service). */
  recordConsent(qualificationId: string, consent: ConsentChoice): Promise<ConsentRecord>;
  /** Answers an insurance-data query (ReferenceClassification 2). */
  queryInsurance(request: InsuranceQueryRequest): Promise<QualificationResult>;
}
