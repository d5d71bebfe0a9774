/** CRL entry reason codes (RFC 5280 §5.3.1) the test authority uses. */
export type RevocationReason = "unspecified" | "keyCompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation";

/** The RFC 5280 CRLReason value of each reason. */
export const revocationReasonCodes: Readonly<Record<RevocationReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
};
