/**
 * Object identifiers of the JPKI profile.
 *
 * Sources (public): the SAN otherName arc 1.2.392.200149.8.5.5.x as jpki/myna Go names it (`_go/libmyna/jpki_ap.go`,
 * `oidJPKICertificateName` … `AddrAlt`) and as a card-checked public table lists it (docs/domain/card-applications.md
 * "Signing certificate SAN OIDs"). Values are UTF8String: birth date `EYYYYMMDD` (E = era 1 明治, 2 大正, 3 昭和,
 * 4 平成, 5 令和, 0 unknown, then the Gregorian date), sex one ISO 5218 digit `1` male / `2` female / `9` not
 * applicable, substitute-character maps one `0`/`1` per character. No public source lists a kana entry, so the
 * simulator writes none: only these OIDs, nothing invented (an arc such as 2.25.<128-bit> breaks parsers).
 */
export const jpkiOids = {
  /** 氏名 (name). */
  name: "1.2.392.200149.8.5.5.1",
  /** 氏名代替文字の使用位置 (which characters of the name are substitutes). */
  nameSubstituteCharacters: "1.2.392.200149.8.5.5.2",
  /** 性別 (sex). */
  sex: "1.2.392.200149.8.5.5.3",
  /** 生年月日 (date of birth). */
  birthDate: "1.2.392.200149.8.5.5.4",
  /** 住所 (address). */
  address: "1.2.392.200149.8.5.5.5",
  /** 住所代替文字の使用位置 (which characters of the address are substitutes). */
  addressSubstituteCharacters: "1.2.392.200149.8.5.5.6",
  /** Certificate policy of signing certificates (jsrsasign add-on `jpki-cp-sign-class20`; real CAs vary the last arc). */
  signingPolicy: "1.2.392.200149.8.5.1.1.20",
  /** Certificate policy of user-authentication certificates (jsrsasign add-on `jpki-cp-auth-class30`). */
  authenticationPolicy: "1.2.392.200149.8.5.1.3.30",
} as const;
