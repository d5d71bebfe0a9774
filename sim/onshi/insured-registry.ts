import type { Eligibility } from "./eligibility.ts";
import { isInForce } from "./eligibility.ts";
import { japanDate } from "./japan-date.ts";
import { personaEligibilities } from "./persona-eligibility.ts";
import type { QualificationValidity } from "../contract/qualification-result.ts";

/** What the registry finds: the validity code and, except for 4 and 5, the eligibility it is about. */
export interface RegistryAnswer {
  validity: QualificationValidity;
  eligibility?: Eligibility;
}

/** An insurance-data query (ReferenceClassification 2): the numbers on a card or 資格確認書, and the birth date. */
export interface InsuranceDataQuery {
  insurerNumber: string;
  /** 記号; empty or absent when the card has none. */
  insuredCardSymbol?: string;
  insuredIdentificationNumber: string;
  /** 枝番; absent on cards issued without one (then family members may match together). */
  insuredBranchNumber?: string;
  /** YYYYMMDD. */
  birthdate: string;
}

const byStart = (a: Eligibility, b: Eligibility): number => (a.qualificationDate < b.qualificationDate ? -1 : a.qualificationDate > b.qualificationDate ? 1 : 0);
const cardKey = (insurer: string, symbol: string, number: string): string => `${insurer}|${symbol.trim()}|${number.trim()}`;

/**
 * The synthetic insured registry of the online qualification service (SYNTHETIC data: see `persona-eligibility.ts` for
 * which persona answers which case). The validity rules (MODELLED where the public codes leave it open):
 * by person (a card or phone read) — no eligibility at all: 4; one in force: 1, or 6 when its registration is pending;
 * none in force: the latest that started, 3 when a later one exists (starting after the date), else 2.
 * By insurance data — no match: 4; matches of more than one person: 5; else that person's matching eligibility:
 * in force 1/6; lost: 3 when the person has any later eligibility, else 2.
 */
export class InsuredRegistry {
  readonly #byPerson = new Map<string, Eligibility[]>();
  readonly #byCard = new Map<string, Eligibility[]>();

  /** @param eligibilities - the rows; each person's are kept in order of start. */
  constructor(eligibilities: readonly Eligibility[]) {
    for (const e of eligibilities) {
      const person = this.#byPerson.get(e.personId) ?? [];
      person.push(e);
      this.#byPerson.set(e.personId, person);
      const key = cardKey(e.insurer.number, e.insuredCardSymbol, e.insuredIdentificationNumber);
      const card = this.#byCard.get(key) ?? [];
      card.push(e);
      this.#byCard.set(key, card);
    }
    for (const list of this.#byPerson.values()) list.sort(byStart);
  }

  /** The registry of the built-in personas, relative to `referenceDate` (default: today in Japan). */
  static forBuiltInPersonas(referenceDate: Date = new Date()): InsuredRegistry {
    return new InsuredRegistry(personaEligibilities(japanDate(referenceDate)));
  }

  /** Every eligibility of a person, oldest first (empty when none). */
  eligibilitiesOf(personId: string): readonly Eligibility[] {
    return this.#byPerson.get(personId) ?? [];
  }

  /** The answer for a person identified by their certificate, on `date` (YYYYMMDD). */
  lookupPerson(personId: string, date: string): RegistryAnswer {
    const records = this.#byPerson.get(personId);
    if (records === undefined || records.length === 0) return { validity: "4" };
    let current: Eligibility | undefined;
    let latestStarted: Eligibility | undefined;
    for (const e of records) {
      if (e.qualificationDate > date) continue;
      latestStarted = e;
      if (isInForce(e, date)) current = e;
    }
    if (current !== undefined) return { validity: current.registrationPending === true ? "6" : "1", eligibility: current };
    if (latestStarted === undefined) return { validity: "4" };
    const started = latestStarted;
    const newer = records.some((e) => e.qualificationDate > started.qualificationDate);
    return { validity: newer ? "3" : "2", eligibility: started };
  }

  /** The answer for an insurance-data query on `date` (YYYYMMDD). */
  lookupInsuranceData(query: InsuranceDataQuery, date: string): RegistryAnswer {
    const candidates = this.#byCard.get(cardKey(query.insurerNumber, query.insuredCardSymbol ?? "", query.insuredIdentificationNumber)) ?? [];
    const branch = query.insuredBranchNumber?.trim() ?? "";
    const matches = candidates.filter((e) => e.birthdate === query.birthdate && (branch === "" || e.insuredBranchNumber === branch));
    const persons = new Set(matches.map((e) => e.personId));
    if (persons.size === 0) return { validity: "4" };
    if (persons.size > 1) return { validity: "5" };
    const ordered = [...matches].sort(byStart);
    const current = ordered.find((e) => isInForce(e, date));
    if (current !== undefined) return { validity: current.registrationPending === true ? "6" : "1", eligibility: current };
    const started = ordered.filter((e) => e.qualificationDate <= date).at(-1);
    if (started === undefined) return { validity: "4" };
    const newer = this.eligibilitiesOf(started.personId).some((e) => e.qualificationDate > started.qualificationDate);
    return { validity: newer ? "3" : "2", eligibility: started };
  }
}
