/**
 * EF identifiers of the 券面AP (券面事項確認AP), after soltia48/myna-card `src/ap/surface.rs` and jsapdu
 * `constants.ts` (docs/domain/card-applications.md "Card-face AP"). Each is also the EF's short identifier.
 */
export const CardFaceFile = {
  /** Age record `FF10 {DF11 birth YYYYMMDD, DF12 card key, DF13 signature}`, behind the birth-date key. */
  AGE_RECORD: 0x0001,
  /** Card face `FF20 {DF21 offsets, DF22 … DF2A}` with the photo, behind 照合番号A or B. */
  ENTRIES: 0x0002,
  /** AP basic information `FF30 {DF31 … DF35}`, free. */
  AP_BASIC_INFO: 0x0003,
  /** The AP's card-verifiable certificate `7F21`, free. */
  CERTIFICATE: 0x0004,
  /** The rendered My Number `FF40 {DF41 PNG, DF42 card key, DF43 signature}`, behind 照合番号A only. */
  MY_NUMBER: 0x0005,
  /** Unidentified, 16 × FF. */
  UNKNOWN_0006: 0x0006,
  /** Birth-date key: 和暦 YYMMDD. */
  PIN_BIRTH_DATE: 0x0011,
  /** 照合番号B: era birth YYMMDD + expiry year + security code. */
  PIN_B: 0x0012,
  /** 照合番号A: the My Number. */
  PIN_A: 0x0013,
  /** The AP's own key, which signs a presence challenge without a credential. */
  CARD_KEY: 0x001a,
} as const;
