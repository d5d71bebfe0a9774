/**
 * Object identifiers of the JPKI profile.
 *
 * Sources (public): the SAN otherName arc 1.2.392.200149.8.5.5.x as printed by `openssl x509 -ext subjectAltName`
 * on real 署名用電子証明書 and explained in J-LIS's 公的個人認証サービス プロファイル仕様書 (quoted in public notes),
 * the same table in a jsrsasign JPKI OID add-on (`jpki-pd-*`, `jpki-cp-*`) and in several open-source JPKI readers.
 * Values are UTF8String: birth date `EYYYYMMDD` (E = era 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和, 0 unknown),
 * sex `1` male / `2` female / `3` unknown, substitute-character maps one `0`/`1` per character.
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
  /**
   * Name in kana. MODELLED: the public profile has no kana entry, so this is a UUID-based OID (ITU-T X.667,
   * arc 2.25) minted for this simulator, never a JPKI value. It is only written when `nameKana` is given.
   */
  nameKana: "2.25.204437190871855040252219736250209984586",
  /** Certificate policy of signing certificates (jsrsasign add-on `jpki-cp-sign-class20`; real CAs vary the last arc). */
  signingPolicy: "1.2.392.200149.8.5.1.1.20",
  /** Certificate policy of user-authentication certificates (jsrsasign add-on `jpki-cp-auth-class30`). */
  authenticationPolicy: "1.2.392.200149.8.5.1.3.30",
} as const;
