import { createHash, createPublicKey, randomBytes, timingSafeEqual } from "node:crypto";
import path from "node:path";
import type { JpkiAuthority } from "../pki/jpki-authority.ts";
import type { DeviceKind } from "../contract/identity-proof.ts";
import { CertificateLinks } from "./certificate-links.ts";
import { ChallengeIssuer } from "./challenge-issuer.ts";
import type { IssuedChallenge } from "./challenge-issuer.ts";
import type { Facility, FacilityCredentials } from "./facility-directory.ts";
import { FacilityDirectory } from "./facility-directory.ts";
import type { CheckedProofInput, ExpiryGrace } from "./identity-proof-check.ts";
import { checkIdentityProof, DEFAULT_EXPIRY_GRACE } from "./identity-proof-check.ts";
import type { InsuranceDataQuery } from "./insured-registry.ts";
import { InsuredRegistry } from "./insured-registry.ts";
import { japanDate } from "./japan-date.ts";
import { Journal, JournalCorruptError } from "./journal.ts";
import type { JournalEvent, StoredQualification } from "./journal-event.ts";
import { parseJournalEvent } from "./journal-event-schema.ts";
import { KeyedLock } from "./keyed-lock.ts";
import type { QualificationEntry } from "./onshi-state.ts";
import { OnshiState } from "./onshi-state.ts";
import type { ConsentRecord, QualificationResult } from "../contract/qualification-result.ts";
import { answeredResult, refusedResult } from "./qualification-results.ts";
import { randomPool } from "./random-pool.ts";
import { loadOrCreateChallengeKey, SERVICE_FILES } from "./service-files.ts";
import type { UsageCounts } from "./usage-counts.ts";
import { countUse, emptyUsage } from "./usage-counts.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../rules/index.ts";
import { toInsuredRecord } from "./eligibility.ts";

/** Options of {@link OnshiService.open}. */
/** How long an answered qualification stays readable by default: one day (modelled; see `qualificationRetentionMs`). */
export const DEFAULT_QUALIFICATION_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface OnshiServiceOptions {
  /** The test JPKI the certificates must chain to; revocations recorded on it are seen at once. */
  authority: JpkiAuthority;
  /** The facilities allowed to call. */
  facilities: readonly FacilityCredentials[];
  /** Where the journal and the challenge key live; null or absent: memory only (nothing survives `close`). */
  dataDir?: string | null;
  /** The insured registry. Default: the built-in personas relative to the service's start. */
  registry?: InsuredRegistry;
  /** Certificate → person links. Default: {@link CertificateLinks.shared}. */
  links?: CertificateLinks;
  /** Challenge key (≥ 32 bytes). Default: `challenge.key` in the data directory, else random. */
  challengeKey?: Uint8Array;
  /** Lifetime of a challenge, ms. Default 60 000. */
  challengeTtlMs?: number;
  /**
   * How long an answered qualification can be read back and have consent recorded on it, ms (modelled: the facility
   * does both during the visit; default one day, {@link DEFAULT_QUALIFICATION_RETENTION_MS}). Older ones are dropped
   * from memory so a long-running service stays bounded; the journal and the usage counts keep them.
   */
  qualificationRetentionMs?: number;
  /** Months of grace after certificate expiry per device kind. Default card 3, phones 0. */
  grace?: ExpiryGrace;
  /** The service's clock. Default: the system clock. */
  clock?: () => Date;
  /** Journal sync: `fsync` (default) or `none` (tests that do not test durability). */
  sync?: "fsync" | "none";
  /** Token for the `/admin` routes (J-LIS link and revocation feeds, total usage). Default: random. */
  adminToken?: string;
  /** Told about tolerated journal damage (a torn last line, a duplicated line). */
  onWarning?: (message: string) => void;
  /** Rule switchboard (sim/rules; default every rule on): phone grace, usage only on success, challenge single use. */
  rules?: RuleSwitchboard;
}

