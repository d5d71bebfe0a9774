import type { IdentityProof } from "../../contract/identity-proof.ts";
import type { ExpiryCheck } from "./certificate-expiry.ts";
import type { ConsentAnswers } from "./consent-answers.ts";

/** What a completed read hands to the qualification terminal. */
export interface FaceAuthResult {
  /** The reader that did the read (`reader:<model id>:<serial>`). */
  readerId: string;
  proof: IdentityProof;
  consents: ConsentAnswers;
  /** The certificate's dates as the reader judged them (`expiring` / `in-grace` raised the alert). */
  expiry: ExpiryCheck;
  /** Reader time of completion (ms since the epoch). */
  completedAt: number;
}
