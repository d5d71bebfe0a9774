import { fromHex } from "../apdu/hex.ts";

/** Application identifiers on the My Number Card (docs/domain/card-apdus.md "Applications"). */
export const Aid = {
  /** 公的個人認証AP (JPKI). */
  JPKI: fromHex("D392F000260100000001"),
  /** 券面事項入力補助AP (card-info input support). */
  CARD_INFO: fromHex("D3921000310001010408"),
  /** 券面AP (card face / 券面事項確認AP). */
  CARD_FACE: fromHex("D3921000310001010402"),
  /** 住基AP (resident registry). */
  JUKI: fromHex("D3921000310001010401"),
  /**
   * The GlobalPlatform issuer security domain: selecting it returns the card to the MF state (soltia48/myna-card
   * `src/mf.rs`, which uses it instead of SELECT MF).
   */
  ISSUER_SECURITY_DOMAIN: fromHex("A0000001510000"),
} as const;

/** Contact ATR of the My Number Card, T=1 (matched by OpenSC's jpki driver). */
export const MY_NUMBER_CARD_ATR = fromHex("3BE000FF8131FE4514");

/**
 * ATQB application data and protocol info of the My Number Card in a contactless field (ISO 14443 Type B), from which
 * PC/SC part 3 readers synthesise `3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F` — the ATR listed for the "Japanese JPKI card
 * (aka JINC card)" in pcsc-tools' smartcard_list.txt (Ludovic Rousseau; Debian pcsc-tools 1.6.2). The same list has a
 * second My Number Card variant with application data `00 00 41 E0` (same protocol info); which cards answer which is
 * not public.
 */
export const MY_NUMBER_CARD_ATQB = {
  applicationData: fromHex("000005E0"),
  protocolInfo: fromHex("B381A1"),
} as const;