/** The input of {@link OnshiService.qualify}: a validated identity proof and the request's extras. */
export interface QualifyInput extends CheckedProofInput {
  challengeId: string;
  arbitraryFileIdentifier?: string;
  /**
   * The consents the patient gave on the reader's screens, recorded with the answer in one journal entry (the reader
   * asks for consent before the terminal sends the read). Recorded only on an answered qualification.
   */
  consent?: ConsentInput;
  /** The patient agreed on the reader to share cost-cap data (限度額). */
  limitApplicationCertificateRelatedConsFlg?: boolean;
}

/** An insurance-data query with the request's extras. */
export interface InsuranceQueryInput extends InsuranceDataQuery {
  /** 資格確認日 YYYYMMDD to check the eligibility for. Default: today in Japan. */
  qualificationConfirmationDate?: string;
  arbitraryFileIdentifier?: string;
  limitApplicationCertificateRelatedConsFlg?: boolean;
}

/** The header fields every result of a My Number qualification carries. */
interface QualifyHeader {
  referenceClassification: "1";
  qualificationConfirmationDate: string;
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
}

/** The outcome of a qualification: answered (counted) or refused (not counted). */
export type QualifyOutcome = { status: "answered" | "refused"; result: QualificationResult };

/** The consents a patient gives; the service adds the time. */
export type ConsentInput = Omit<ConsentRecord, "consentTime">;

/** The outcome of {@link OnshiService.recordConsent}. */
export type ConsentOutcome = { ok: true; result: QualificationResult } | { ok: false; code: "not-found" | "consent-already-recorded" };

/** A facility on the public list of facilities where phone reads are confirmed. */
export interface PhoneConfirmedFacility {
  medicalInstitutionCode: string;
  name: string;
  /** ISO 8601 time of the first successful phone read. */
  confirmedAt: string;
}

/**
 * The journal failed: the service refuses every write and every read (HTTP 503) until restarted. Reads are refused
 * too because the memory state may no longer be what the journal holds, and a restart replays the journal: nobody is
 * shown a state that the next start would not show.
 */
export class ServiceUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the service is unavailable: it cannot record accepted requests (journal write failed); restart it", { cause });
    this.name = "ServiceUnavailableError";
  }
}

/**
 * The online qualification service (オンライン資格確認等システム), emulated: facilities, challenges, identity-proof
 * checks, the insured registry, consent, usage counts and the phone-confirmed facility list. HTTP-agnostic:
 * `onshi-app.ts` serves it.
 *
 * Every accepted write is an event that is first made durable (appended to the journal, group-committed with
 * fdatasync), then applied to an {@link OnshiState}, then acknowledged; reads see the state, so they show exactly the
 * acknowledged writes (never one still in flight, never one whose caller was told it failed). Checks that a write
 * would falsify (a challenge used once, consent recorded once, a reader ID's key, an opt-out) hold a {@link KeyedLock}
 * from the check until the event is applied. On open the journal is replayed, so a restart loses nothing that was
 * acknowledged. After a journal write failure the service is unavailable ({@link ServiceUnavailableError}) for writes
 * and reads alike, until restarted.
 */
export class OnshiService {
  readonly facilities: FacilityDirectory;
  readonly registry: InsuredRegistry;
  readonly links: CertificateLinks;
  readonly authority: JpkiAuthority;
  readonly #state: OnshiState;
  readonly #journal: Journal<JournalEvent> | undefined;
  readonly #challenges: ChallengeIssuer;
  readonly #grace: ExpiryGrace;
  readonly #rules: RuleSwitchboard;
  readonly #clock: () => Date;
  readonly #adminToken: string;
  #failure: unknown;
  #sincePrune = 0;
  #lastPruneMs = 0;
  readonly #retentionMs: number;
  readonly #locks = new KeyedLock();

