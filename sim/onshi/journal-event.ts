import type { DeviceKind } from "../contract/identity-proof.ts";
import type { ConsentRecord, QualificationResult } from "../contract/qualification-result.ts";

/** A qualification the service answered, as kept (and journaled) for later reads and consent. */
export interface StoredQualification {
  id: string;
  /** The asking facility's code: nobody else may read it or record consent on it. */
  facility: string;
  /** Card or phone read; absent for an insurance-data query. */
  deviceKind?: DeviceKind;
  /** The person the answer is about, when one was found. */
  personId?: string;
  /** The challenge the proof signed (My Number reads). */
  challengeId?: string;
  challengeExpiresAt?: number;
  /** Epoch ms of the answer. */
  at: number;
  /** Whether it counted as a use (docs/domain/rules.md: only successful qualifications count). */
  counted: boolean;
  /** The answer as given (without its consent). */
  result: QualificationResult;
  /** Consent given on the reader's screens and sent with the qualification (else recorded later by its own route). */
  consent?: ConsentRecord;
}

/**
 * One accepted change of the service's state; the journal is a sequence of these (each line also carries the journal's
 * `seq`). Times are epoch ms. Checked on replay by `parseJournalEvent` (journal-event-schema.ts).
 */
export type JournalEvent =
  | { type: "challenge-used"; at: number; facility: string; challengeId: string; expiresAt: number }
  | { type: "qualified"; at: number; qualification: StoredQualification }
  | { type: "consent"; at: number; facility: string; qualificationId: string; consent: ConsentRecord }
  | { type: "reader-registered"; at: number; facility: string; readerId: string; publicKey: string }
  | { type: "opt-out"; at: number; facility: string }
  | { type: "link"; at: number; serialNumber: string; personaId: string; deviceKind: DeviceKind }
  | { type: "revocation"; at: number; serialNumber: string; date: number };
