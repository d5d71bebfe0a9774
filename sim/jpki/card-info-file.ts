/** EF identifiers of the 券面事項入力補助AP. */
export const CardInfoFile = {
  MY_NUMBER: 0x0001,
  BASIC_FOUR: 0x0002,
  AP_BASIC_INFO: 0x0005,
  PIN: 0x0011,
} as const;