  private constructor(options: OnshiServiceOptions, state: OnshiState, journal: Journal<JournalEvent> | undefined, challengeKey: Uint8Array, links: CertificateLinks) {
    this.facilities = new FacilityDirectory(options.facilities);
    this.registry = options.registry ?? InsuredRegistry.forBuiltInPersonas(options.clock?.() ?? new Date());
    this.links = links;
    this.authority = options.authority;
    this.#state = state;
    this.#journal = journal;
    this.#challenges = new ChallengeIssuer(challengeKey, options.challengeTtlMs);
    this.#rules = rulesOrDefault(options.rules);
    // Rule hook "phone-no-grace" off: phones get the card's grace (docs/domain/rules.md#certificate-expiry).
    this.#grace = options.grace ?? (this.#rules.isOff("phone-no-grace") ? { ...DEFAULT_EXPIRY_GRACE, iphone: DEFAULT_EXPIRY_GRACE.card, android: DEFAULT_EXPIRY_GRACE.card } : DEFAULT_EXPIRY_GRACE);
    this.#clock = options.clock ?? (() => new Date());
    this.#retentionMs = options.qualificationRetentionMs ?? DEFAULT_QUALIFICATION_RETENTION_MS;
    this.#adminToken = options.adminToken ?? randomBytes(18).toString("base64url");
  }

  /** Opens the service: loads the challenge key and replays the journal of the data directory, if any. */
  static async open(options: OnshiServiceOptions): Promise<OnshiService> {
    const links = options.links ?? CertificateLinks.shared();
    const state = new OnshiState(links, options.authority);
    const dataDir = options.dataDir ?? null;
    let journal: Journal<JournalEvent> | undefined;
    let challengeKey = options.challengeKey;
    if (dataDir !== null) {
      challengeKey ??= await loadOrCreateChallengeKey(dataDir);
      const opened = await Journal.open(path.join(dataDir, SERVICE_FILES.journal), {
        parse: parseJournalEvent,
        sync: options.sync ?? "fsync",
        ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
      });
      journal = opened.journal;
      const file = opened.journal.file;
      opened.entries.forEach((event, i) => {
        try {
          state.apply(event);
        } catch (error) {
          void opened.journal.close();
          throw new JournalCorruptError(file, opened.lines[i] ?? 0, error, "cannot be replayed");
        }
      });
    }
    const service = new OnshiService(options, state, journal, challengeKey ?? randomBytes(32), links);
    state.pruneChallenges(service.#clock().getTime());
    state.pruneQualifications(service.#clock().getTime() - service.#retentionMs);
    return service;
  }

  /** The token the `/admin` routes require. A test credential, not a secret of anyone. */
  get adminToken(): string {
    return this.#adminToken;
  }

  /** The journal's counters (undefined in memory-only mode). */
  get journalStats(): { appends: number; commits: number; bytes: number } | undefined {
    return this.#journal?.stats;
  }

  /** False once a journal write failed: the service then refuses reads and writes until restarted. */
  get available(): boolean {
    return this.#failure === undefined;
  }

  /** Throws {@link ServiceUnavailableError} once a journal write failed. */
  #assertAvailable(): void {
    if (this.#failure !== undefined) throw new ServiceUnavailableError(this.#failure);
  }

  /**
   * Makes an accepted event durable, then applies it; throws {@link ServiceUnavailableError} (and applies nothing) when
   * the journal failed. The caller answers only after this resolves.
   */
  async #accept(event: JournalEvent): Promise<void> {
    this.#assertAvailable();
    if (this.#journal !== undefined) {
      try {
        await this.#journal.append(event);
      } catch (error) {
        this.#failure ??= error;
        throw new ServiceUnavailableError(error);
      }
    }
    this.#state.apply(event);
  }

  /** A fresh challenge for the facility (single use, expires after the TTL). */
  issueChallenge(facility: Facility): IssuedChallenge {
    this.#assertAvailable();
    return this.#challenges.issue(facility.medicalInstitutionCode, this.#clock());
  }

  /**
   * One online qualification by My Number (card or phone): the challenge must be this facility's, fresh and unused
   * (it is used up by this call whatever the outcome); then the identity proof is checked and the registry answers.
   */
  async qualify(facility: Facility, input: QualifyInput): Promise<QualifyOutcome> {
    const now = this.#clock();
    const nowMs = now.getTime();
    const h = {
      referenceClassification: "1" as const,
      qualificationConfirmationDate: japanDate(now),
      medicalInstitutionCode: facility.medicalInstitutionCode,
      ...(input.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: input.arbitraryFileIdentifier } : {}),
    };
    this.#assertAvailable();
    // Prune at most once a second of service time (or every 4096 calls): used challenges past their expiry, and
    // qualifications past their retention.
    if (++this.#sincePrune >= 4096 || nowMs - this.#lastPruneMs >= 1000) {
      this.#sincePrune = 0;
      this.#lastPruneMs = nowMs;
      this.#state.pruneChallenges(nowMs);
      this.#state.pruneQualifications(nowMs - this.#retentionMs);
    }
    const challenge = this.#challenges.check(facility.medicalInstitutionCode, input.challengeId, input.challenge, now);
    if (!challenge.ok) {
      const messages = {
        "challenge-invalid": "the challenge was not issued by this service under this ID",
        "challenge-other-facility": "the challenge was issued to another facility",
        "challenge-expired": "the challenge has expired; request a new one",
      };
      return { status: "refused", result: refusedResult(h, challenge.code, messages[challenge.code]) };
    }
    // One use of a challenge at a time: a concurrent replay waits until the first use is durable, then is refused.
    return this.#locks.run(`challenge:${input.challengeId}`, () => this.#useChallenge(facility, input, h, now, challenge.expiresAtMs));
  }

