/**
 * The test secrets every simulated card is issued with unless told otherwise — the one place they are written down.
 * Auth PIN (利用者証明用電子証明書の暗証番号) `1234`, signing password (署名用電子証明書のパスワード) `MYNA2025`, card-info PIN
 * (券面事項入力補助用暗証番号) the same as the auth PIN, as most people set it. A phone gets the card's unless told otherwise.
 * Never logged: traces redact them like any PIN.
 */
export const DEFAULT_CREDENTIALS = Object.freeze({
  authPin: "1234",
  signPassword: "MYNA2025",
  cardInfoPin: "1234",
} as const);
