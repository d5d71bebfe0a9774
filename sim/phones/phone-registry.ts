import type { CertificateKind, JpkiAuthority, RevocationReason } from "../pki/index.ts";
import { KeyStore } from "../pki/index.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { PhoneRecord, PhoneRecordStatus } from "./phone-record.ts";
import { provisionPhone } from "./phone-provisioning.ts";
import { PHONE_REQUIREMENTS, type PhoneRequirements } from "./phone-requirements.ts";
import type { ProvisionRequest, ProvisionResult } from "./provision-request.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../rules/index.ts";

/** The JPKI hotline for a lost or stolen phone (24 hours, every day): calling it is {@link PhoneRegistry.suspend}. */
export const LOST_PHONE_HOTLINE = "0120-95-0178";

/** Options of {@link PhoneRegistry}. */
export interface PhoneRegistryOptions {
  /** The authority that issues the phones' certificates (the same one as the cards'). */
  authority: JpkiAuthority;
  /** Key cache; default {@link KeyStore.shared}. */
  keyStore?: KeyStore;
  /** Time source for "now" when a request or action gives none; default the system clock. */
  clock?: Clock;
  /** OS and model minimums; default {@link PHONE_REQUIREMENTS}. */
  requirements?: PhoneRequirements;
  /** Rule switchboard (sim/rules; default every rule on): one phone per person, one person per phone, under 15. */
  rules?: RuleSwitchboard;
  /**
   * Publish the phones' revocations (superseded, suspended, lapsed with the card) to the authority's shared revocation
   * log, so a service in another process refuses them too (docs/domain/rules.md "Revocation"). Default off: only a
   * process whose phones a service elsewhere checks (`myna-hil attach`) publishes, so in-process runs, tests and
   * benchmarks leave the shared log alone. Needs an authority with a log (its key store on disk).
   */
  publishRevocations?: boolean;
}

/** The outcome of a hotline call. */
export type SuspendResult =
  | { readonly ok: true; readonly record: PhoneRecord }
  | { readonly ok: false; readonly reason: "unknown"; readonly message: string };

type Entry = { -readonly [K in keyof PhoneRecord]: PhoneRecord[K] };

const KINDS: readonly CertificateKind[] = ["auth", "sign"];

/**
 * The phones of one process and their life cycle: adding a card ({@link provision}), one phone per person (adding to a
 * new phone disables the old one and revokes its certificates), one person per phone, the lost-phone hotline
 * ({@link suspend}), and the phone's certificates following the card's ({@link onCardCertificateRevoked},
 * {@link checkCardCertificates}). Provisioning requests run one at a time.
 */
