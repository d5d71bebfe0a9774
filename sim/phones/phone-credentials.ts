import { DEFAULT_CREDENTIALS, FOUR_DIGITS, SIGNING_PASSWORD } from "../cards/index.ts";

/**
 * The phone's own secrets, chosen when the card is added (separate from the card's). Never logged.
 * The iPhone has no PIN at the counter: its `authPin` is ignored.
 */
export interface PhoneCredentials {
  /** Android: the auth PIN typed on the reader (4 digits, 3 tries). */
  authPin: string;
  /** The phone's signing password (6–16 of A–Z and 0–9, 5 tries). */
  signPassword: string;
}

/** Fills missing fields with the test defaults (auth PIN `1234`, signing password `MYNA2025`). */
export function resolvePhoneCredentials(partial?: Partial<PhoneCredentials>): PhoneCredentials {
  return {
    authPin: partial?.authPin ?? DEFAULT_CREDENTIALS.authPin,
    signPassword: partial?.signPassword ?? DEFAULT_CREDENTIALS.signPassword,
  };
}

/** What is wrong with the credentials (without echoing them), or undefined when both have the right format. */
export function phoneCredentialsProblem(credentials: PhoneCredentials, needsAuthPin: boolean): string | undefined {
  if (needsAuthPin && !FOUR_DIGITS(credentials.authPin)) return "the phone's auth PIN must be 4 digits";
  if (!SIGNING_PASSWORD(credentials.signPassword)) return "the phone's signing password must be 6–16 characters of A–Z and 0–9";
  return undefined;
}
