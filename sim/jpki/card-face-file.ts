/** EF identifiers of the 券面AP (券面事項確認AP). */
export const CardFaceFile = {
  ENTRIES: 0x0002,
  MY_NUMBER: 0x0005,
  /** 照合番号B: birth YYMMDD + expiry year + security code. */
  PIN_B: 0x0012,
  /** 照合番号A: the My Number. */
  PIN_A: 0x0013,
} as const;
