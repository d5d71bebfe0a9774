import { DEFAULT_CREDENTIALS } from "../personas/index.ts";

/** The secrets a card is issued with. Never logged: traces redact them. */
export interface CardCredentials {
  /** 利用者証明用電子証明書の暗証番号: 4 digits, 3 tries. */
  authPin: string;
  /** 署名用電子証明書のパスワード: 6–16 of A–Z and 0–9, 5 tries. */
  signPassword: string;
  /** 券面事項入力補助用暗証番号: 4 digits, 3 tries (most people set it to the auth PIN). */
  cardInfoPin: string;
}

/** The default test credentials (sim/personas): auth PIN `1234`, signing password `MYNA2025`, card-info PIN = auth PIN. */
export { DEFAULT_CREDENTIALS };

/** Fills the missing fields from {@link DEFAULT_CREDENTIALS}; the card-info PIN follows the auth PIN unless given. */
export function resolveCredentials(partial?: Partial<CardCredentials>): CardCredentials {
  const authPin = partial?.authPin ?? DEFAULT_CREDENTIALS.authPin;
  return {
    authPin,
    signPassword: partial?.signPassword ?? DEFAULT_CREDENTIALS.signPassword,
    cardInfoPin: partial?.cardInfoPin ?? authPin,
  };
}
