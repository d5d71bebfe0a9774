import { createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { JpkiAuthority } from "../pki/jpki-authority.ts";
import type { CertificateLinks } from "./certificate-links.ts";
import type { JournalEvent, StoredQualification } from "./journal-event.ts";
import type { ConsentRecord } from "../contract/qualification-result.ts";
import type { UsageCounts } from "./usage-counts.ts";
import { countUse, emptyUsage } from "./usage-counts.ts";

/** A stored qualification and the consent recorded on it, if any. */
export interface QualificationEntry extends StoredQualification {
  consent?: ConsentRecord;
}

/**
 * Everything the service has accepted, as a pure fold over journal events: replaying the journal into a fresh state
 * gives the state before the restart. Applying an event twice changes nothing (a qualification is counted once, by
 * its ID). Links and revocations are applied to the given link store and authority.
 */
export class OnshiState {
  /** Usage per facility code. */
  readonly usage = new Map<string, UsageCounts>();
  /** Usage over all facilities. */
  readonly total: UsageCounts = emptyUsage();
  readonly qualifications = new Map<string, QualificationEntry>();
  /** Used challenge IDs and their expiry (epoch ms); pruned once expired. */
  readonly usedChallenges = new Map<string, number>();
  /** Facility code → time of its first successful phone read (epoch ms). */
  readonly phoneConfirmed = new Map<string, number>();
  /** Facility code → time it opted out of the public list (epoch ms). */
  readonly optedOut = new Map<string, number>();
  /** Facility code → reader ID → the reader's public key. */
  readonly readers = new Map<string, Map<string, { publicKey: KeyObject; spki: string }>>();

  constructor(
    private readonly links: CertificateLinks,
    private readonly authority: JpkiAuthority,
  ) {}

  /** Applies one accepted event. */
  apply(event: JournalEvent): void {
    switch (event.type) {
      case "challenge-used":
        this.usedChallenges.set(event.challengeId, event.expiresAt);
        return;
      case "qualified": {
        const q = event.qualification;
        // Idempotent: a qualification already applied (a duplicated journal line) is not counted again.
        if (this.qualifications.has(q.id)) return;
        this.qualifications.set(q.id, { ...q });
        if (q.challengeId !== undefined) this.usedChallenges.set(q.challengeId, q.challengeExpiresAt ?? q.at);
        if (!q.counted) return;
        let counts = this.usage.get(q.facility);
        if (counts === undefined) {
          counts = emptyUsage();
          this.usage.set(q.facility, counts);
        }
        countUse(counts, q.deviceKind);
        countUse(this.total, q.deviceKind);
        if ((q.deviceKind === "iphone" || q.deviceKind === "android") && !this.phoneConfirmed.has(q.facility)) this.phoneConfirmed.set(q.facility, q.at);
        return;
      }
      case "consent": {
        const q = this.qualifications.get(event.qualificationId);
        if (q !== undefined && q.facility === event.facility) q.consent = event.consent;
        return;
      }
      case "reader-registered": {
        const readers = this.readers.get(event.facility) ?? new Map<string, { publicKey: KeyObject; spki: string }>();
        readers.set(event.readerId, { publicKey: createPublicKey({ key: Buffer.from(event.publicKey, "base64"), format: "der", type: "spki" }), spki: event.publicKey });
        this.readers.set(event.facility, readers);
        return;
      }
      case "opt-out":
        if (!this.optedOut.has(event.facility)) this.optedOut.set(event.facility, event.at);
        return;
      case "link":
        this.links.register(event.serialNumber, event.personaId, event.deviceKind);
        return;
      case "revocation":
        this.authority.revoke("auth", event.serialNumber, { date: new Date(event.date) });
        return;
    }
  }

  /**
   * Forgets qualifications answered before `beforeMs`: they stay in the journal (and in the usage counts), but can no
   * longer be read back or have consent recorded on them. Entries are kept in answer order, so this stops at the
   * first one still inside the window.
   */
  pruneQualifications(beforeMs: number): void {
    for (const [id, entry] of this.qualifications) {
      if (entry.at >= beforeMs) return;
      this.qualifications.delete(id);
    }
  }

  /** Forgets used challenges that expired before `nowMs` (they can no longer pass the expiry check anyway). */
  pruneChallenges(nowMs: number): void {
    for (const [id, expiresAt] of this.usedChallenges) if (expiresAt < nowMs) this.usedChallenges.delete(id);
  }
}