export class PhoneRegistry {
  readonly #authority: JpkiAuthority;
  readonly #keyStore: KeyStore;
  readonly #clock: Clock;
  readonly #requirements: PhoneRequirements;
  readonly #rules: RuleSwitchboard;
  readonly #publish: boolean;
  readonly #history: Entry[] = [];
  /** The latest entry of each person. */
  readonly #byPersona = new Map<string, Entry>();
  readonly #generations = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PhoneRegistryOptions) {
    this.#authority = options.authority;
    this.#keyStore = options.keyStore ?? KeyStore.shared();
    this.#clock = options.clock ?? systemClock;
    this.#requirements = options.requirements ?? PHONE_REQUIREMENTS;
    this.#rules = rulesOrDefault(options.rules);
    this.#publish = (options.publishRevocations ?? false) && options.authority.revocationLog !== undefined;
  }

  /**
   * Adds the card to the phone. Expected refusals come back as `{ ok: false, refusal }` with a reason code and a
   * message (see `ProvisionRefusalReason`). On success the phone holds its own keys and certificates, and the person's
   * previous phone, if any, is disabled (SELECT JPKI → `6A82`) with its certificates revoked (superseded).
   * A refusal because the card's certificate is revoked or expired also revokes the person's current phone's.
   */
  provision(request: ProvisionRequest): Promise<ProvisionResult> {
    const run = this.#queue.then(() => this.#provision(request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The hotline action for a lost phone, by persona ID or phone ID: the token is disabled (it answers as a phone without
   * the JPKI AP) and its certificates are revoked at the authority with reason keyCompromise (modelled: the authority
   * has no certificate hold, so a suspension is final; a found phone gets the card added again). Suspending a
   * suspended phone returns its record unchanged.
   */
  suspend(target: string, options?: { date?: Date }): SuspendResult {
    const entry = this.#byPersona.get(target) ?? this.#latestOfPhone(target);
    if (!entry || entry.status === "replaced") {
      return { ok: false, reason: "unknown", message: `no phone in use for "${target}"` };
    }
    if (entry.status !== "suspended") {
      entry.phone.disable("suspended");
      this.#retire(entry, "suspended", "keyCompromise", options?.date);
    }
    return { ok: true, record: { ...entry } };
  }

  /**
   * The card's certificate of `personaId` was revoked (or has expired): the phone's certificates are revoked too
   * (reason cessationOfOperation). The token keeps answering, so an online check sees the revoked certificate.
   * Returns the affected record, or undefined when the person has no active phone.
   */
  onCardCertificateRevoked(personaId: string, options?: { date?: Date }): PhoneRecord | undefined {
    const entry = this.#byPersona.get(personaId);
    if (!entry || entry.status !== "active") return undefined;
    this.#retire(entry, "card-certificate-invalid", "cessationOfOperation", options?.date);
    return { ...entry };
  }

  /**
   * Sweeps every active phone: where the card's certificate is revoked at the authority or expired at `at`
   * (default now), the phone's certificates are revoked ({@link onCardCertificateRevoked}). Returns the affected records.
   */
  checkCardCertificates(at?: Date): PhoneRecord[] {
    const when = at ?? this.#now();
    const affected: PhoneRecord[] = [];
    for (const entry of this.#byPersona.values()) {
      if (entry.status !== "active") continue;
      const invalid = KINDS.some((kind) => {
        const certificate = entry.cardCertificates[kind];
        return this.#authority.isRevoked(kind, certificate.serialNumber, certificate) || certificate.notAfter.getTime() < when.getTime();
      });
      const record = invalid ? this.onCardCertificateRevoked(entry.personaId, { date: when }) : undefined;
      if (record) affected.push(record);
    }
    return affected;
  }

  /** The person's latest phone record (any status), or undefined when the card was never added to a phone. */
  phoneOf(personaId: string): PhoneRecord | undefined {
    const entry = this.#byPersona.get(personaId);
    return entry ? { ...entry } : undefined;
  }

  /** The latest record of a phone, by phone ID. */
  recordOf(phoneId: string): PhoneRecord | undefined {
    const entry = this.#latestOfPhone(phoneId);
    return entry ? { ...entry } : undefined;
  }

  /** Every record, oldest first. */
  records(): PhoneRecord[] {
    return this.#history.map((entry) => ({ ...entry }));
  }

  async #provision(request: ProvisionRequest): Promise<ProvisionResult> {
    const persona = request.card.persona;
    const now = request.now ?? this.#now();
    const generation = (this.#generations.get(persona.id) ?? 0) + 1;
    const outcome = await provisionPhone(request, {
      authority: this.#authority,
      keyStore: this.#keyStore,
      requirements: this.#requirements,
      now,
      generation,
      rules: this.#rules,
    });
    if (!outcome.ok) {
      const reason = outcome.refusal.reason;
      if (reason === "card-certificate-revoked" || reason === "card-certificate-expired") this.onCardCertificateRevoked(persona.id, { date: now });
      return outcome;
    }
    this.#generations.set(persona.id, generation);
    const previous = this.#byPersona.get(persona.id);
    let replaced: PhoneRecord | undefined;
    // Rule hook "one-phone-per-person" (docs/domain/rules.md#one-phone-per-person): switched off, the old phone stays in use.
    if (previous && previous.status !== "replaced" && this.#rules.isOn("one-phone-per-person")) {
      previous.phone.disable("replaced");
      this.#retire(previous, "replaced", "superseded", now);
      replaced = { ...previous };
    }
    const { phone } = request;
    phone.install(outcome.installation);
    const { keys } = outcome.installation;
    const entry: Entry = {
      phone,
      phoneId: phone.id,
      personaId: persona.id,
      generation,
      status: "active",
      provisionedAt: now,
      changedAt: now,
      certificates: { auth: keys.authCertificate, sign: keys.signCertificate },
      cardCertificates: outcome.cardCertificates,
    };
    this.#history.push(entry);
    this.#byPersona.set(persona.id, entry);
    return replaced ? { ok: true, record: { ...entry }, replaced } : { ok: true, record: { ...entry } };
  }

  /**
   * Sets the status and revokes the phone's certificates (keeping an earlier revocation as it was), published to the
   * shared revocation log unless told otherwise (a service in another process then refuses them too).
   */
  #retire(entry: Entry, status: PhoneRecordStatus, reason: RevocationReason, date = this.#now()): void {
    for (const kind of KINDS) {
      const certificate = entry.certificates[kind];
      if (!this.#authority.isRevoked(kind, certificate.serialNumber)) {
        this.#authority.revoke(kind, certificate.serialNumber, { date, reason, ...(this.#publish ? { publish: true, notAfter: certificate.notAfter } : {}) });
      }
    }
    entry.status = status;
    entry.changedAt = date;
  }

  #latestOfPhone(phoneId: string): Entry | undefined {
    return this.#history.findLast((entry) => entry.phoneId === phoneId);
  }

  #now(): Date {
    return new Date(this.#clock());
  }
}
