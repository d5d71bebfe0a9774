import { eraBirthDate } from "./japanese-era.ts";

/**
 * The state of a persona's JPKI certificates at the reference date (the day the card is provisioned):
 * - `valid`: good for years;
 * - `expiring`: expires within the 3-month alert window before expiry;
 * - `expired-in-grace`: expired 2 months ago — a card still qualifies (3 months' grace), a phone does not;
 * - `expired`: expired more than 3 months ago — refused everywhere;
 * - `revoked`: revoked by the authority (失効).
 */
export type CertificateStatus = "valid" | "expiring" | "expired-in-grace" | "expired" | "revoked";

/** Sex as recorded on the card (券面: 男 / 女). */
export type Sex = "male" | "female" | "other";

/** A synthetic person holding a My Number Card. Every field is fiction; IDs are stable across versions. */
export interface Persona {
  /** Stable identifier, e.g. `P0001`. */
  id: string;
  /** Name in kanji (氏名). */
  name: string;
  /** Name in katakana (フリガナ). */
  nameKana: string;
  /** Birth date, `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  /** Address (住所). */
  address: string;
  /** My Number (個人番号), 12 digits with a valid check digit. */
  myNumber: string;
  /** The card's own expiry date (カードの有効期限), `YYYY-MM-DD`. */
  cardExpiry: string;
  /** The 4-digit security code printed on the card face (part of 照合番号B). */
  securityCode: string;
  /** The state of the JPKI certificates at the reference date. */
  certificateStatus: CertificateStatus;
}

/** Age in whole years on `at`. */
export function ageOn(persona: Pick<Persona, "birthDate">, at: Date): number {
  const [y, m, d] = persona.birthDate.split("-").map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * 照合番号B, 14 digits: the birth date as `YYMMDD` with YY the year within the Japanese era (和暦), the card's expiry
 * year (Gregorian `YYYY`) and the 4-digit security code printed on the card. soltia48/myna-card confirmed this form on a
 * card (`src/data.rs` `verification_code_b`: 1980-02-17, expiry 2035, code 2285 → `55021720352285`); see
 * docs/domain/card-applications.md "照合番号B — exact form".
 */
export function collationNumberB(persona: Pick<Persona, "birthDate" | "cardExpiry" | "securityCode">): string {
  return eraBirthDate(persona.birthDate) + persona.cardExpiry.slice(0, 4) + persona.securityCode;
}

/** The age from which a signing certificate (署名用電子証明書) is issued: a card issued to a child under 15 has none. */
export const SIGNING_CERTIFICATE_MINIMUM_AGE = 15;

/**
 * Whether a card issued to `persona` on `issuedOn` carries a signing certificate: only when the holder is 15 or over
 * on that day (docs/domain/card-apdus.md "Under-15 cards").
 */
export function holdsSigningCertificate(persona: Pick<Persona, "birthDate">, issuedOn: Date): boolean {
  return ageOn(persona, issuedOn) >= SIGNING_CERTIFICATE_MINIMUM_AGE;
}
