/**
 * The person a certificate is issued to: the 基本4情報 (name, birth date, sex, address) that the signing
 * certificate carries. The user-authentication certificate carries none of it.
 */
export interface CertificateHolder {
  /** Name as on the residence record, family and given name separated by a full-width space U+3000 (e.g. "山田\u3000花子"). */
  name: string;
  /** Name in kana. Never written into a certificate: the public JPKI profile has no kana entry (see `jpki-oids.ts`). */
  nameKana?: string;
  /** Date of birth, `YYYY-MM-DD` (Gregorian). */
  birthDate: string;
  /** Sex as recorded. */
  sex: "male" | "female" | "other";
  /** Address, prefecture first, no postal code. */
  address: string;
}
