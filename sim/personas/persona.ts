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

/** 照合番号B: birth date as YYMMDD + the card's expiry year + the security code (14 characters). */
export function collationNumberB(persona: Pick<Persona, "birthDate" | "cardExpiry" | "securityCode">): string {
  const birth = persona.birthDate.replaceAll("-", "").slice(2);
  return birth + persona.cardExpiry.slice(0, 4) + persona.securityCode;
}