  /** {@link qualify} once the challenge checked and its lock is held: used up from here on, whatever the outcome. */
  async #useChallenge(facility: Facility, input: QualifyInput, h: QualifyHeader, now: Date, challengeExpiresAt: number): Promise<QualifyOutcome> {
    const nowMs = now.getTime();
    this.#assertAvailable();
    if (this.#rules.isOn("challenge-single-use") && this.#state.usedChallenges.has(input.challengeId)) {
      return { status: "refused", result: refusedResult(h, "challenge-replayed", "the challenge was already used (a replayed signature)") };
    }
    const verdict = checkIdentityProof(input, {
      authority: this.authority,
      links: this.links,
      grace: this.#grace,
      readerKey: (id) => this.#state.readers.get(facility.medicalInstitutionCode)?.get(id)?.publicKey,
      now,
    });
    if (!verdict.ok) {
      await this.#accept({ type: "challenge-used", at: nowMs, facility: facility.medicalInstitutionCode, challengeId: input.challengeId, expiresAt: challengeExpiresAt });
      // Rule hook "usage-counted-only-on-success" off: a refusal counts too (memory only; docs/domain/rules.md#usage-rate-credit).
      if (this.#rules.isOff("usage-counted-only-on-success")) this.#countBrokenRule(facility.medicalInstitutionCode, input.deviceKind);
      return { status: "refused", result: refusedResult(h, verdict.code, verdict.message, input.deviceKind) };
    }
    const personId = verdict.link?.personaId;
    const answer = personId === undefined ? { validity: "4" as const } : this.registry.lookupPerson(personId, h.qualificationConfirmationDate);
    const id = `q_${randomPool().base64url(12)}`;
    const result = answeredResult(h, answer, {
      qualificationId: id,
      withLimitCertificate: input.limitApplicationCertificateRelatedConsFlg === true,
      deviceKind: verdict.deviceKind,
      certificateInGrace: verdict.inGrace,
    });
    if (personId === undefined) result.processingResultMessage = "該当資格なし（証明書に紐付く被保険者なし）";
    const qualification: StoredQualification = {
      id,
      facility: facility.medicalInstitutionCode,
      deviceKind: verdict.deviceKind,
      ...(answer.eligibility !== undefined ? { personId: answer.eligibility.personId } : personId !== undefined ? { personId } : {}),
      challengeId: input.challengeId,
      challengeExpiresAt,
      at: nowMs,
      counted: true,
      result,
      ...(input.consent !== undefined ? { consent: { ...input.consent, consentTime: now.toISOString() } } : {}),
    };
    await this.#accept({ type: "qualified", at: nowMs, qualification });
    return { status: "answered", result: qualification.consent === undefined ? result : this.#view(qualification) };
  }

  /** Rule hook "usage-counted-only-on-success" off: counts a refusal as a use (memory only, never journaled). */
  #countBrokenRule(facilityCode: string, deviceKind: QualifyInput["deviceKind"]): void {
    const counts = this.#state.usage.get(facilityCode) ?? emptyUsage();
    this.#state.usage.set(facilityCode, counts);
    countUse(counts, deviceKind);
    countUse(this.#state.total, deviceKind);
  }

  /** An insurance-data query (ReferenceClassification 2). Counts as an online qualification, not a My Number use. */
  async queryInsurance(facility: Facility, query: InsuranceQueryInput): Promise<QualificationResult> {
    this.#assertAvailable();
    const now = this.#clock();
    const h = {
      referenceClassification: "2" as const,
      qualificationConfirmationDate: query.qualificationConfirmationDate ?? japanDate(now),
      medicalInstitutionCode: facility.medicalInstitutionCode,
      ...(query.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: query.arbitraryFileIdentifier } : {}),
    };
    const answer = this.registry.lookupInsuranceData(
      { insurerNumber: query.insurerNumber, insuredCardSymbol: query.insuredCardSymbol ?? "", insuredIdentificationNumber: query.insuredIdentificationNumber, ...(query.insuredBranchNumber !== undefined ? { insuredBranchNumber: query.insuredBranchNumber } : {}), birthdate: query.birthdate },
      h.qualificationConfirmationDate,
    );
    const id = `q_${randomPool().base64url(12)}`;
    const result = answeredResult(h, answer, { qualificationId: id, withLimitCertificate: query.limitApplicationCertificateRelatedConsFlg === true });
    await this.#accept({
      type: "qualified",
      at: now.getTime(),
      qualification: { id, facility: facility.medicalInstitutionCode, ...(answer.eligibility !== undefined ? { personId: answer.eligibility.personId } : {}), at: now.getTime(), counted: true, result },
    });
    return result;
  }

  /** The facility's own qualification with its consent, or undefined (also for another facility's). */
  getQualification(facility: Facility, id: string): QualificationResult | undefined {
    this.#assertAvailable();
    const entry = this.#state.qualifications.get(id);
    return entry === undefined || entry.facility !== facility.medicalInstitutionCode ? undefined : this.#view(entry);
  }

  /** A stored answer as the facility sees it: with its consent, and the cost-cap certificate when consented. */
  #view(entry: QualificationEntry): QualificationResult {
    const result: QualificationResult = { ...entry.result };
    if (entry.consent === undefined) return result;
    result.consent = entry.consent;
    if (entry.consent.limitApplicationCertificateRelatedConsFlg && result.insured !== undefined && entry.personId !== undefined) {
      const date = result.qualificationConfirmationDate;
      const eligibility = this.registry
        .eligibilitiesOf(entry.personId)
        .find((e) => e.insurer.number === result.insured?.insurerNumber && e.qualificationDate === result.insured.qualificationDate);
      if (eligibility !== undefined) result.insured = toInsuredRecord(eligibility, date, true);
    }
    return result;
  }

  /** Records the patient's consent on the facility's own answered qualification, once, with the service's time. */
  async recordConsent(facility: Facility, id: string, consent: ConsentInput): Promise<ConsentOutcome> {
    this.#assertAvailable();
    return this.#locks.run(`consent:${id}`, async () => {
      this.#assertAvailable();
      const entry = this.#state.qualifications.get(id);
      if (entry === undefined || entry.facility !== facility.medicalInstitutionCode) return { ok: false, code: "not-found" };
      if (entry.consent !== undefined) return { ok: false, code: "consent-already-recorded" };
      const now = this.#clock();
      const record: ConsentRecord = { ...consent, consentTime: now.toISOString() };
      await this.#accept({ type: "consent", at: now.getTime(), facility: facility.medicalInstitutionCode, qualificationId: id, consent: record });
      return { ok: true, result: this.#view(entry) };
    });
  }

  /** The facility's own usage counts. */
  usage(facility: Facility): UsageCounts {
    this.#assertAvailable();
    return { ...(this.#state.usage.get(facility.medicalInstitutionCode) ?? emptyUsage()) };
  }

  /** Usage over all facilities and per facility (admin). */
  allUsage(): { total: UsageCounts; facilities: Record<string, UsageCounts> } {
    this.#assertAvailable();
    return { total: { ...this.#state.total }, facilities: Object.fromEntries([...this.#state.usage].map(([code, counts]) => [code, { ...counts }])) };
  }

  /**
   * Registers a face-auth reader's public key (SPKI DER) for the facility (MODELLED). Re-registering the same key is
   * accepted; another key under the same ID is a conflict. Throws a TypeError when the key cannot be read.
   */
  async registerReader(facility: Facility, readerId: string, spki: Uint8Array): Promise<"created" | "unchanged" | "conflict"> {
    const publicKey = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    const encoded = Buffer.from(publicKey.export({ type: "spki", format: "der" })).toString("base64");
    this.#assertAvailable();
    return this.#locks.run(`reader:${facility.medicalInstitutionCode}:${readerId}`, async () => {
      this.#assertAvailable();
      const existing = this.#state.readers.get(facility.medicalInstitutionCode)?.get(readerId);
      if (existing !== undefined) return existing.spki === encoded ? "unchanged" : "conflict";
      await this.#accept({ type: "reader-registered", at: this.#clock().getTime(), facility: facility.medicalInstitutionCode, readerId, publicKey: encoded });
      return "created";
    });
  }

  /** The call-centre opt-out: the facility leaves the public phone-confirmed list (for good). */
  async optOut(facility: Facility): Promise<void> {
    this.#assertAvailable();
    await this.#locks.run(`opt-out:${facility.medicalInstitutionCode}`, async () => {
      this.#assertAvailable();
      if (this.#state.optedOut.has(facility.medicalInstitutionCode)) return;
      await this.#accept({ type: "opt-out", at: this.#clock().getTime(), facility: facility.medicalInstitutionCode });
    });
  }

  /** The public list: facilities with a successful phone read that have not opted out, in order of confirmation. */
  phoneConfirmedFacilities(): PhoneConfirmedFacility[] {
    this.#assertAvailable();
    return [...this.#state.phoneConfirmed]
      .filter(([code]) => !this.#state.optedOut.has(code))
      .sort((a, b) => a[1] - b[1])
      .map(([code, at]) => ({ medicalInstitutionCode: code, name: this.facilities.get(code)?.name ?? "", confirmedAt: new Date(at).toISOString() }));
  }

  /** MODELLED J-LIS feed: links a certificate serial to a persona, durably. */
  async registerLink(serialNumber: string, personaId: string, deviceKind: DeviceKind): Promise<void> {
    await this.#accept({ type: "link", at: this.#clock().getTime(), serialNumber, personaId, deviceKind });
  }

  /** MODELLED J-LIS feed: a user-authentication certificate revoked at `date`, durably. */
  async revoke(serialNumber: string, date: Date = this.#clock()): Promise<void> {
    await this.#accept({ type: "revocation", at: this.#clock().getTime(), serialNumber, date: date.getTime() });
  }

  /** Whether `token` is the admin token (compared as SHA-256 digests, in constant time). */
  isAdminToken(token: string): boolean {
    const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
    return timingSafeEqual(digest(token), digest(this.#adminToken));
  }

  /** Waits for pending journal writes and closes the journal. */
  async close(): Promise<void> {
    await this.#journal?.close();
  }
}
