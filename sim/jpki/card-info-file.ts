/**
 * EF identifiers of the 券面事項入力補助AP, after soltia48/myna-card `src/ap/text.rs`, jpki/myna and jsapdu
 * `constants.ts` (docs/domain/card-applications.md "Card-info input support AP"). Each is also the EF's short identifier.
 */
export const CardInfoFile = {
  /** My Number `FF10 0C <12 digits>` + `FF FF` filler (17 bytes), behind the PIN or 照合番号A. */
  MY_NUMBER: 0x0001,
  /** Four facts `FF20 {DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex}`, behind the PIN or 照合番号B. */
  BASIC_FOUR: 0x0002,
  /** Integrity record `FF30 {DF31, DF32, DF33}` (the "AP signature"), behind the PIN or either 照合番号. */
  INTEGRITY: 0x0003,
  /** The AP's card-verifiable certificate `7F21`, free. */
  CERTIFICATE: 0x0004,
  /** AP basic information `FF40 {DF41, DF42, DF43}`, free. */
  AP_BASIC_INFO: 0x0005,
  /** Session-key encryption key `A1 {90, 91}`, behind the PIN or either 照合番号. */
  SESSION_KEY: 0x0006,
  /** The AP's own public key signed by the issuer `FF50 {DF51, DF52}`, behind the PIN or either 照合番号. */
  SIGNED_PUBLIC_KEY: 0x0007,
  /** Unidentified, 16 × FF. */
  UNKNOWN_0008: 0x0008,
  /** 券面事項入力補助用暗証番号, 4 digits. */
  PIN: 0x0011,
  /** A key EF blocked on every card examined. */
  BLOCKED_0012: 0x0012,
  /** The AP's own key, which signs a presence challenge without a credential. */
  CARD_KEY: 0x0013,
  /** 照合番号A: the My Number. */
  PIN_A: 0x0014,
  /** 照合番号B. */
  PIN_B: 0x0015,
} as const;
